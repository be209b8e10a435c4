// The loopback token endpoint integrated terminals get. One server speaks three protocols, so every Azure SDK
// and CLI finds a way in:
// - App Service 2019-08-01 (IDENTITY_ENDPOINT + IDENTITY_HEADER): GET ?resource=&api-version=2019-08-01, header
//   X-IDENTITY-HEADER. ManagedIdentityCredential/DefaultAzureCredential of every Azure SDK.
// - App Service 2017-09-01 (MSI_ENDPOINT + MSI_SECRET): GET ?resource=&api-version=2017-09-01, header `secret`.
//   Older SDKs, Python's Azure ML source, and the Azure CLI's webapp path.
// - The Azure Developer CLI's external authentication (AZD_AUTH_ENDPOINT + AZD_AUTH_KEY): POST /token with a
//   JSON body {scopes, tenantId}, header `Authorization: Bearer <key>`; every answer to a keyed caller is a 200
//   with {status: 'success' | 'error'} (azd reads any other status as a transport failure).
// Each secret is bound to what it may ask for: the window's secret follows the default account; a terminal made
// by "New Terminal for Account…" has its own secret bound to one account and tenant. Loopback only, Host header
// checked (DNS rebinding), bounded request size. Plain Node: no `vscode` import.
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type EndpointProtocol = 'appService2019' | 'appService2017' | 'azd';

/** What a secret may ask for: an account (undefined: the default account, whichever it is at the time) and tenant. */
export interface EndpointBinding {
  readonly accountId?: string;
  readonly tenantId?: string;
}

export interface EndpointToken {
  readonly token: string;
  readonly expiresOnTimestamp: number;
}

export interface EndpointTokenRequest {
  /** The scopes asked for: one `<resource>/.default` for the managed-identity protocols, any for azd. */
  readonly scopes: readonly string[];
  /** The resource the managed-identity caller named, as it named it (echoed in the answer). */
  readonly resource?: string;
  /** The tenant asked for: azd's tenantId, else the binding's. */
  readonly tenantId?: string;
  readonly binding: EndpointBinding;
  readonly protocol: EndpointProtocol;
  /** The process that asked, as far as the request tells: its User-Agent. */
  readonly userAgent: string;
}

/** Why no token: decides the status and the azd error code. The message is shown to the caller: no secrets. */
export type EndpointFailureKind = 'notSignedIn' | 'denied' | 'invalidRequest' | 'failed';

export class EndpointTokenError extends Error {
  constructor(readonly kind: EndpointFailureKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EndpointTokenError';
  }
}

/** Told of every answer, for the output channel. Never given a token or a secret. */
export interface EndpointRequestEvent {
  readonly protocol?: EndpointProtocol;
  readonly scopes?: readonly string[];
  readonly userAgent: string;
  readonly status: number;
  readonly reason?: string;
}

export interface TokenEndpointOptions {
  /**
   * Produces the token; an EndpointTokenError says why not, anything else is a `failed`. A token returned as
   * such (not a promise: a cached one) is answered at once, inside the request's own event.
   */
  readonly getToken: (request: EndpointTokenRequest) => EndpointToken | Promise<EndpointToken>;
  readonly onRequest?: (event: EndpointRequestEvent) => void;
  /** How long one token request may take (a consent prompt included) before the caller gets a timeout answer. */
  readonly requestTimeoutMs?: number;
  /** The port to listen on (a window reload re-binds the port its terminals know); 0 or absent: any free port. */
  readonly port?: number;
  /** Largest accepted request body (azd's JSON), in bytes. */
  readonly maxBodyBytes?: number;
}

export interface EndpointUrls {
  /** IDENTITY_ENDPOINT and MSI_ENDPOINT. */
  readonly managedIdentity: string;
  /** AZD_AUTH_ENDPOINT (azd appends /token). */
  readonly azd: string;
}

