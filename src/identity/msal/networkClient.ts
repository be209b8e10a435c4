// MSAL's network module: every request MSAL makes to the authority goes through the library's one HTTP client
// (http/), with a timeout, the caller's cancellation (carried in the request context), retries on 429
// (honouring Retry-After), transient 5xx and dropped connections, and the proxy the environment names. Trust
// comes from Node's defaults, so a test CA is added with NODE_EXTRA_CA_CERTS and nothing in code.
import { AbortError } from '../errors';
import { HttpRequestError, sendWithRetry, type HttpRequest } from '../http/index';
import type { CredentialLogger } from '../logger';
import type { RetryOptions } from '../types';
import type { NetworkModule, NetworkRequestOptions, NetworkResponse } from './loadMsal';
import { currentRequestContext } from './requestContext';

const DEFAULT_NETWORK_TIMEOUT_MS = 30_000;

export interface NetworkClientOptions {
  timeoutInMs?: number;
  retryOptions?: RetryOptions;
  logger: CredentialLogger;
}

export class IdentityNetworkClient implements NetworkModule {
  private readonly timeoutInMs: number;
  private readonly retry: { maxRetries: number; retryDelayInMs: number; maxRetryDelayInMs: number; jitter: true };
  private readonly logger: CredentialLogger;

  constructor(options: NetworkClientOptions) {
    this.timeoutInMs = options.timeoutInMs ?? DEFAULT_NETWORK_TIMEOUT_MS;
    this.retry = {
      maxRetries: options.retryOptions?.maxRetries ?? 3,
      retryDelayInMs: options.retryOptions?.retryDelayInMs ?? 800,
      maxRetryDelayInMs: options.retryOptions?.maxRetryDelayInMs ?? 60_000,
      jitter: true,
    };
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
    const parsedUrl = new URL(url);
    const build = (): HttpRequest => ({ method, url: parsedUrl, headers: { ...options?.headers }, body: method === 'POST' ? (options?.body ?? '') : undefined });
    try {
      const response = await sendWithRetry(build, {
        timeoutInMs: context?.timeoutInMs ?? msalTimeout ?? this.timeoutInMs,
        abortSignal: context?.abortSignal,
        pooled: true,
        peer: 'the authority',
        retry: this.retry,
        log: (message) => this.logger.warning(message),
        onResponse: (r) => {
          // Kept so that errors can show the authority's own body (AADSTS code, description) and status.
          if (r.status >= 400 && context) context.lastError = { status: r.status, body: parseBody(r.body) };
        },
      });
      this.logger.verbose(`${method} ${parsedUrl.origin}${parsedUrl.pathname}: HTTP ${response.status}.`);
      const body = parseBody(response.body);
      if (body === undefined) {
        // Not JSON (a proxy's HTML error page, a body cut off): MSAL would read it as an empty answer and report
        // a missing token. Say what came back instead; msalErrors names the status and the authority host.
        const what = describeUnreadable(response.headers['content-type'], response.body);
        if (context) context.lastUnreadable = { status: response.status, what };
        throw new Error(`The authority answered HTTP ${response.status} with ${what}.`);
      }
      return { status: response.status, headers: response.headers, body: body as T };
    } catch (error) {
      if (error instanceof HttpRequestError && error.failure === 'aborted') throw new AbortError();
      if (context && error instanceof HttpRequestError) context.lastTransportError = error;
      throw error;
    }
  }
}

// MSAL expects a parsed JSON object; an empty body becomes {} and the status decides; undefined = not JSON.
function parseBody(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function describeUnreadable(contentType: string | undefined, body: string): string {
  if (/html/i.test(contentType ?? '') || /^\s*</.test(body)) return 'an HTML page instead of JSON (a proxy or gateway error page?)';
  return `a body that is not JSON (${body.length} bytes, content type ${contentType || 'none'})`;
}
