// The one way the library speaks HTTP: send once (send.ts), retry (retry.ts), proxy (proxy.ts), and what
// may be logged (redact.ts). MSAL's network module (msal/networkClient.ts) and the managed-identity sources
// (managedIdentity/) are its only callers.
export { HttpRequestError, sendRequest, type HttpFailure, type HttpRequest, type HttpResponse, type SendOptions } from './send';
export { isRetriableStatus, parseRetryAfter, sendWithRetry, type RetryingSendOptions, type RetryPolicy } from './retry';
export { proxyFor, type ProxyTarget } from './proxy';
export { describeProxy, describeUrl } from './redact';