export interface RunningTokenEndpoint {
  readonly port: number;
  readonly urls: EndpointUrls;
  /** A new random secret bound to `binding`. */
  addSecret(binding: EndpointBinding): string;
  /** Accepts a secret made earlier (a window's secret kept across reloads) for `binding`. */
  restoreSecret(secret: string, binding: EndpointBinding): void;
  removeSecret(secret: string): void;
  /** Drops every secret and terminal whose binding names this account. */
  removeSecretsOf(accountId: string): void;
  /**
   * An account terminal: a random id that, appended to the endpoint URLs (`<managedIdentity>/<id>`,
   * `<azd>/<id>`) and sent with a valid secret, selects `binding`.
   */
  addTerminal(binding: EndpointBinding): string;
  removeTerminal(id: string): void;
  close(): Promise<void>;
}

export const APP_SERVICE_2019 = '2019-08-01';
export const APP_SERVICE_2017 = '2017-09-01';
export const AZD_API_VERSION = '2023-07-12-preview';
const MI_PATH = '/msi/token';
const AZD_PATH = '/azd/token';
/** `/msi/token`, `/msi/token/`, `/msi/token/<terminal id>`, `/msi/token/<terminal id>/`. */
const MI_ROUTE = /^\/msi\/token(?:\/([A-Za-z0-9_-]{16,64}))?\/?$/;
/** `/azd/token`, `/azd/<terminal id>/token`. */
const AZD_ROUTE = /^\/azd(?:\/([A-Za-z0-9_-]{16,64}))?\/token$/;
const MAX_URL_LENGTH = 4096;
/** Every answer says it is this endpoint: a reloading window tells its previous endpoint from another program. */
export const ENDPOINT_HEADER = 'X-Azure-Identity-Endpoint';
const ENDPOINT_HEADER_VALUE = '1';

/**
 * True when the program listening on 127.0.0.1:`port` is a token endpoint of this extension (the previous
 * window's, still shutting down): it answers a request with ENDPOINT_HEADER. Anything else, or no answer
 * within `timeoutMs`, is false.
 */
export function isTokenEndpointAt(port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: MI_PATH, headers: { Host: `127.0.0.1:${port}` }, agent: false }, (response) => {
      response.resume();
      resolve(response.headers[ENDPOINT_HEADER.toLowerCase()] === ENDPOINT_HEADER_VALUE);
    });
    request.on('error', () => resolve(false));
    request.setTimeout(timeoutMs, () => {
      request.destroy();
      resolve(false);
    });
  });
}
/** Parameters that select a user-assigned identity: the terminal acts as the signed-in person only. */
const IDENTITY_PARAMETERS = ['client_id', 'clientid', 'object_id', 'principal_id', 'mi_res_id', 'msi_res_id'] as const;

/**
 * The query's parameters, first occurrence of each, decoded as URLSearchParams decodes them (`+` is a space;
 * a malformed escape stays as written). A plain loop: URLSearchParams costs more than the rest of a request.
 */
export function parseQuery(query: string): Map<string, string> {
  const parameters = new Map<string, string>();
  let start = 0;
  while (start <= query.length) {
    let end = query.indexOf('&', start);
    if (end < 0) end = query.length;
    if (end > start) {
      const equals = query.indexOf('=', start);
      const nameEnd = equals < 0 || equals > end ? end : equals;
      const name = decodeQueryPart(query.slice(start, nameEnd));
      if (!parameters.has(name)) parameters.set(name, nameEnd === end ? '' : decodeQueryPart(query.slice(nameEnd + 1, end)));
    }
    start = end + 1;
  }
  return parameters;
}

function decodeQueryPart(part: string): string {
  const spaced = part.includes('+') ? part.replace(/\+/g, ' ') : part;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    // A malformed escape: exactly what URLSearchParams makes of it (rare, so its cost does not matter here).
    return new URLSearchParams(`x=${part.replace(/&/g, '%26').replace(/=/g, '%3D')}`).get('x') ?? '';
  }
}

