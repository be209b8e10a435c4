// The MSAL token cache of user accounts, kept in VS Code's SecretStorage (encrypted by the OS through VS
// Code): native keyring modules cannot load in an extension host. Every account's credential (and the sign-in
// flow's) has its own MSAL client over this one stored cache, so a save merges into what is stored instead of
// overwriting it: one client's save must not drop the tokens another client wrote since it last loaded.
// Signing out removes the account's entries explicitly. Plain Node: no `vscode` import.
//
// CAE and non-CAE access tokens are kept apart (as @azure/identity's `.cae` / `.nocae` caches are): the stored
// document holds the accounts, id tokens and refresh tokens once (a refresh token redeems either kind, so a
// CAE sign-in serves later non-CAE requests silently), the non-CAE access tokens under `AccessToken` and the
// CAE ones under `AccessTokenCae`. Each MSAL application sees its own access tokens only. A cache stored by an
// earlier version (one mixed `AccessToken` section, key v1) is split once, by each token's `xms_cc` claim.
import type { TokenCacheStorage, TokenCachePartition } from '../../identity/index';
import type { SecretStore } from './secretStore';

export const TOKEN_CACHE_KEY = 'azure-identity.msal-cache.v2';
/** Where versions before the CAE split kept the cache (CAE and non-CAE access tokens mixed); migrated on first use. */
export const LEGACY_TOKEN_CACHE_KEY = 'azure-identity.msal-cache.v1';
const ACCESS_TOKENS = 'AccessToken';
const CAE_ACCESS_TOKENS = 'AccessTokenCae';

type CacheSections = Record<string, Record<string, Record<string, unknown>> | unknown>;

export interface AccountTokenCache extends TokenCacheStorage {
  /** Drops every entry of one MSAL account (its home account id) from the stored cache. */
  forgetAccount(homeAccountId: string): Promise<void>;
  /** Drops the cached access tokens (CAE and not) of one account (so the next silent request redeems its refresh token). */
  forgetAccessTokens(homeAccountId: string, match?: (entry: { realm?: string; target?: string }) => boolean): Promise<void>;
}

function parse(serialized: string | undefined): CacheSections | undefined {
  if (!serialized) return undefined;
  try {
    const value = JSON.parse(serialized) as unknown;
    return typeof value === 'object' && value !== null ? (value as CacheSections) : undefined;
  } catch {
    return undefined;
  }
}

function isSection(value: unknown): value is Record<string, Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What is stored, overlaid with what a client now holds: the client's entries win, the others stay. */
export function mergeCaches(stored: string | undefined, incoming: string): string {
  const base = parse(stored);
  const next = parse(incoming);
  if (!base || !next) return incoming;
  const merged: CacheSections = { ...base };
  for (const [section, entries] of Object.entries(next)) {
    const old = merged[section];
    merged[section] = isSection(old) && isSection(entries) ? { ...old, ...entries } : entries;
  }
  return JSON.stringify(merged);
}

/** True when an MSAL access-token entry holds a token issued to a CAE-capable client (`xms_cc` has cp1). */
function isCaeEntry(entry: unknown): boolean {
  const secret = (entry as { secret?: unknown } | undefined)?.secret;
  if (typeof secret !== 'string') return false;
  try {
    const payload = JSON.parse(Buffer.from(secret.split('.')[1] ?? '', 'base64url').toString('utf8')) as { xms_cc?: unknown };
    return Array.isArray(payload.xms_cc) && payload.xms_cc.some((c) => typeof c === 'string' && c.toLowerCase() === 'cp1');
  } catch {
    return false;
  }
}

/** A v1 cache (one mixed access-token section) in the v2 layout: its access tokens sorted by their capability. */
export function splitLegacyCache(serialized: string): string | undefined {
  const legacy = parse(serialized);
  if (!legacy) return undefined;
  const { [ACCESS_TOKENS]: mixed, ...rest } = legacy;
  const plain: Record<string, unknown> = {};
  const cae: Record<string, unknown> = {};
  if (isSection(mixed)) for (const [key, entry] of Object.entries(mixed)) (isCaeEntry(entry) ? cae : plain)[key] = entry;
  return JSON.stringify({ ...rest, [ACCESS_TOKENS]: plain, [CAE_ACCESS_TOKENS]: cae });
}

