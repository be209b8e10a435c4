// What every credential's getToken shares: scope and tenant handling, the cache lookup, one structured event
// and one log line per call. A credential only supplies `acquire` — how to get a token on a cache miss —
// so developer-tool and managed-identity credentials get the same caching and events as the MSAL ones.
import { systemClock, type Clock } from './clock';
import { AbortError, CredentialUnavailableError, errorMessage } from './errors';
import { emitCredentialEvent, hasCredentialEventListeners, type CredentialEventListener, type CredentialOutcome } from './events';
import type { CredentialLogger } from './logger';
import { checkScopes } from './scopes';
import { normalizeAllowedTenants, resolveRequestTenant } from './tenant';
import { AccessTokenCache, type CacheEntry, type TokenCacheOptions, type TokenFetcher } from './tokenCache';
import type { AccessToken, GetTokenOptions } from './types';

/** One token request as a credential's `acquire` sees it. */
export interface TokenRequest {
  scopes: string[];
  /** The tenant after per-request resolution; undefined only for credentials without a tenant. */
  tenantId: string | undefined;
  claims: string | undefined;
  enableCae: boolean;
  /** Skip any cache below ours (MSAL's): set for refreshes and after expiry. */
  forceRefresh: boolean;
  /** Fires when every caller waiting on this request has aborted. */
  abortSignal: AbortSignal;
  /** Milliseconds one network request may take, from `requestOptions.timeout`. */
  requestTimeoutInMs: number | undefined;
  /** The options of the caller that started the request. */
  getTokenOptions: GetTokenOptions;
}

export type TokenAcquirer = (request: TokenRequest) => Promise<AccessToken>;

export interface TokenRunnerOptions {
  /** The credential's class name, used in events and logs. */
  credentialName: string;
  /** The configured tenant, already validated; undefined when the credential has none. */
  tenantId: string | undefined;
  additionallyAllowedTenants?: readonly string[];
  /** At most this many scopes per request (the CLIs and managed identity take one). */
  maxScopes?: number;
  logger: CredentialLogger;
  onCredentialEvent?: CredentialEventListener;
  clock?: Clock;
  cacheOptions?: Omit<TokenCacheOptions, 'clock' | 'logger'>;
  acquire: TokenAcquirer;
}

/** Scope strings whose plain-call cache entry is remembered; past this the memo starts over (scopes are few in practice). */
const MAX_REMEMBERED_SCOPES = 1_000;

export class TokenRunner {
  readonly cache: AccessTokenCache;
  private readonly allowedTenants: readonly string[];
  private readonly clock: Clock;
  /**
   * The cache entry of a plain call (one scope string, no tenant, claims or CAE), by scope. Callers pass the
   * same string every time: one Map lookup by it replaces building the key and looking that up, and touches
   * less memory, which is most of what a call costs when many scopes take turns.
   */
  private readonly plainEntries = new Map<string, CacheEntry>();

  constructor(private readonly options: TokenRunnerOptions) {
    this.clock = options.clock ?? systemClock;
    this.allowedTenants = normalizeAllowedTenants(options.additionallyAllowedTenants);
    this.cache = new AccessTokenCache({ ...options.cacheOptions, clock: this.clock, logger: options.logger });
  }

  /** getToken for the credential. Deliberately not `async`: a cache hit must not pay for extra promise hops. */
  getToken(scopes: string | string[], getTokenOptions?: GetTokenOptions): Promise<AccessToken> {
    if (typeof scopes === 'string' && isPlainCall(getTokenOptions)) {
      // The hot path: no tenant resolution, no key building, no allocation.
      const entry = this.plainEntries.get(scopes);
      const hit = entry === undefined ? undefined : this.cache.serve(entry);
      return hit === undefined ? this.getPlainTokenSlowly(scopes, entry, getTokenOptions) : this.cachedHit(hit, scopes);
    }
    return this.getTokenSlowly(typeof scopes === 'string' ? [scopes] : scopes, getTokenOptions);
  }

