// The library's one retry policy, over http/send.ts: 429 and transient 5xx answers (plus what a caller adds:
// IMDS's 404 and 410 while its identity extension starts) and dropped connections are retried with
// exponential back-off, honouring Retry-After (seconds or an HTTP date), never waiting longer than
// `maxRetryDelayInMs` at once. Cancellation cuts a wait short. Used for the authority (MSAL's network module)
// and for every managed-identity endpoint.
import { abortableDelay } from '../abortable';
import { describeUrl } from './redact';
import { HttpRequestError, sendRequest, type HttpRequest, type HttpResponse, type SendOptions } from './send';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** The first wait, doubled each retry. */
  retryDelayInMs: number;
  /** Ceiling for one wait, Retry-After included. */
  maxRetryDelayInMs: number;
  /** Statuses retried besides 429 and the transient 5xx ones. */
  alsoRetry?: readonly number[];
  /** Spread exponential waits by ±20% so that many clients do not retry in step. Default false. */
  jitter?: boolean;
}

export interface RetryingSendOptions extends SendOptions {
  retry: RetryPolicy;
  /** Sees every response, retried ones included (MSAL's network module records the authority's errors). */
  onResponse?: (response: HttpResponse) => void;
  /** Where "retry 1 of 3 in 800 ms" lines go. */
  log?: (message: string) => void;
  /** For HTTP-date Retry-After values. Default Date.now. */
  now?: () => number;
}

/**
 * Sends what `build` makes (built afresh per attempt) until an answer is final: resolves with the last
 * response whatever its status, or rejects with the last HttpRequestError when no response came back.
 */
export async function sendWithRetry(build: () => HttpRequest, options: RetryingSendOptions): Promise<HttpResponse> {
  const { retry } = options;
  for (let attempt = 0; ; attempt++) {
    const request = build();
    let response: HttpResponse | undefined;
    let failure: HttpRequestError | undefined;
    try {
      response = await sendRequest(request, options);
    } catch (error) {
      if (!(error instanceof HttpRequestError) || error.failure === 'aborted') throw error;
      failure = error;
    }
    if (response) options.onResponse?.(response);
    const retriable = response ? isRetriableStatus(response.status, retry.alsoRetry) : failure?.failure === 'dropped';
    if (!retriable || attempt >= retry.maxRetries) {
      if (response) return response;
      throw failure as HttpRequestError;
    }
    const delay = retryDelay(attempt, response, retry, options.now ?? Date.now);
    const what = response ? `HTTP ${response.status}` : `connection dropped (${failure?.systemCode ?? failure?.failure})`;
    options.log?.(`${request.method} ${describeUrl(request.url)}: ${what}; retry ${attempt + 1} of ${retry.maxRetries} in ${delay} ms.`);
    await abortableDelay(delay, options.abortSignal);
  }
}

export function isRetriableStatus(status: number, alsoRetry: readonly number[] = []): boolean {
  return status === 429 || (status >= 500 && status <= 599 && status !== 501 && status !== 505) || alsoRetry.includes(status);
}

function retryDelay(attempt: number, response: HttpResponse | undefined, retry: RetryPolicy, now: () => number): number {
  const fromHeader = parseRetryAfter(response?.headers['retry-after'], now());
  const spread = retry.jitter ? 0.8 + Math.random() * 0.4 : 1;
  const exponential = retry.retryDelayInMs * 2 ** attempt * spread;
  return Math.round(Math.max(0, Math.min(fromHeader ?? exponential, retry.maxRetryDelayInMs)));
}

/** Retry-After in milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
