// The token endpoint integrated terminals get. It speaks the App Service managed-identity protocol
// (2019-08-01: GET ?resource=&api-version=, header X-IDENTITY-HEADER), so ManagedIdentityCredential and
// DefaultAzureCredential of any Azure SDK, in any language, get tokens for the account signed in to VS Code.
// Loopback only; every request must carry this window's secret. Plain Node: no `vscode` import.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EndpointToken {
  readonly token: string;
  readonly expiresOnTimestamp: number;
}

export interface TokenRequest {
  /** The resource or scope the caller asked for, normalised to a `.default` scope. */
  readonly scope: string;
  /** The process that asked, as far as the request tells: its User-Agent. */
  readonly userAgent: string;
}

export interface TokenEndpointOptions {
  /** Produces the token; a rejection becomes a 400 (unavailable) or 500 answer with its message. */
  readonly getToken: (request: TokenRequest) => Promise<EndpointToken>;
  /** Told of every answer, for the output channel. Never given the token. */
  readonly onRequest?: (event: { scope?: string; userAgent: string; status: number; reason?: string }) => void;
  /** How long one token request may take before the caller gets a 504. */
  readonly requestTimeoutMs?: number;
}

export interface RunningTokenEndpoint {
  /** The value for IDENTITY_ENDPOINT. */
  readonly endpoint: string;
  /** The value for IDENTITY_HEADER: this window's secret. */
  readonly secret: string;
  close(): Promise<void>;
}

const API_VERSION = '2019-08-01';

/** `https://management.azure.com` → `https://management.azure.com/.default`; a scope stays a scope. */
export function resourceToScope(resource: string): string {
  if (resource.endsWith('/.default')) return resource;
  return `${resource.replace(/\/+$/, '')}/.default`;
}

function secretsMatch(given: string | undefined, expected: Buffer): boolean {
  if (given === undefined) return false;
  const candidate = Buffer.from(given);
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}

function answer(response: http.ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  response.end(text);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no token within ${ms} ms`), { code: 'ETIMEDOUT' })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function startTokenEndpoint(options: TokenEndpointOptions): Promise<RunningTokenEndpoint> {
  const secret = randomBytes(32).toString('base64url');
  const expected = Buffer.from(secret);
  const timeoutMs = options.requestTimeoutMs ?? 120_000;

  const server = http.createServer((request, response) => {
    const userAgent = String(request.headers['user-agent'] ?? 'unknown');
    const report = (status: number, scope?: string, reason?: string) => options.onRequest?.({ scope, userAgent, status, reason });
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (!secretsMatch(request.headers['x-identity-header'] as string | undefined, expected)) {
      report(401, undefined, 'missing or wrong X-IDENTITY-HEADER');
      return answer(response, 401, { error: 'unauthorized', error_description: 'The X-IDENTITY-HEADER header is missing or wrong.' });
    }
    if (request.method !== 'GET' || url.pathname !== '/msi/token') {
      report(404, undefined, `${request.method} ${url.pathname}`);
      return answer(response, 404, { error: 'not_found', error_description: 'Use GET /msi/token.' });
    }
    const resource = url.searchParams.get('resource') ?? url.searchParams.get('scope');
    if (!resource) {
      report(400, undefined, 'no resource');
      return answer(response, 400, { error: 'invalid_request', error_description: 'The resource parameter is required.' });
    }
    const apiVersion = url.searchParams.get('api-version');
    if (apiVersion !== API_VERSION) {
      report(400, resource, `api-version ${apiVersion ?? '(none)'}`);
      return answer(response, 400, { error: 'invalid_request', error_description: `Only api-version=${API_VERSION} is supported.` });
    }
    // The terminal acts as the signed-in person, not as a user-assigned identity: refuse to pretend otherwise.
    for (const idParameter of ['client_id', 'object_id', 'mi_res_id', 'principal_id']) {
      if (url.searchParams.has(idParameter)) {
        report(400, resource, `${idParameter} given`);
        return answer(response, 400, {
          error: 'invalid_request',
          error_description: `This endpoint gives tokens for the account signed in to VS Code; ${idParameter} is not supported.`,
        });
      }
    }
    const scope = resourceToScope(resource);
    withTimeout(options.getToken({ scope, userAgent }), timeoutMs).then(
      (token) => {
        report(200, scope);
        answer(response, 200, {
          access_token: token.token,
          expires_on: String(Math.floor(token.expiresOnTimestamp / 1000)),
          resource,
          token_type: 'Bearer',
        });
      },
      (error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        const timedOut = (error as { code?: string })?.code === 'ETIMEDOUT';
        const status = timedOut ? 504 : 400;
        report(status, scope, reason);
        answer(response, status, { error: timedOut ? 'timeout' : 'unavailable', error_description: reason });
      },
    );
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = timeoutMs + 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/msi/token`,
    secret,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