  /**
   * Runs `acquire` now, bypassing the cache lookup, and caches the result: for `authenticate()`, which must
   * prompt even when a token is cached.
   */
  async runUncached(scopes: string[], getTokenOptions: GetTokenOptions | undefined, acquire: TokenAcquirer): Promise<AccessToken> {
    const started = this.clock.now();
    let tenantId: string | undefined;
    try {
      tenantId = this.resolveTenant(getTokenOptions);
      checkScopes(scopes, { maxScopes: this.options.maxScopes, credential: this.options.credentialName });
    } catch (error) {
      return this.fail(error, scopes, tenantId, started);
    }
    if (getTokenOptions?.abortSignal?.aborted) return this.fail(new AbortError(), scopes, tenantId, started);
    const controller = new AbortController();
    const onAbort = (): void => controller.abort();
    getTokenOptions?.abortSignal?.addEventListener('abort', onAbort);
    const key = cacheKey(scopes, tenantId, getTokenOptions);
    const run = this.fetcherFor(scopes, tenantId, getTokenOptions, acquire)(true, controller.signal).then((token) => {
      // Refreshed later the usual (silent) way, never by prompting again.
      this.cache.store(key, token, this.fetcherFor(scopes, tenantId, getTokenOptions, this.options.acquire));
      return token;
    });
    try {
      return await this.observe(run, scopes, tenantId, started);
    } finally {
      getTokenOptions?.abortSignal?.removeEventListener('abort', onAbort);
    }
  }

  /** Any other call (several scopes, or options that shape the key): tenant resolution and the full key first. */
  private getTokenSlowly(scopeList: string[], getTokenOptions: GetTokenOptions | undefined): Promise<AccessToken> {
    const started = this.clock.now();
    let tenantId: string | undefined;
    let key: string;
    try {
      tenantId = this.resolveTenant(getTokenOptions);
      key = cacheKey(scopeList, tenantId, getTokenOptions);
    } catch (error) {
      return this.fail(error, scopeList, tenantId, started);
    }
    const hit = this.cache.lookup(key);
    if (hit !== undefined) {
      if (hasCredentialEventListeners(this.options.onCredentialEvent)) this.emit('success', scopeList, tenantId, started, true);
      return hit;
    }
    return this.acquireMissing(scopeList, tenantId, key, getTokenOptions, started);
  }

  /** A cache miss: validates the scopes, then joins or starts the acquisition for `key`. */
  private acquireMissing(scopeList: string[], tenantId: string | undefined, key: string, getTokenOptions: GetTokenOptions | undefined, started: number): Promise<AccessToken> {
    try {
      checkScopes(scopeList, { maxScopes: this.options.maxScopes, credential: this.options.credentialName });
    } catch (error) {
      return this.fail(error, scopeList, tenantId, started);
    }
    const fetcher = this.fetcherFor(scopeList, tenantId, getTokenOptions, this.options.acquire);
    return this.observe(this.cache.acquire(key, fetcher, getTokenOptions?.abortSignal), scopeList, tenantId, started);
  }

  /**
   * A plain call the memo could not answer: the scope is new to it, its entry left the cache, or the token is
   * past use. Remembers the key's current entry and serves it if it can (unless it is the one that just
   * missed), else acquires.
   */
  private getPlainTokenSlowly(scope: string, missed: CacheEntry | undefined, getTokenOptions: GetTokenOptions | undefined): Promise<AccessToken> {
    const started = this.clock.now();
    // An entry's key depends only on the scope and the configured tenant, so a remembered one still names it.
    const key = missed?.key ?? cacheKey([scope], this.options.tenantId, undefined);
    const entry = this.cache.entry(key);
    if (entry !== undefined && entry !== missed) {
      if (this.plainEntries.size >= MAX_REMEMBERED_SCOPES && !this.plainEntries.has(scope)) this.plainEntries.clear();
      this.plainEntries.set(scope, entry);
      const hit = this.cache.serve(entry);
      if (hit !== undefined) return this.cachedHit(hit, scope);
    }
    return this.acquireMissing([scope], this.options.tenantId, key, getTokenOptions, started);
  }

