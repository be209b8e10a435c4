// The in-memory access-token cache and refresh policy every credential shares.
//
// - A hit is a Map lookup plus one clock read, returning a pre-resolved promise: no MSAL, no extra hops.
//   Those promises are recognisable (isCachedTokenPromise), so a chain can hand them on without a hop either.
// - A token is refreshed at `refreshAfterTimestamp` (the authority's `refresh_in`), else 5 minutes before
//   expiry. Until it expires callers keep getting it while ONE background refresh runs; a failed refresh
//   keeps the token and is retried at most every 30 s.
// - Concurrent misses for one key share one in-flight acquisition, so 1,000 first calls make one request.
// - A caller's abortSignal rejects that caller at once; the shared request is cancelled only when every
//   caller waiting on it has given up.
import { systemClock, type Clock } from './clock';
import { AbortError, errorMessage } from './errors';
import type { CredentialLogger } from './logger';
import type { AbortSignalLike, AccessToken } from './types';

/** Fetches a token; `forceRefresh` tells the credential to skip any cache of its own (MSAL's). */
export type TokenFetcher = (forceRefresh: boolean, signal: AbortSignal) => Promise<AccessToken>;

export interface TokenCacheOptions {
  clock?: Clock;
  /** Refresh this long before expiry when the authority gave no refresh time. Default 5 minutes. */
  refreshOffsetMs?: number;
  /** Minimum spacing of background refresh attempts. Default 30 s. */
  refreshRetryDelayMs?: number;
  /** A token is no longer served this close to its expiry; callers wait for a new one. Default 5 s. */
  expiryMarginMs?: number;
  /** Entries kept before the oldest are dropped (claims make keys unbounded). Default 1,000. */
  maxEntries?: number;
  logger?: CredentialLogger;
}

const DEFAULT_REFRESH_OFFSET_MS = 5 * 60 * 1000;
const DEFAULT_REFRESH_RETRY_DELAY_MS = 30 * 1000;

/**
 * What the cache holds for one key. The object lives as long as the key stays cached: a new token for the key
 * is written into it rather than into a new object, so a caller may keep a reference to it (TokenRunner's
 * memo of plain calls does) and skip the key's Map lookup on every call. Once it leaves the cache its times are
 * -Infinity, so serving it misses without a separate test.
 */
export class CacheEntry {
  token: AccessToken | undefined = undefined;
  /** The same resolved promise is handed to every hit: allocating one per call would dominate the hot path. */
  resolved: Promise<AccessToken> | undefined = undefined;
  /**
   * How the token was obtained; its background refresh asks again the same way. Kept here so that a hit
   * needs nothing from the caller but the entry (no closure per call).
   */
  fetcher: TokenFetcher | undefined = undefined;
  refreshAt = -Infinity;
  usableUntil = -Infinity;
  nextAttemptAt = -Infinity;

  constructor(readonly key: string) {}

  /** Called when the entry leaves the cache: whoever still holds it gets misses from then on. */
  discard(): void {
    this.token = undefined;
    this.resolved = undefined;
    this.fetcher = undefined;
    this.refreshAt = this.usableUntil = this.nextAttemptAt = -Infinity;
  }
}

interface Flight {
  promise: Promise<AccessToken>;
  controller: AbortController;
  /** Callers that passed an abortSignal and still wait. */
  abortableWaiters: number;
  /** A caller without a signal (or a background refresh) keeps the flight alive no matter who aborts. */
  pinned: boolean;
}

/** Every promise a cache hit returns: already resolved with a token, so it cannot reject. */
const cachedTokenPromises = new WeakSet<Promise<AccessToken>>();

/**
 * True when `promise` came from a cache hit: it is resolved and cannot reject, so a caller that would attach a
 * fallback (`.catch`) can hand it on as it is and save a promise and a hop on every cached call.
 */
export function isCachedTokenPromise(promise: Promise<AccessToken>): boolean {
  return cachedTokenPromises.has(promise);
}

export class AccessTokenCache {
  private readonly entries = new Map<string, CacheEntry>();
  private readonly flights = new Map<string, Flight>();
  /** Refreshes that came due during this turn of the event loop; all started by one deferred task. */
  private dueRefreshes: CacheEntry[] = [];
  private readonly clock: Clock;
  private readonly refreshOffsetMs: number;
  private readonly refreshRetryDelayMs: number;
  private readonly expiryMarginMs: number;
  private readonly maxEntries: number;
  private readonly logger: CredentialLogger | undefined;

  constructor(options: TokenCacheOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.refreshOffsetMs = options.refreshOffsetMs ?? DEFAULT_REFRESH_OFFSET_MS;
    this.refreshRetryDelayMs = options.refreshRetryDelayMs ?? DEFAULT_REFRESH_RETRY_DELAY_MS;
    this.expiryMarginMs = options.expiryMarginMs ?? 5000;
    this.maxEntries = options.maxEntries ?? 1000;
    this.logger = options.logger;
  }

  /**
   * Returns a promise of the cached token for `key` when it is still usable (starting a background refresh
   * when one is due), or undefined when the caller must `acquire`.
   */
  lookup(key: string): Promise<AccessToken> | undefined {
    const entry = this.entries.get(key);
    return entry === undefined ? undefined : this.serve(entry);
  }

  /** The entry holding `key`'s token, if any: hold it and pass it to `serve` to skip the lookup next time. */
  entry(key: string): CacheEntry | undefined {
    return this.entries.get(key);
  }

