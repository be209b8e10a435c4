// The library's one HTTP exchange: every request to Microsoft Entra ID (through MSAL's network module) and to
// a managed-identity endpoint is sent here. One request, bounded by a connect timeout and an overall timeout,
// cancellable, with a capped body, through the proxy the environment names, optionally pinned to a server
// certificate thumbprint (Service Fabric). Retries are http/retry.ts's business; this file sends once.
import type Http from 'node:http';
import type Https from 'node:https';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { AbortSignalLike } from '../types';
import { proxyFor, type ProxyTarget } from './proxy';
import { describeUrl } from './redact';

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: URL;
  headers: Record<string, string>;
  /** A POST body; sent as a form unless the headers name another content type. */
  body?: string;
}

export interface HttpResponse {
  status: number;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
}

export interface SendOptions {
  /** Milliseconds for the whole exchange, connection (and proxy tunnel) included. */
  timeoutInMs: number;
  /** Milliseconds to establish the TCP connection. Default: the overall timeout. */
  connectTimeoutInMs?: number;
  abortSignal?: AbortSignalLike;
  /**
   * Reuse keep-alive connections (the authority, asked many times). Default false: a fresh connection per
   * request, so nothing pooled outlives the call (local managed-identity endpoints answer in milliseconds).
   */
  pooled?: boolean;
  /**
   * Service Fabric serves a certificate no CA vouches for; its SHA-1 thumbprint (IDENTITY_SERVER_THUMBPRINT)
   * is what proves the endpoint. When set, the certificate is pinned to it instead of checked against CAs.
   */
  serverCertificateThumbprint?: string;
  /** Default 1 MiB. */
  maxBodyBytes?: number;
  /** Where HTTPS_PROXY / HTTP_PROXY / NO_PROXY are read. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** What the far end is, for messages: "the authority", "the IMDS endpoint". Default: its origin. */
  peer?: string;
}

export type HttpFailure = 'connect-timeout' | 'timeout' | 'unreachable' | 'refused' | 'dropped' | 'aborted' | 'certificate' | 'too-large' | 'proxy';

/** No HTTP response came back. `failure` says why, so callers can tell "absent" from "slow" from "dropped". */
export class HttpRequestError extends Error {
  readonly failure: HttpFailure;
  /** The socket error code (ECONNRESET, ECONNREFUSED, ...), when there was one. */
  readonly systemCode: string | undefined;

  constructor(failure: HttpFailure, message: string, options?: { cause?: unknown; systemCode?: string }) {
    super(message, { cause: options?.cause });
    this.name = 'HttpRequestError';
    this.failure = failure;
    this.systemCode = options?.systemCode;
  }
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

// Loaded on the first request: requiring the library must not pay for TLS it may never use. getBuiltinModule
// rather than import(), which would start Node's ES module loader too.
let httpModule: typeof Http | undefined;
let httpsModule: typeof Https | undefined;
let pooledAgents: { http: Http.Agent; https: Https.Agent } | undefined;

function modules(): { http: typeof Http; https: typeof Https } {
  httpModule ??= process.getBuiltinModule('node:http');
  httpsModule ??= process.getBuiltinModule('node:https');
  return { http: httpModule, https: httpsModule };
}

// Keep-alive sockets are unref'd by Node when idle, so they never hold a process open.
function pooledAgent(https: boolean): Http.Agent {
  const m = modules();
  pooledAgents ??= { http: new m.http.Agent({ keepAlive: true, maxSockets: 16 }), https: new m.https.Agent({ keepAlive: true, maxSockets: 16 }) };
  return https ? pooledAgents.https : pooledAgents.http;
}

/** Sends `request` once. Resolves with any HTTP response (the status is the caller's to judge). */
export async function sendRequest(request: HttpRequest, options: SendOptions): Promise<HttpResponse> {
  const peer = options.peer ?? request.url.origin;
  if (options.abortSignal?.aborted) throw new HttpRequestError('aborted', `The request to ${peer} was cancelled.`);
  const proxy = proxyFor(request.url, options.env ?? process.env);
  return new Promise<HttpResponse>((resolve, reject) => {
    new Exchange(request, options, peer, proxy, resolve, reject).start();
  });
}

/** One exchange's state: its timers, its abort listener, and the request once it exists. */
class Exchange {
  private settled = false;
  private req: Http.ClientRequest | undefined;
  private tunnel: Socket | undefined;
  private readonly connectTimer: NodeJS.Timeout;
  private readonly overallTimer: NodeJS.Timeout;
  private readonly isHttps: boolean;
  private readonly onAbort = (): void => this.fail(new HttpRequestError('aborted', `The request to ${this.peer} was cancelled.`));

