// Stand-ins for an IMDS that is there but silent: a TCP listener that accepts connections and never
// answers. Bound to a loopback address only (127.0.0.0/8 exists on lo in and out of the namespace).
import net from 'node:net';

export interface SilentListener {
  url: string;
  /** Connections accepted so far. */
  readonly connections: number;
  /** When (ms since epoch) each connection was closed by the client that gave up on it. */
  readonly closedAt: readonly number[];
  close(): Promise<void>;
}

export async function startSilentListener(host = '127.0.0.77'): Promise<SilentListener> {
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const closedAt: number[] = [];
  const server = net.createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => {
      closedAt.push(Date.now());
      sockets.delete(socket);
    });
    socket.on('error', () => undefined);
    // Read (and ignore) what arrives, so the client's close is noticed: a paused socket never ends.
    socket.resume();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const address = server.address() as net.AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    get connections() {
      return connections;
    },
    closedAt,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A loopback URL nothing listens on: connections are refused at once. */
export async function refusingUrl(host = '127.0.0.78'): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, host, () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://${host}:${port}`;
}
