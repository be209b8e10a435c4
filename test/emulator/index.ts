// The local Entra ID emulator: startEmulator() listens on HTTPS (Entra v2.0 endpoints, a minimal ARM
// and the control API) and on plain HTTP (managed-identity endpoints). See README.md beside this file.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as netModule from 'node:net';
import type * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createCertificateAuthority, createServerCertificate, loadOrCreatePair, processRsaKeyPair } from './certificates';
import { EmulatorControl } from './control';
import type { HandlerContext } from './endpoints/context';
import { createArcHandler } from './endpoints/managedIdentity';
import { createRequestListener } from './pipeline';
import { EmulatorState } from './state';

export * from './types';
export { EmulatorControl } from './control';

export interface StartEmulatorOptions {
  /** HTTPS listen address; default '127.0.0.1'. */
  host?: string;
  /** HTTPS port; default 0 (a free port). The isolated test run uses 443. */
  port?: number;
  /**
   * The plain-HTTP listener for the IMDS / App Service / Cloud Shell / Arc / Azure ML endpoints; default
   * 127.0.0.1 on a free port; false for none. The isolated test run uses 169.254.169.254:80.
   */
  imds?: { host: string; port: number } | false;
  /** Reuse ca.pem / ca-key.pem in this directory when present, else create them there; default a fresh temp dir. */
  caDir?: string;
  /** Extra DNS names (or IP addresses) for the HTTPS certificate. */
  serverNames?: string[];
  /** Where the Arc endpoint writes its key files; default <caDir>/arc-tokens. MSAL insists on /var/opt/azcmagent/tokens on Linux. */
  arcKeyDirectory?: string;
  /**
   * Keep the token signing key and the refresh tokens here across restarts, so clients signed in before
   * stay signed in (`npm start`); default none.
   */
  stateDir?: string;
  /**
   * Also answer plain HTTP on the HTTPS port, with a redirect to the same path on this listener over HTTPS.
   * code-server opens a loopback URL an extension opens (the sign-in page) through its plain-HTTP port proxy,
   * `<code-server>/proxy/<port>/<path>`, which then reaches this port over HTTP. Default false.
   */
  redirectPlainHttp?: boolean;
}

export interface RunningEmulator {
  /** 'https://127.0.0.1:<port>': use it as the authority host. */
  readonly url: string;
  /** 'http://<host>:<port>' of the managed-identity listener, undefined when disabled. */
  readonly imdsUrl: string | undefined;
  /** url + '/_emulator' */
  readonly controlUrl: string;
  readonly caCertPath: string;
  readonly caCertPem: string;
  /** The control API, in-process. */
  readonly control: EmulatorControl;
  /** Closes the listeners and every open socket (including hung requests) promptly. */
  close(): Promise<void>;
}

/** Names the HTTPS certificate always covers, so every cloud's authority host can be pointed at the emulator. */
export const ALWAYS_SERVED_NAMES = [
  'localhost', '127.0.0.1', 'login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'sts.windows.net',
  'management.azure.com', 'management.core.windows.net', 'login.chinacloudapi.cn', 'login.partner.microsoftonline.cn',
  'login.microsoftonline.us', 'login.microsoftonline.de', 'management.usgovcloudapi.net', 'management.chinacloudapi.cn',
];

function listen(server: net.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // A deep backlog: benchmarks open 1,000 connections at once.
    server.listen({ host, port, backlog: 4096 }, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** Tracks sockets and timers so close() can end everything at once. */
class Lifetime {
  readonly sockets = new Set<net.Socket>();
  /** Pending timers and what to do when they are cancelled. */
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  closed = false;

  track(server: net.Server): void {
    server.on('connection', (socket: net.Socket) => {
      if (this.closed) {
        socket.destroy();
        return;
      }
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** Resolves true after `ms`, or false at once when the emulator closes first. */
  sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      if (this.closed) {
        resolve(false);
        return;
      }
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve(true);
      }, ms);
      this.timers.set(timer, () => resolve(false));
    });
  }

  end(): void {
    this.closed = true;
    for (const [timer, cancel] of this.timers) {
      clearTimeout(timer);
      cancel();
    }
    this.timers.clear();
    for (const socket of this.sockets) {
      socket.destroy();
    }
    this.sockets.clear();
  }
}