  constructor(
    private readonly request: HttpRequest,
    private readonly options: SendOptions,
    private readonly peer: string,
    private readonly proxy: ProxyTarget | undefined,
    private readonly resolve: (response: HttpResponse) => void,
    private readonly reject: (error: HttpRequestError) => void,
  ) {
    this.isHttps = request.url.protocol === 'https:';
    const connectTimeout = options.connectTimeoutInMs ?? options.timeoutInMs;
    this.connectTimer = setTimeout(() => this.fail(new HttpRequestError('connect-timeout', `No connection to ${this.peer} within ${connectTimeout} ms.`)), connectTimeout);
    this.overallTimer = setTimeout(
      () => this.fail(new HttpRequestError('timeout', `${capitalize(this.peer)} did not answer within ${options.timeoutInMs} ms (${request.method} ${describeUrl(request.url)}).`)),
      options.timeoutInMs,
    );
    options.abortSignal?.addEventListener('abort', this.onAbort);
  }

  start(): void {
    if (this.proxy && this.isHttps) this.viaTunnel(this.proxy);
    else this.send(undefined);
  }

  /** HTTPS through a proxy: CONNECT host:port, then TLS to the real host inside the tunnel. */
  private viaTunnel(proxy: ProxyTarget): void {
    const { http } = modules();
    const target = `${this.request.url.hostname}:${this.request.url.port || 443}`;
    const connect = http.request({
      host: proxy.url.hostname,
      port: proxy.url.port || 80,
      method: 'CONNECT',
      path: target,
      headers: { host: target, ...(proxy.authorization ? { 'proxy-authorization': proxy.authorization } : {}) },
      agent: false,
    });
    this.req = connect;
    connect.on('socket', (socket: Socket) => socket.once('connect', () => clearTimeout(this.connectTimer)));
    connect.on('connect', (response: Http.IncomingMessage, socket: Socket) => {
      if (response.statusCode !== 200) {
        socket.destroy();
        this.fail(new HttpRequestError('proxy', `The proxy ${proxy.display} refused to tunnel to ${target} (HTTP ${response.statusCode}).`));
        return;
      }
      this.tunnel = socket;
      this.send(socket);
    });
    // Some proxies answer a refused CONNECT as an ordinary response rather than a tunnel.
    connect.on('response', (response: Http.IncomingMessage) => {
      response.resume();
      this.fail(new HttpRequestError('proxy', `The proxy ${proxy.display} refused to tunnel to ${target} (HTTP ${response.statusCode}).`));
    });
    connect.on('error', (error: NodeJS.ErrnoException) => {
      const classified = classify(error, `the proxy ${proxy.display}`);
      this.fail(new HttpRequestError(classified.failure === 'certificate' ? 'certificate' : 'proxy', `${classified.message} (HTTPS_PROXY)`, { cause: error, systemCode: error.code }));
    });
    connect.end();
  }

  private send(tunnel: Socket | undefined): void {
    if (this.settled) {
      tunnel?.destroy();
      return;
    }
    const { http, https } = modules();
    const { request, options } = this;
    const headers: Record<string, string> = { ...request.headers };
    if (request.body !== undefined) {
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/x-www-form-urlencoded';
      headers['Content-Length'] = String(Buffer.byteLength(request.body));
    }
    const pinned = options.serverCertificateThumbprint;
    const plainProxy = this.proxy && !this.isHttps ? this.proxy : undefined;
    if (plainProxy?.authorization) headers['Proxy-Authorization'] = plainProxy.authorization;
    const requestOptions: Https.RequestOptions = {
      method: request.method,
      headers,
      ...(this.isHttps && pinned ? { rejectUnauthorized: false } : {}),
    };
    let req: Http.ClientRequest;
    if (tunnel) {
      // Inside the tunnel: TLS to the real host, certificate checked against its name as usual. No agent, so
      // that Node uses this connection rather than one of its own.
      requestOptions.createConnection = () => {
        const tls = process.getBuiltinModule('node:tls');
        return tls.connect({ socket: tunnel, servername: request.url.hostname, rejectUnauthorized: !pinned });
      };
      req = https.request(request.url, requestOptions);
    } else if (plainProxy) {
      // Plain HTTP through a proxy: the absolute URL goes to the proxy.
      req = http.request({ ...requestOptions, host: plainProxy.url.hostname, port: plainProxy.url.port || 80, path: request.url.toString(), agent: false });
    } else {
      requestOptions.agent = options.pooled ? pooledAgent(this.isHttps) : false;
      req = (this.isHttps ? https : http).request(request.url, requestOptions);
    }
    this.req = req;
    req.on('response', (res) => this.read(res));
    req.on('socket', (socket: Socket) => this.watchSocket(socket, tunnel !== undefined));
    req.on('error', (error: NodeJS.ErrnoException) => {
      const classified = classify(error, this.peer);
      this.fail(new HttpRequestError(classified.failure, classified.message, { cause: error, systemCode: error.code }));
    });
    req.end(request.body);
  }

