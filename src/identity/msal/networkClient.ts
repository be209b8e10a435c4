// MSAL's network client: every request to the authority goes through here, with a timeout, the caller's
// cancellation, and retries on 429 (honouring Retry-After), 5xx and dropped connections. Trust comes from
// Node's defaults, so a test CA is added with NODE_EXTRA_CA_CERTS and nothing in code.
import type * as Https from 'node:https';
import { abortableDelay } from '../abortable';
import { AbortError } from '../errors';
import type { CredentialLogger } from '../logger';
import type { RetryOptions } from '../types';
import type { NetworkModule, NetworkRequestOptions, NetworkResponse } from './loadMsal';
import { currentRequestContext } from './requestContext';

export const DEFAULT_NETWORK_TIMEOUT_MS = 30_000;
const MAX_RESPONSE_BYTES = 1024 * 1024;
const RETRIABLE_TRANSPORT_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/** A transport failure: no usable HTTP response arrived. */
export class NetworkError extends Error {
  constructor(
    message: string,
    readonly code: 'timeout' | 'connection' | 'response_too_large',
    options?: { cause?: unknown; systemCode?: string },
  ) {
    super(message, options);
    this.name = 'NetworkError';
    this.systemCode = options?.systemCode;
  }

  /** The socket error code (ECONNRESET, ECONNREFUSED, ...) of a connection failure. */
  readonly systemCode: string | undefined;
}

export interface NetworkClientOptions {
  timeoutInMs?: number;
  retryOptions?: RetryOptions;
  logger: CredentialLogger;
}

// node:https (and TLS) is loaded by the first request, not at import: requiring the library stays cheap.
// getBuiltinModule rather than import(), which would start Node's ES module loader as well.
// Keep-alive sockets are unref'd by Node when idle, so they never hold a process open.
let transport: { https: typeof Https; agent: Https.Agent } | undefined;
function loadTransport(): { https: typeof Https; agent: Https.Agent } {
  if (transport === undefined) {
    const https = process.getBuiltinModule('node:https');
    transport = { https, agent: new https.Agent({ keepAlive: true, maxSockets: 16 }) };
  }
  return transport;
}

export class IdentityNetworkClient implements NetworkModule {
  private readonly timeoutInMs: number;
  private readonly maxRetries: number;
  private readonly retryDelayInMs: number;
  private readonly maxRetryDelayInMs: number;
  private readonly logger: CredentialLogger;

  constructor(options: NetworkClientOptions) {
    this.timeoutInMs = options.timeoutInMs ?? DEFAULT_NETWORK_TIMEOUT_MS;
    this.maxRetries = options.retryOptions?.maxRetries ?? 3;
    this.retryDelayInMs = options.retryOptions?.retryDelayInMs ?? 800;
    this.maxRetryDelayInMs = options.retryOptions?.maxRetryDelayInMs ?? 60_000;
    this.logger = options.logger;
  }

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    return this.send<T>('GET', url, options, timeout);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>('POST', url, options, undefined);
  }

  private async send<T>(method: 'GET' | 'POST', url: string, options: NetworkRequestOptions | undefined, msalTimeout: number | undefined): Promise<NetworkResponse<T>> {
    const context = currentRequestContext();
    const timeoutInMs = context?.timeoutInMs ?? msalTimeout ?? this.timeoutInMs;
    const where = describeUrl(url);
    for (let attempt = 0; ; attempt++) {
      let response: RawResponse;
      try {
        response = await sendOnce(loadTransport(), method, url, options, timeoutInMs, context?.abortSignal);
      } catch (error) {
        const code = error instanceof NetworkError ? error.systemCode : undefined;
        if (error instanceof NetworkError && error.code === 'connection' && code !== undefined && RETRIABLE_TRANSPORT_CODES.has(code) && attempt < this.maxRetries) {
          const delay = this.backoff(attempt, undefined);
          this.logger.warning(`${method} ${where}: connection dropped (${code}); retry ${attempt + 1} of ${this.maxRetries} in ${delay} ms.`);
          await abortableDelay(delay, context?.abortSignal);
          continue;
        }
        if (context && error instanceof Error && !(error instanceof AbortError)) context.lastTransportError = error;
        throw error;
      }
      if (response.status >= 400 && context) context.lastError = { status: response.status, body: response.body };
      if (isRetriableStatus(response.status) && attempt < this.maxRetries) {
        const delay = this.backoff(attempt, response.headers['retry-after']);
        this.logger.warning(`${method} ${where}: HTTP ${response.status}; retry ${attempt + 1} of ${this.maxRetries} in ${delay} ms.`);
        await abortableDelay(delay, context?.abortSignal);
        continue;
      }
      this.logger.verbose(`${method} ${where}: HTTP ${response.status}.`);
      return { status: response.status, headers: response.headers, body: response.body as T };
    }
  }

  /** Retry-After (seconds or an HTTP date) when given, else exponential back-off with jitter; capped. */
  private backoff(attempt: number, retryAfter: string | undefined): number {
    const fromHeader = parseRetryAfter(retryAfter);
    const exponential = this.retryDelayInMs * 2 ** attempt * (0.8 + Math.random() * 0.4);
    return Math.round(Math.min(fromHeader ?? exponential, this.maxRetryDelayInMs));
  }
}