  /** The hot path: `lookup` for an entry already in hand. A discarded entry misses (its times are -Infinity). */
  serve(entry: CacheEntry): Promise<AccessToken> | undefined {
    const now = this.clock.now();
    if (now < entry.refreshAt) return entry.resolved;
    if (now >= entry.usableUntil) return undefined;
    if (now >= entry.nextAttemptAt) this.refreshInBackground(entry, now);
    return entry.resolved;
  }

  /** Joins the in-flight acquisition for `key`, or starts one. */
  acquire(key: string, fetcher: TokenFetcher, abortSignal?: AbortSignalLike): Promise<AccessToken> {
    if (abortSignal?.aborted) return Promise.reject(new AbortError());
    const flight = this.flights.get(key) ?? this.startFlight(key, fetcher, this.entries.has(key), false);
    return this.join(flight, abortSignal);
  }

  /**
   * Stores a token obtained outside `acquire` (for example by an interactive `authenticate()`); `fetcher` is
   * how to get it again without a prompt when it is due for refresh.
   */
  store(key: string, token: AccessToken, fetcher: TokenFetcher): void {
    const now = this.clock.now();
    const expiresOn = token.expiresOnTimestamp;
    const refreshAt = Math.min(token.refreshAfterTimestamp ?? expiresOn - this.refreshOffsetMs, expiresOn);
    const resolved = Promise.resolve(token);
    cachedTokenPromises.add(resolved);
    const entry = this.entries.get(key) ?? new CacheEntry(key);
    entry.token = token;
    entry.resolved = resolved;
    entry.fetcher = fetcher;
    entry.refreshAt = refreshAt;
    entry.usableUntil = expiresOn - Math.min(this.expiryMarginMs, Math.max(0, (expiresOn - now) / 10));
    entry.nextAttemptAt = refreshAt;
    // Re-inserted so that the entries stored longest ago are the first dropped.
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.evictOverflow();
  }

  delete(key: string): void {
    this.entries.get(key)?.discard();
    this.entries.delete(key);
  }

  clear(): void {
    for (const entry of this.entries.values()) entry.discard();
    this.entries.clear();
  }

  private evictOverflow(): void {
    if (this.entries.size <= this.maxEntries) return;
    const oldest = this.entries.values().next().value;
    if (oldest === undefined) return;
    oldest.discard();
    this.entries.delete(oldest.key);
  }

  private refreshInBackground(entry: CacheEntry, now: number): void {
    entry.nextAttemptAt = now + this.refreshRetryDelayMs;
    // Started on the next turn of the event loop, so the caller gets the valid token without paying even for
    // the synchronous start of a request (MSAL builds and signs it before its first await). Many tokens often
    // come due together (one per scope): they share one deferred task rather than one timer each.
    this.dueRefreshes.push(entry);
    if (this.dueRefreshes.length === 1) setImmediate(() => this.startDueRefreshes());
  }

  private startDueRefreshes(): void {
    const due = this.dueRefreshes;
    this.dueRefreshes = [];
    for (const entry of due) {
      const key = entry.key;
      const fetcher = entry.fetcher;
      // Skipped when the entry left the cache or got a fresh token meanwhile (its refresh time moved on), or
      // a request for the key is already running.
      if (fetcher === undefined || this.flights.has(key) || this.clock.now() < entry.refreshAt) continue;
      const expiresOn = entry.token?.expiresOnTimestamp ?? 0;
      const flight = this.startFlight(key, fetcher, true, true);
      flight.promise.catch((error: unknown) => {
        this.logger?.warning(
          `Background token refresh failed; the cached token stays in use until it expires at ${new Date(expiresOn).toISOString()} and the refresh is retried after ${Math.round(this.refreshRetryDelayMs / 1000)} s. Reason: ${errorMessage(error)}`,
        );
      });
    }
  }

  private startFlight(key: string, fetcher: TokenFetcher, forceRefresh: boolean, background: boolean): Flight {
    const controller = new AbortController();
    const flight: Flight = { promise: undefined as unknown as Promise<AccessToken>, controller, abortableWaiters: 0, pinned: background };
    const finish = (): void => {
      if (this.flights.get(key) === flight) this.flights.delete(key);
    };
    flight.promise = Promise.resolve()
      .then(() => fetcher(forceRefresh, controller.signal))
      .then(
        (token) => {
          finish();
          this.store(key, token, fetcher);
          return token;
        },
        (error: unknown) => {
          finish();
          throw error;
        },
      );
    this.flights.set(key, flight);
    return flight;
  }

  private join(flight: Flight, abortSignal: AbortSignalLike | undefined): Promise<AccessToken> {
    if (abortSignal === undefined) {
      flight.pinned = true;
      return flight.promise;
    }
    flight.abortableWaiters++;
    return new Promise<AccessToken>((resolve, reject) => {
      let settled = false;
      const onAbort = (): void => {
        if (settled) return;
        settled = true;
        abortSignal.removeEventListener('abort', onAbort);
        flight.abortableWaiters--;
        if (flight.abortableWaiters === 0 && !flight.pinned) flight.controller.abort();
        reject(new AbortError());
      };
      abortSignal.addEventListener('abort', onAbort);
      flight.promise.then(
        (token) => {
          if (settled) return;
          settled = true;
          abortSignal.removeEventListener('abort', onAbort);
          flight.abortableWaiters--;
          resolve(token);
        },
        (error: unknown) => {
          if (settled) return;
          settled = true;
          abortSignal.removeEventListener('abort', onAbort);
          flight.abortableWaiters--;
          reject(error);
        },
      );
    });
  }
}