  private watchSocket(socket: Socket, tunnelled: boolean): void {
    const connected = (): void => clearTimeout(this.connectTimer);
    if (tunnelled) return; // the tunnel's TCP connection already stopped the connect timer
    // A pooled socket may be connected already; TCP connected is enough, the TLS handshake counts toward the overall timeout.
    if (!socket.connecting) connected();
    else socket.once('connect', connected);
    const pinned = this.options.serverCertificateThumbprint;
    if (this.isHttps && pinned) {
      socket.once('secureConnect', () => {
        if (!thumbprintMatches(socket as TLSSocket, pinned)) {
          this.fail(new HttpRequestError('certificate', `The certificate of ${this.peer} does not match IDENTITY_SERVER_THUMBPRINT.`));
        }
      });
    }
  }

  private read(res: Http.IncomingMessage): void {
    const limit = this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        this.fail(new HttpRequestError('too-large', `The response from ${this.peer} is larger than ${limit} bytes.`));
        return;
      }
      chunks.push(chunk);
    });
    res.on('end', () => this.succeed({ status: res.statusCode ?? 0, headers: flattenHeaders(res.headers), body: Buffer.concat(chunks).toString('utf8') }));
    res.on('error', (error: NodeJS.ErrnoException) =>
      this.fail(new HttpRequestError('dropped', `The connection to ${this.peer} dropped mid-response: ${error.message}`, { cause: error, systemCode: error.code ?? 'ECONNRESET' })),
    );
    res.on('aborted', () => this.fail(new HttpRequestError('dropped', `The connection to ${this.peer} dropped mid-response.`, { systemCode: 'ECONNRESET' })));
  }

  private cleanUp(): boolean {
    if (this.settled) return false;
    this.settled = true;
    clearTimeout(this.connectTimer);
    clearTimeout(this.overallTimer);
    this.options.abortSignal?.removeEventListener('abort', this.onAbort);
    return true;
  }

  private succeed(response: HttpResponse): void {
    if (!this.cleanUp()) return;
    this.tunnel?.destroy();
    this.resolve(response);
  }

  private fail(error: HttpRequestError): void {
    if (!this.cleanUp()) return;
    this.req?.destroy();
    this.tunnel?.destroy();
    this.reject(error);
  }
}

function thumbprintMatches(socket: TLSSocket, expected: string): boolean {
  const actual = socket.getPeerCertificate()?.fingerprint;
  if (!actual) return false;
  const normalize = (v: string): string => v.replace(/[^0-9a-f]/gi, '').toLowerCase();
  return normalize(actual) === normalize(expected);
}

function classify(error: NodeJS.ErrnoException, peer: string): { failure: HttpFailure; message: string } {
  switch (error.code) {
    case 'ECONNREFUSED':
      return { failure: 'refused', message: `${capitalize(peer)} refused the connection.` };
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
    case 'EHOSTDOWN':
    case 'ENETDOWN':
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { failure: 'unreachable', message: `${capitalize(peer)} cannot be reached (${error.code}).` };
    case 'ETIMEDOUT':
      return { failure: 'connect-timeout', message: `No connection to ${peer} (ETIMEDOUT).` };
    default:
      if (/certificate|self[- ]signed|CERT_/i.test(`${error.code ?? ''} ${error.message}`)) {
        return { failure: 'certificate', message: `The certificate of ${peer} is not trusted: ${error.message}` };
      }
      return { failure: 'dropped', message: `The connection to ${peer} failed: ${error.code ?? error.message}.` };
  }
}

function flattenHeaders(headers: Http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
