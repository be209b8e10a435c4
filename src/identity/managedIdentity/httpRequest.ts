// The managed-identity endpoints' HTTP client: one request, bounded by a connect timeout and an overall
// timeout, cancellable, with a capped body. Local endpoints (IMDS, App Service, Arc) answer in milliseconds,
// so nothing here waits long, and a socket that never answers is destroyed rather than left open.
import type http from 'node:http';
import type https from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { AbortSignalLike } from '../types';

export interface EndpointRequest {
  method: 'GET' | 'POST';
  url: URL;
  headers: Record<string, string>;
  /** A form body (POST only). */
  body?: string;
}

export interface EndpointResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface EndpointRequestOptions {
  /** Milliseconds to establish the TCP connection. */
  connectTimeoutInMs: number;
  /** Milliseconds for the whole exchange, connection included. */
  timeoutInMs: number;
  abortSignal?: AbortSignalLike;
  /**
   * Service Fabric serves a certificate no CA vouches for; its SHA-1 thumbprint (IDENTITY_SERVER_THUMBPRINT)
   * is what proves the endpoint. When set, the certificate is pinned to it instead of checked against CAs.
   */
  serverCertificateThumbprint?: string;
}

export type EndpointFailure = 'connect-timeout' | 'timeout' | 'unreachable' | 'refused' | 'dropped' | 'aborted' | 'certificate' | 'too-large';

/** No HTTP response came back. `failure` says why, so callers can tell "absent" from "slow". */
export class EndpointRequestError extends Error {
  readonly failure: EndpointFailure;

  constructor(failure: EndpointFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EndpointRequestError';
    this.failure = failure;
  }
}

const MAX_BODY_BYTES = 256 * 1024;

// Loaded on the first request: importing the library must not pay for TLS it may never use. Loaded with
// getBuiltinModule, not import(), which would start Node's ES module loader too: milliseconds on the IMDS probe.
let httpModule: typeof http | undefined;
let httpsModule: typeof https | undefined;

export async function sendEndpointRequest(request: EndpointRequest, options: EndpointRequestOptions): Promise<EndpointResponse> {
  const target = `${request.url.protocol}//${request.url.host}`;
  const isHttps = request.url.protocol === 'https:';
  const transport = isHttps ? (httpsModule ??= process.getBuiltinModule('node:https')) : (httpModule ??= process.getBuiltinModule('node:http'));
  if (options.abortSignal?.aborted) {
    throw new EndpointRequestError('aborted', `The request to ${target} was cancelled.`);
  }
  return new Promise<EndpointResponse>((resolve, reject) => {
    const headers: Record<string, string> = { ...request.headers };
    if (request.body !== undefined) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      headers['Content-Length'] = String(Buffer.byteLength(request.body));
    }
    const pinned = options.serverCertificateThumbprint;
    const requestOptions: https.RequestOptions = {
      method: request.method,
      headers,
      // A fresh connection per request: nothing pooled outlives the call or keeps a process alive.
      agent: false,
      ...(isHttps && pinned ? { rejectUnauthorized: false } : {}),
    };
    let settled = false;
    const settle = (error: EndpointRequestError | undefined, response?: EndpointResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      clearTimeout(overallTimer);
      options.abortSignal?.removeEventListener('abort', onAbort);
      if (error) {
        req.destroy();
        reject(error);
      } else if (response) {
        resolve(response);
      }
    };

    const req = transport.request(request.url, requestOptions, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          settle(new EndpointRequestError('too-large', `The response from ${target} is larger than ${MAX_BODY_BYTES} bytes.`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => settle(undefined, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (error) => settle(new EndpointRequestError('dropped', `The connection to ${target} was dropped mid-response.`, { cause: error })));
    });

    const connectTimer = setTimeout(() => {
      settle(new EndpointRequestError('connect-timeout', `No connection to ${target} within ${options.connectTimeoutInMs} ms.`));
    }, options.connectTimeoutInMs);
    const overallTimer = setTimeout(() => {
      settle(new EndpointRequestError('timeout', `No response from ${target} within ${options.timeoutInMs} ms.`));
    }, options.timeoutInMs);
    const onAbort = (): void => settle(new EndpointRequestError('aborted', `The request to ${target} was cancelled.`));
    options.abortSignal?.addEventListener('abort', onAbort);

    req.on('socket', (socket) => {
      const connected = (): void => clearTimeout(connectTimer);
      if (isHttps) {
        socket.once('secureConnect', () => {
          connected();
          if (pinned && !thumbprintMatches(socket as TLSSocket, pinned)) {
            settle(new EndpointRequestError('certificate', `The certificate of ${target} does not match IDENTITY_SERVER_THUMBPRINT.`));
          }
        });
        // TCP connected is enough to stop the connect timer; the TLS handshake counts toward the overall one.
        socket.once('connect', connected);
      } else {
        socket.once('connect', connected);
      }
    });
    req.on('error', (error: NodeJS.ErrnoException) => settle(classifyNetworkError(error, target)));
    req.end(request.body);
  });
}

function thumbprintMatches(socket: TLSSocket, expected: string): boolean {
  const actual = socket.getPeerCertificate()?.fingerprint;
  if (!actual) return false;
  const normalize = (v: string): string => v.replace(/[^0-9a-f]/gi, '').toLowerCase();
  return normalize(actual) === normalize(expected);
}

function classifyNetworkError(error: NodeJS.ErrnoException, target: string): EndpointRequestError {
  switch (error.code) {
    case 'ECONNREFUSED':
      return new EndpointRequestError('refused', `${target} refused the connection.`, { cause: error });
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
    case 'EHOSTDOWN':
    case 'ENETDOWN':
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new EndpointRequestError('unreachable', `${target} cannot be reached (${error.code}).`, { cause: error });
    case 'ETIMEDOUT':
      return new EndpointRequestError('connect-timeout', `No connection to ${target} (ETIMEDOUT).`, { cause: error });
    default:
      if (/certificate|self[- ]signed|CERT_/i.test(`${error.code ?? ''} ${error.message}`)) {
        return new EndpointRequestError('certificate', `The certificate of ${target} is not trusted: ${error.message}`, { cause: error });
      }
      return new EndpointRequestError('dropped', `The connection to ${target} failed: ${error.code ?? error.message}.`, { cause: error });
  }
}