  private cachedHit(hit: Promise<AccessToken>, scope: string): Promise<AccessToken> {
    if (hasCredentialEventListeners(this.options.onCredentialEvent)) this.emit('success', [scope], this.options.tenantId, this.clock.now(), true);
    return hit;
  }

  /** The tenant a request goes to (validated, allow-list applied). */
  resolveTenant(getTokenOptions: GetTokenOptions | undefined): string | undefined {
    const requested = getTokenOptions?.tenantId;
    if (requested === undefined) return this.options.tenantId;
    return resolveRequestTenant(this.options.tenantId, requested, this.allowedTenants);
  }

  /** How to get this token; the cache keeps it for background refreshes, so it holds no caller's abort signal. */
  private fetcherFor(scopes: string[], tenantId: string | undefined, getTokenOptions: GetTokenOptions | undefined, acquire: TokenAcquirer): TokenFetcher {
    const scopeCopy = [...scopes];
    const options: GetTokenOptions = getTokenOptions?.abortSignal ? { ...getTokenOptions, abortSignal: undefined } : (getTokenOptions ?? {});
    return (forceRefresh: boolean, abortSignal: AbortSignal): Promise<AccessToken> =>
      acquire({
        scopes: [...scopeCopy],
        tenantId,
        claims: options.claims || undefined,
        enableCae: options.enableCae === true,
        forceRefresh,
        abortSignal,
        requestTimeoutInMs: options.requestOptions?.timeout,
        getTokenOptions: options,
      });
  }

  private observe(promise: Promise<AccessToken>, scopes: readonly string[], tenantId: string | undefined, started: number): Promise<AccessToken> {
    return promise.then(
      (token) => {
        this.options.logger.info(`getToken succeeded for ${scopes.join(' ')}${tenantId ? ` in tenant ${tenantId}` : ''}.`);
        if (hasCredentialEventListeners(this.options.onCredentialEvent)) this.emit('success', scopes, tenantId, started, false);
        return token;
      },
      (error: unknown) => this.fail(error, scopes, tenantId, started),
    );
  }

  private fail(error: unknown, scopes: readonly string[], tenantId: string | undefined, started: number): Promise<never> {
    const outcome: CredentialOutcome = error instanceof CredentialUnavailableError ? 'unavailable' : 'error';
    const message = errorMessage(error);
    if (outcome === 'unavailable') this.options.logger.info(`Unavailable: ${message}`);
    else this.options.logger.warning(`getToken failed: ${message}`);
    if (hasCredentialEventListeners(this.options.onCredentialEvent)) {
      this.emit(outcome, scopes, tenantId, started, false, error);
    }
    return Promise.reject(error);
  }

  private emit(
    outcome: CredentialOutcome,
    scopes: readonly string[],
    tenantId: string | undefined,
    started: number,
    cached: boolean,
    error?: unknown,
  ): void {
    emitCredentialEvent(
      {
        credential: this.options.credentialName,
        outcome,
        durationMs: this.clock.now() - started,
        cached,
        scopes: [...scopes],
        tenantId,
        reason: error === undefined ? undefined : errorMessage(error),
        errorName: error instanceof Error ? error.name : undefined,
        timestamp: started,
      },
      this.options.onCredentialEvent,
    );
  }
}

/** True when nothing in `options` changes the cache key from that of a call without options. */
function isPlainCall(options: GetTokenOptions | undefined): boolean {
  return options === undefined || (options.tenantId === undefined && !options.claims && options.enableCae !== true);
}

/** The cache key: every input that changes which token the authority would issue. */
function cacheKey(scopes: readonly string[], tenantId: string | undefined, options: GetTokenOptions | undefined): string {
  const scopePart = scopes.length === 1 ? scopes[0] : scopes.join(' ');
  if (options === undefined) return `${tenantId ?? ''}|0||${scopePart}`;
  return `${tenantId ?? ''}|${options.enableCae === true ? 1 : 0}|${options.claims ?? ''}|${scopePart}`;
}