function isRetriableStatus(status: number): boolean {
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

export function parseRetryAfter(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

function sendOnce(
  { https, agent }: { https: typeof Https; agent: Https.Agent },
  method: 'GET' | 'POST',
  url: string,
  options: NetworkRequestOptions | undefined,
  timeoutInMs: number,
  abortSignal: AbortSignal | undefined,
): Promise<RawResponse> {
  return new Promise<RawResponse>((resolve, reject) => {
    if (abortSignal?.aborted) {
      reject(new AbortError());
      return;
    }
    const body = method === 'POST' ? Buffer.from(options?.body ?? '', 'utf8') : undefined;
    const headers: Record<string, string | number> = { ...options?.headers };
    if (body) headers['content-length'] = body.length;
    let done = false;
    const finish = (action: () => void): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      abortSignal?.removeEventListener('abort', onAbort);
      action();
    };
    const request = https.request(url, { method, headers, agent });
    const timer = setTimeout(() => {
      finish(() => reject(new NetworkError(`The authority did not answer within ${timeoutInMs} ms (${method} ${describeUrl(url)}).`, 'timeout')));
      request.destroy();
    }, timeoutInMs);
    const onAbort = (): void => {
      finish(() => reject(new AbortError()));
      request.destroy();
    };
    abortSignal?.addEventListener('abort', onAbort);
    request.on('error', (error: NodeJS.ErrnoException) => {
      const wrapped = new NetworkError(`Could not reach the authority (${method} ${describeUrl(url)}): ${error.message}`, 'connection', { cause: error, systemCode: error.code });
      finish(() => reject(wrapped));
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) {
          finish(() => reject(new NetworkError(`The authority's response exceeded ${MAX_RESPONSE_BYTES} bytes.`, 'response_too_large')));
          request.destroy();
          return;
        }
        chunks.push(chunk);
      });
      response.on('error', (error: NodeJS.ErrnoException) => {
        const wrapped = new NetworkError(`The connection to the authority dropped mid-response: ${error.message}`, 'connection', {
          cause: error,
          systemCode: error.code ?? 'ECONNRESET',
        });
        finish(() => reject(wrapped));
      });
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        finish(() => resolve({ status: response.statusCode ?? 0, headers: flattenHeaders(response.headers), body: parseBody(text) }));
      });
    });
    request.end(body);
  });
}

// MSAL expects a parsed JSON object; a non-JSON body (an HTML error page) becomes {} and the status decides.
function parseBody(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return {};
  }
}

function flattenHeaders(headers: NodeJS.Dict<string | string[]>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/** Origin and path only: query strings may carry hints we do not want in logs. */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '<invalid url>';
  }
}
