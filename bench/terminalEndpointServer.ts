// The server side of the terminal endpoint benchmark, in a process of its own so the load generator does not
// share its event loop: `node terminalEndpointServer.js ours|peer`.
// - ours: the real terminal endpoint (src/vscode/terminal) and its broker over the real AccountService, whose
//   one account (the emulator's service principal) holds a cached token from our library.
// - peer: a bare Node http server answering a fixed JSON body of the same shape and size: the limit for an
//   HTTP endpoint on this machine.
// Prints one line `READY <json>` with the port, path and header to use; exits when stdin closes.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ClientSecretCredential } from '../src/identity/index';
import { AccountService } from '../src/vscode/accounts/accountService';
import { MemorySecretStore } from '../src/vscode/accounts/secretStore';
import { DEFAULT_ALLOWED_RESOURCES, TerminalTokenBroker } from '../src/vscode/terminal/terminalTokenBroker';
import { startTokenEndpoint } from '../src/vscode/terminal/tokenEndpointServer';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_TENANT_ID } from '../test/emulator/defaults';

export const READY_PREFIX = 'READY ';
export const BENCH_RESOURCE = 'https://management.azure.com';

export interface BenchServer {
  readonly port: number;
  readonly path: string;
  readonly headers: Record<string, string>;
}

async function main(): Promise<void> {
  const which = process.argv[2];
  if (which !== 'ours' && which !== 'peer') throw new Error('usage: terminalEndpointServer.js ours|peer');
  const credential = new ClientSecretCredential(DEFAULT_TENANT_ID, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET);
  const scope = `${BENCH_RESOURCE}/.default`;
  const first = await credential.getToken(scope);
  const path = `/msi/token?resource=${encodeURIComponent(BENCH_RESOURCE)}&api-version=2019-08-01`;
  let ready: BenchServer;
  let close: () => Promise<void>;

  if (which === 'ours') {
    let handedOut = 0;
    const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const service = new AccountService({ secrets: new MemorySecretStore(), logger: quiet, prefetchTenants: false });
    await service.addAccount(
      {
        id: `environment:${DEFAULT_CLIENT_ID}.${DEFAULT_TENANT_ID}`,
        label: 'bench service principal',
        kind: 'servicePrincipal',
        method: 'environment',
        cloud: 'AzureCloud',
        authorityHost: 'https://login.microsoftonline.com',
        homeTenantId: DEFAULT_TENANT_ID,
        clientId: DEFAULT_CLIENT_ID,
        signedInAt: Date.now(),
        resourceManagerEndpoint: 'https://management.azure.com',
      },
      credential,
    );
    const broker = new TerminalTokenBroker({
      service,
      allowList: () => DEFAULT_ALLOWED_RESOURCES,
      ask: async () => 'deny',
      rememberAllowed: async () => undefined,
    });
    const endpoint = await startTokenEndpoint({
      getToken: (request) => broker.getToken(request),
      // What the extension's log hook costs when the level filters it out.
      onRequest: () => void handedOut++,
    });
    const secret = endpoint.addSecret({});
    ready = { port: endpoint.port, path, headers: { 'X-IDENTITY-HEADER': secret } };
    close = () => endpoint.close();
  } else {
    const body = JSON.stringify({ access_token: first.token, expires_on: String(Math.floor(first.expiresOnTimestamp / 1000)), resource: BENCH_RESOURCE, token_type: 'Bearer' });
    const length = Buffer.byteLength(body);
    const server = http.createServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': length, 'Cache-Control': 'no-store' });
      response.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ready = { port: (server.address() as AddressInfo).port, path, headers: {} };
    close = () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
  }
  process.stdout.write(`${READY_PREFIX}${JSON.stringify(ready)}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void close().then(() => process.exit(0)));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(1);
  });
}