/** What one MSAL application sees of the stored document: the shared sections and its own access tokens. */
function viewOf(stored: string | undefined, partition: TokenCachePartition | undefined): string | undefined {
  const cache = parse(stored);
  if (!cache) return stored;
  const { [ACCESS_TOKENS]: plain, [CAE_ACCESS_TOKENS]: cae, ...shared } = cache;
  const own = partition?.cae ? cae : plain;
  return JSON.stringify(own === undefined ? shared : { ...shared, [ACCESS_TOKENS]: own });
}

/** An application's serialized cache as it is stored: its access tokens under its partition's section. */
function storedFormOf(serialized: string, partition: TokenCachePartition | undefined): string {
  if (!partition?.cae) return serialized;
  const cache = parse(serialized);
  if (!cache) return serialized;
  const { [ACCESS_TOKENS]: own, ...shared } = cache;
  return JSON.stringify(own === undefined ? shared : { ...shared, [CAE_ACCESS_TOKENS]: own });
}

export function secretStorageTokenCache(secrets: SecretStore, key = TOKEN_CACHE_KEY, legacyKey: string | undefined = LEGACY_TOKEN_CACHE_KEY): AccountTokenCache {
  // Saves and removals run one at a time, so a merge always starts from the last write.
  let queue: Promise<unknown> = Promise.resolve();
  // Across windows too, where the store offers an exclusive section.
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(() => (secrets.exclusive ? secrets.exclusive(work) : work()));
    queue = run.catch(() => undefined);
    return run;
  };
  let migrated = legacyKey === undefined;
  /** The stored document, after moving a v1 cache (if any) to the v2 key once. */
  const read = async (): Promise<string | undefined> => {
    const stored = await secrets.get(key);
    if (migrated) return stored;
    const legacy = await secrets.get(legacyKey!);
    if (legacy !== undefined) {
      const split = stored === undefined ? splitLegacyCache(legacy) : undefined;
      if (split !== undefined) await secrets.store(key, split);
      await secrets.delete(legacyKey!);
      migrated = true;
      return split ?? stored;
    }
    migrated = true;
    return stored;
  };
  const rewrite = (change: (cache: CacheSections) => boolean) =>
    serial(async () => {
      const cache = parse(await read());
      if (cache && change(cache)) await secrets.store(key, JSON.stringify(cache));
    });
  return {
    load: (partition) => serial(async () => viewOf(await read(), partition)),
    save: (serialized, partition) =>
      serial(async () => {
        const stored = await read();
        const merged = mergeCaches(stored, storedFormOf(serialized, partition));
        if (merged !== stored) await secrets.store(key, merged);
      }),
    forgetAccount: (homeAccountId) =>
      rewrite((cache) => {
        let changed = false;
        for (const section of Object.values(cache)) {
          if (!isSection(section)) continue;
          for (const [entryKey, entry] of Object.entries(section)) {
            if (entry?.home_account_id === homeAccountId) {
              delete section[entryKey];
              changed = true;
            }
          }
        }
        return changed;
      }),
    forgetAccessTokens: (homeAccountId, match = () => true) =>
      rewrite((cache) => {
        let changed = false;
        for (const name of [ACCESS_TOKENS, CAE_ACCESS_TOKENS]) {
          const section = cache[name];
          if (!isSection(section)) continue;
          for (const [entryKey, entry] of Object.entries(section)) {
            if (entry?.home_account_id === homeAccountId && match({ realm: entry.realm as string | undefined, target: entry.target as string | undefined })) {
              delete section[entryKey];
              changed = true;
            }
          }
        }
        return changed;
      }),
  };
}