function closeServer(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** TLS records start with the handshake content type 0x16; an HTTP request starts with a method name. */
const TLS_HANDSHAKE = 0x16;

/**
 * One listening socket for both protocols: a TLS client goes to `httpsServer`, anything else gets a 308 to
 * the same path at `secureOrigin()` (308 keeps a POST a POST), as servers that redirect HTTP to HTTPS do.
 * The origin is the listener's own, not the request's Host: a proxy in front (code-server's) sends its own.
 */
function protocolSwitch(httpsServer: https.Server, secureOrigin: () => string): net.Server {
  const redirect = http.createServer((request, response) => {
    response.writeHead(308, { location: `${secureOrigin()}${request.url ?? '/'}`, connection: 'close', 'content-length': '0' });
    response.end();
  });
  return netModule.createServer({ pauseOnConnect: true }, (socket) => {
    socket.once('readable', function route() {
      const first: Buffer | null = socket.read(1);
      if (first === null) {
        // Closed before the first byte, or nothing buffered yet.
        if (!socket.destroyed && !socket.readableEnded) socket.once('readable', route);
        return;
      }
      socket.unshift(first);
      (first[0] === TLS_HANDSHAKE ? httpsServer : redirect).emit('connection', socket);
    });
  });
}

export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  // A temp CA directory the emulator made is its own to delete on close(); a given one is kept.
  const ownsCaDir = options.caDir === undefined;
  const caDir = options.caDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'entra-emulator-'));
  const { pair: ca, certPath: caCertPath } = loadOrCreatePair(caDir, 'ca', () => createCertificateAuthority(undefined, processRsaKeyPair('ca')));
  // loadOrCreatePair names the key ca-key.pem, the file name the contract promises.
  const serverNames = [...new Set([...ALWAYS_SERVED_NAMES, ...(options.serverNames ?? []), ...(host === '0.0.0.0' || host === '::' ? [] : [host])].map((n) => n.toLowerCase()))];
  const serverCertificate = createServerCertificate(ca, serverNames);
  const arcKeyDirectory = options.arcKeyDirectory ?? path.join(caDir, 'arc-tokens');
  const state = new EmulatorState({ caDir, stateDir: options.stateDir }, { signing: processRsaKeyPair('signing'), defaultClient: processRsaKeyPair('default-client') });
  const lifetime = new Lifetime();
  const arc = createArcHandler(arcKeyDirectory);

  const httpsServer = https.createServer({ key: serverCertificate.keyPem, cert: serverCertificate.certPem, minVersion: 'TLSv1.2' });
  lifetime.track(httpsServer);
  let url = '';
  const front = options.redirectPlainHttp ? protocolSwitch(httpsServer, () => url) : httpsServer;
  if (front !== httpsServer) {
    lifetime.track(front);
  }
  const port = await listen(front, host, options.port ?? 0);
  url = `https://${hostForUrl(host)}:${port}`;

  let imdsServer: http.Server | undefined;
  let imdsUrl: string | undefined;
  if (options.imds !== false) {
    const imdsHost = options.imds?.host ?? '127.0.0.1';
    imdsServer = http.createServer();
    lifetime.track(imdsServer);
    try {
      const imdsPort = await listen(imdsServer, imdsHost, options.imds?.port ?? 0);
      imdsUrl = `http://${hostForUrl(imdsHost)}:${imdsPort}`;
    } catch (error) {
      lifetime.end();
      await closeServer(front);
      throw error;
    }
  }

  const controlUrl = `${url}/_emulator`;
  const control = new EmulatorControl(state, { url, imdsUrl, controlUrl, caCertPath, arcKeyDirectory });
  const context: HandlerContext = { state, serverNames, url };
  const common = { context, control, arcHandler: arc.handler, sleep: (ms: number) => lifetime.sleep(ms) };
  httpsServer.on('request', createRequestListener({ ...common, scheme: 'https', listenerHost: `${hostForUrl(host)}:${port}` }));
  if (imdsServer && imdsUrl) {
    imdsServer.on('request', createRequestListener({ ...common, scheme: 'http', listenerHost: new URL(imdsUrl).host }));
  }

  let closing: Promise<void> | undefined;
  return {
    url, imdsUrl, controlUrl, caCertPath, caCertPem: ca.certPem, control,
    close() {
      closing ??= (async () => {
        const servers: net.Server[] = [front, ...(imdsServer ? [imdsServer] : [])];
        const closed = Promise.all(servers.map(closeServer));
        lifetime.end();
        arc.dispose();
        await closed;
        if (ownsCaDir) {
          fs.rmSync(caDir, { recursive: true, force: true });
        }
      })();
      return closing;
    },
  };
}