/** A fresh secret: 32 random bytes, base64url (43 characters, safe in a header and an environment variable). */
export function newEndpointSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** `https://management.azure.com` → `https://management.azure.com/.default`; a scope stays a scope. */
export function resourceToScope(resource: string): string {
  if (resource.endsWith('/.default')) return resource;
  return `${resource.replace(/\/+$/, '')}/.default`;
}

/** Secrets are looked up by their SHA-256, so the lookup's timing says nothing about a secret's characters. */
function secretKey(secret: string): string {
  return createHash('sha256').update(secret).digest('base64');
}

/** A request whose Host is not this loopback endpoint came through a name that resolves here: DNS rebinding. */
function hostAllowed(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}` || host === `[::1]:${port}`;
}

function send(response: http.ServerResponse, status: number, text: string): void {
  sendText(response, status, text, Buffer.byteLength(text));
}

function sendText(response: http.ServerResponse, status: number, text: string, length: number): void {
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': length, 'Cache-Control': 'no-store', [ENDPOINT_HEADER]: ENDPOINT_HEADER_VALUE });
  response.end(text);
}

function sendJson(response: http.ServerResponse, status: number, body: object): void {
  send(response, status, JSON.stringify(body));
}

/** The managed-identity protocols' error shape; azd has its own (`azdError`). */
function miError(response: http.ServerResponse, status: number, error: string, description: string): void {
  sendJson(response, status, { error, error_description: description });
}

function azdError(response: http.ServerResponse, code: 'GetTokenError' | 'NotSignedInError', message: string): void {
  sendJson(response, 200, { status: 'error', code, message });
}

function statusOf(kind: EndpointFailureKind): number {
  switch (kind) {
    case 'notSignedIn':
    case 'invalidRequest':
      return 400;
    case 'denied':
      return 403;
    case 'failed':
      return 500;
  }
}

function asEndpointError(error: unknown): EndpointTokenError {
  if (error instanceof EndpointTokenError) return error;
  return new EndpointTokenError('failed', error instanceof Error ? error.message : String(error), { cause: error });
}

/** The answer for a caller that named a user-assigned identity: which variable made it do that, and what to do. */
export function identityParameterMessage(parameter: string): string {
  const variable = parameter === 'clientid' || parameter === 'client_id' ? 'AZURE_CLIENT_ID (or DEFAULT_IDENTITY_CLIENT_ID)' : 'a user-assigned identity option';
  return (
    `This endpoint gives tokens for the account signed in to VS Code (Azure Identity), not for a user-assigned managed identity, ` +
    `but the request names one (${parameter}). Azure SDKs send ${parameter} when ${variable} is set in this terminal: ` +
    `unset it (\`unset AZURE_CLIENT_ID\`) or stop passing a managed identity client id to use your VS Code account, ` +
    `or run the program where that managed identity exists.`
  );
}

