// Carries one token request's cancellation and timeout through MSAL to our network client. MSAL's network
// interface has no abort parameter, so the signal travels in AsyncLocalStorage, which follows MSAL's promise
// chains. The network client also records the authority's last error response here, so that errors can be
// reported with the full Entra error body and HTTP status instead of MSAL's summary.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface AuthorityErrorRecord {
  status: number;
  body: unknown;
}

export interface RequestContext {
  abortSignal?: AbortSignal;
  /** Per-request network timeout override (GetTokenOptions.requestOptions.timeout). */
  timeoutInMs?: number;
  /** The last non-2xx response from the authority during this request. */
  lastError?: AuthorityErrorRecord;
  /** The last transport failure (timeout, dropped connection) during this request. */
  lastTransportError?: Error;
  /** The last answer whose body was not JSON (an HTML error page, a cut-off body): its status and what it was. */
  lastUnreadable?: { status: number; what: string };
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runInRequestContext<T>(context: RequestContext, action: () => Promise<T>): Promise<T> {
  return storage.run(context, action);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}
