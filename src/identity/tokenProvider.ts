// getBearerTokenProvider: a function that returns a current bearer token for fixed scopes, for clients that
// want a string rather than a TokenCredential (OpenAI, fetch wrappers). It cycles tokens the way
// @azure/core-rest-pipeline's bearer-token policy does (which @azure/identity uses for it): the token is
// reused until two minutes before expiry (or its refreshAfterTimestamp), refreshed in the background from
// then while it is still valid, and awaited only when it is within a second of expiring. Requests ask for
// a CAE-capable token, as the policy does.
import type { AbortSignalLike, AccessToken, GetTokenOptions, TokenCredential } from './types';

export interface GetBearerTokenProviderOptions {
  /** Cancels the token requests of the returned function's calls. */
  abortSignal?: AbortSignalLike;
  tracingOptions?: {
    tracingContext?: unknown;
  };
}

/** Refreshing starts this long before expiry. */
const REFRESH_WINDOW_MS = 2 * 60_000;
/** A token this close to expiry is not handed out: the caller waits for a new one. */
const FORCED_REFRESH_WINDOW_MS = 1_000;
/** A background refresh that fails is tried again after this long, until the current token expires. */
const RETRY_INTERVAL_MS = 3_000;

export function getBearerTokenProvider(credential: TokenCredential, scopes: string | string[], options: GetBearerTokenProviderOptions = {}): () => Promise<string> {
  if (!credential || typeof credential.getToken !== 'function') {
    throw new TypeError('getBearerTokenProvider: credential must be a TokenCredential (an object with getToken).');
  }
  const getTokenOptions: GetTokenOptions = { abortSignal: options.abortSignal, tracingOptions: options.tracingOptions, enableCae: true };
  let token: AccessToken | null = null;
  let refreshing: Promise<AccessToken> | null = null;

  const refresh = (): Promise<AccessToken> => {
    refreshing ??= refreshUntil(() => credential.getToken(scopes, getTokenOptions), token?.expiresOnTimestamp ?? Date.now()).then(
      (fresh) => {
        refreshing = null;
        token = fresh;
        return fresh;
      },
      (error: unknown) => {
        refreshing = null;
        token = null;
        throw error;
      },
    );
    return refreshing;
  };

  return async () => {
    const now = Date.now();
    const mustRefresh = token === null || token.expiresOnTimestamp - FORCED_REFRESH_WINDOW_MS < now;
    const current = mustRefresh ? await refresh() : (token as AccessToken);
    if (!mustRefresh && refreshing === null) {
      const refreshAt = Math.min(current.refreshAfterTimestamp ?? Infinity, current.expiresOnTimestamp - REFRESH_WINDOW_MS);
      // Background refresh: its failure is retried inside refreshUntil; this caller keeps the valid token.
      if (refreshAt < now) refresh().catch(() => undefined);
    }
    if (!current.token) throw new Error('Failed to get access token');
    return current.token;
  };
}

/** getToken, retried every few seconds while `deadline` (the current token's expiry) has not passed. */
async function refreshUntil(getToken: () => Promise<AccessToken | null>, deadline: number): Promise<AccessToken> {
  for (;;) {
    if (Date.now() >= deadline) {
      const final = await getToken();
      if (!final) throw new Error('Failed to refresh access token.');
      return final;
    }
    try {
      const fresh = await getToken();
      if (fresh) return fresh;
    } catch {
      // The current token is still valid: try again shortly.
    }
    await new Promise<void>((resolve) => setTimeout(resolve, RETRY_INTERVAL_MS).unref());
  }
}