export async function startTokenEndpoint(options: TokenEndpointOptions): Promise<RunningTokenEndpoint> {
  const timeoutMs = options.requestTimeoutMs ?? 120_000;
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 1024;
  const bindings = new Map<string, EndpointBinding>();
  const onRequest = options.onRequest;
  let port = 0;

  const handle = (request: http.IncomingMessage, response: http.ServerResponse) => {
    const userAgent = request.headers['user-agent'] ?? 'unknown';
    const report = (status: number, protocol?: EndpointProtocol, scopes?: readonly string[], reason?: string) =>
      onRequest?.({ protocol, scopes, userAgent, status, reason });

    if (!hostAllowed(request.headers.host, port)) {
      report(403, undefined, undefined, `Host ${request.headers.host ?? '(none)'} refused`);
      return miError(response, 403, 'forbidden', 'This endpoint answers only requests addressed to its loopback address.');
    }
    // Browsers send Origin; SDKs and CLIs do not. A page must never reach the endpoint, even with a secret.
    if (request.headers.origin !== undefined) {
      report(403, undefined, undefined, 'request from a browser page (Origin) refused');
      return miError(response, 403, 'forbidden', 'Requests from web pages are refused.');
    }
    const rawUrl = request.url ?? '/';
    if (rawUrl.length > MAX_URL_LENGTH) {
      report(414, undefined, undefined, 'URL too long');
      return miError(response, 414, 'invalid_request', 'The request URL is too long.');
    }
    const queryAt = rawUrl.indexOf('?');
    const path = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
    const query = parseQuery(queryAt < 0 ? '' : rawUrl.slice(queryAt + 1));

    // An account terminal's URLs carry its binding id: /msi/token/<id>[/] and /azd/<id>/token.
    const mi = MI_ROUTE.exec(path);
    if (mi) return managedIdentity(request, response, query, userAgent, report, mi[1]);
    const azdRoute = AZD_ROUTE.exec(path);
    if (azdRoute) return azd(request, response, query, userAgent, report, azdRoute[1]);
    report(404, undefined, undefined, `${request.method ?? ''} ${path}`);
    miError(response, 404, 'not_found', `Use GET ${MI_PATH} (managed identity) or POST ${AZD_PATH} (azd).`);
  };

  type Report = (status: number, protocol?: EndpointProtocol, scopes?: readonly string[], reason?: string) => void;

  // A kept-alive connection sends the same secret with every request: remember, per socket, the secret it has
  // proved and the key it hashed to. Only a socket that already presented the secret is compared against it,
  // so the plain comparison tells a caller nothing it did not know.
  const proved = new WeakMap<Socket, { readonly secret: string; readonly key: string }>();
  const bindingFor = (request: http.IncomingMessage, secret: string | string[] | undefined): EndpointBinding | undefined => {
    if (typeof secret !== 'string' || secret === '') return undefined;
    const known = proved.get(request.socket);
    if (known !== undefined && known.secret === secret) return bindings.get(known.key);
    const key = secretKey(secret);
    const binding = bindings.get(key);
    if (binding !== undefined) proved.set(request.socket, { secret, key });
    return binding;
  };

  // Account terminals: the window's variables with the terminal's id appended to the URLs (VS Code lets a
  // terminal's own environment extend what the window's collection prepends, but not replace it).
  const terminalBindings = new Map<string, EndpointBinding>();
  /** A valid secret, and for an account terminal's URL its binding; an unknown terminal id gets nothing. */
  const forTerminal = (binding: EndpointBinding | undefined, terminalId: string | undefined): EndpointBinding | undefined =>
    binding === undefined || terminalId === undefined ? binding : terminalBindings.get(terminalId);

  // The last answer per resource: a cached token is the same object request after request, so its JSON (the
  // largest part of a request's work) is built once. Holds nothing getToken did not just hand out again.
  const bodies = new Map<string, { readonly token: EndpointToken; readonly text: string; readonly length: number }>();
  const answerBody = (resource: string, token: EndpointToken) => {
    const last = bodies.get(resource);
    if (last !== undefined && last.token === token) return last;
    const text = JSON.stringify({ access_token: token.token, expires_on: String(Math.floor(token.expiresOnTimestamp / 1000)), resource, token_type: 'Bearer' });
    const body = { token, text, length: Buffer.byteLength(text) };
    if (bodies.size >= 64) bodies.clear();
    bodies.set(resource, body);
    return body;
  };

  // One sweeping timer bounds every request in flight, instead of a timer and a race per request.
  const inFlight = new Set<{ readonly deadline: number; settled: boolean; readonly expire: () => void }>();
  const sweeper = setInterval(() => {
    const now = Date.now();
    for (const entry of inFlight) {
      if (entry.deadline > now) continue;
      inFlight.delete(entry);
      entry.settled = true;
      entry.expire();
    }
  }, Math.min(1_000, timeoutMs));
  sweeper.unref();
  const timeoutError = () => new EndpointTokenError('failed', `No token within ${Math.round(timeoutMs / 1000)} s (was a prompt in VS Code left unanswered?).`);

  /**
   * Runs the token request; exactly one of `done` and `failed` is called, `failed` also on timeout. A token
   * given at once (cached) is answered at once: no promise, no timer entry, the answer written in this event.
   */
  const fetchToken = (request: EndpointTokenRequest, done: (token: EndpointToken) => void, failed: (error: EndpointTokenError) => void): void => {
    let result: EndpointToken | Promise<EndpointToken>;
    try {
      result = options.getToken(request);
    } catch (error) {
      return failed(asEndpointError(error));
    }
    if (typeof (result as Partial<PromiseLike<EndpointToken>>).then !== 'function') return done(result as EndpointToken);
    const pending = result as Promise<EndpointToken>;
    const entry = { deadline: Date.now() + timeoutMs, settled: false, expire: () => failed(timeoutError()) };
    inFlight.add(entry);
    pending.then(
      (token) => {
        if (entry.settled) return;
        entry.settled = true;
        inFlight.delete(entry);
        done(token);
      },
      (error: unknown) => {
        if (entry.settled) return;
        entry.settled = true;
        inFlight.delete(entry);
        failed(asEndpointError(error));
      },
    );
  };

  const managedIdentity = (request: http.IncomingMessage, response: http.ServerResponse, query: ReadonlyMap<string, string>, userAgent: string, report: Report, terminalId: string | undefined) => {
    const apiVersion = query.get('api-version');
    const protocol: EndpointProtocol | undefined = apiVersion === APP_SERVICE_2019 ? 'appService2019' : apiVersion === APP_SERVICE_2017 ? 'appService2017' : undefined;
    const binding = forTerminal(bindingFor(request, protocol === 'appService2017' ? request.headers.secret : request.headers['x-identity-header']), terminalId);
    if (!binding) {
      report(401, protocol, undefined, 'missing or wrong secret header');
      return miError(response, 401, 'unauthorized', 'The X-IDENTITY-HEADER (or, for 2017-09-01, secret) header is missing or wrong.');
    }
    if (request.method !== 'GET') {
      report(405, protocol, undefined, `method ${request.method ?? ''}`);
      return miError(response, 405, 'invalid_request', `Use GET ${MI_PATH}.`);
    }
    if (!protocol) {
      report(400, undefined, undefined, `api-version ${apiVersion ?? '(none)'}`);
      return miError(response, 400, 'invalid_request', `Use api-version=${APP_SERVICE_2019} (IDENTITY_ENDPOINT) or ${APP_SERVICE_2017} (MSI_ENDPOINT).`);
    }
    const resource = query.get('resource') ?? query.get('scope');
    if (!resource) {
      report(400, protocol, undefined, 'no resource');
      return miError(response, 400, 'invalid_request', 'The resource parameter is required.');
    }
    for (const parameter of IDENTITY_PARAMETERS) {
      if (query.has(parameter)) {
        report(400, protocol, [resource], `${parameter} given`);
        return miError(response, 400, 'invalid_request', identityParameterMessage(parameter));
      }
    }
    const scopes = [resourceToScope(resource)];
    fetchToken(
      { scopes, resource, tenantId: binding.tenantId, binding, protocol, userAgent },
      (token) => {
        report(200, protocol, scopes);
        const body = answerBody(resource, token);
        sendText(response, 200, body.text, body.length);
      },
      (failure) => {
        const status = statusOf(failure.kind);
        report(status, protocol, scopes, failure.message);
        miError(response, status, failure.kind === 'denied' ? 'access_denied' : failure.kind === 'notSignedIn' ? 'not_signed_in' : 'unavailable', failure.message);
      },
    );
  };

  const azd = (request: http.IncomingMessage, response: http.ServerResponse, query: ReadonlyMap<string, string>, userAgent: string, report: Report, terminalId: string | undefined) => {
    const authorization = request.headers.authorization;
    const binding = forTerminal(typeof authorization === 'string' && authorization.startsWith('Bearer ') ? bindingFor(request, authorization.slice(7)) : undefined, terminalId);
    if (!binding) {
      report(401, 'azd', undefined, 'missing or wrong Authorization');
      return miError(response, 401, 'unauthorized', 'The Authorization: Bearer <AZD_AUTH_KEY> header is missing or wrong.');
    }
    if (request.method !== 'POST') {
      report(405, 'azd', undefined, `method ${request.method ?? ''}`);
      return miError(response, 405, 'invalid_request', `Use POST ${AZD_PATH}.`);
    }
    if (query.get('api-version') !== AZD_API_VERSION) {
      report(400, 'azd', undefined, `api-version ${query.get('api-version') ?? '(none)'}`);
      return miError(response, 400, 'invalid_request', `Only api-version=${AZD_API_VERSION} is supported.`);
    }
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > maxBodyBytes) {
      report(413, 'azd', undefined, `body of ${declared} bytes`);
      response.setHeader('Connection', 'close');
      return miError(response, 413, 'invalid_request', `The request body is larger than ${maxBodyBytes} bytes.`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    request.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > maxBodyBytes) {
        refused = true;
        report(413, 'azd', undefined, 'body too large');
        response.setHeader('Connection', 'close');
        miError(response, 413, 'invalid_request', `The request body is larger than ${maxBodyBytes} bytes.`);
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (refused) return;
      let scopes: string[];
      let tenantId: string | undefined;
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { scopes?: unknown; tenantId?: unknown };
        if (!Array.isArray(body.scopes) || body.scopes.length === 0 || !body.scopes.every((s) => typeof s === 'string' && s !== '')) {
          throw new Error('scopes must be a non-empty array of strings');
        }
        if (body.tenantId !== undefined && body.tenantId !== '' && typeof body.tenantId !== 'string') throw new Error('tenantId must be a string');
        scopes = body.scopes as string[];
        tenantId = (body.tenantId as string | undefined) || binding.tenantId;
      } catch (error) {
        const reason = `The request body must be JSON {"scopes": [...], "tenantId": "..."}: ${error instanceof Error ? error.message : String(error)}.`;
        report(400, 'azd', undefined, reason);
        return azdError(response, 'GetTokenError', reason);
      }
      fetchToken(
        { scopes, tenantId, binding, protocol: 'azd', userAgent },
        (token) => {
          report(200, 'azd', scopes);
          sendJson(response, 200, { status: 'success', token: token.token, expiresOn: new Date(token.expiresOnTimestamp).toISOString() });
        },
        (failure) => {
          // azd gets a 200 with status "error" (see the top of this file); the log says what really happened.
          report(statusOf(failure.kind), 'azd', scopes, failure.message);
          azdError(response, failure.kind === 'notSignedIn' ? 'NotSignedInError' : 'GetTokenError', failure.message);
        },
      );
    });
  };

  // No Host is answered by our own refusal (JSON, logged), not Node's bare 400.
  const server = http.createServer({ maxHeaderSize: 16 * 1024, keepAliveTimeout: 30_000, requireHostHeader: false }, handle);
  server.headersTimeout = 10_000;
  server.requestTimeout = timeoutMs + 5_000;
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  return {
    port,
    urls: { managedIdentity: `${base}${MI_PATH}`, azd: `${base}/azd` },
    addSecret: (binding) => {
      const secret = newEndpointSecret();
      bindings.set(secretKey(secret), binding);
      return secret;
    },
    restoreSecret: (secret, binding) => {
      if (secret.length < 32) throw new Error('An endpoint secret must be at least 32 characters.');
      bindings.set(secretKey(secret), binding);
    },
    removeSecret: (secret) => {
      bindings.delete(secretKey(secret));
    },
    removeSecretsOf: (accountId) => {
      bodies.clear();
      for (const [key, binding] of bindings) if (binding.accountId === accountId) bindings.delete(key);
      for (const [id, binding] of terminalBindings) if (binding.accountId === accountId) terminalBindings.delete(id);
    },
    addTerminal: (binding) => {
      const id = randomBytes(18).toString('base64url');
      terminalBindings.set(id, binding);
      return id;
    },
    removeTerminal: (id) => {
      terminalBindings.delete(id);
    },
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(sweeper);
        bodies.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
