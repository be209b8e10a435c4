// The MSAL token cache of user accounts, kept in VS Code's SecretStorage (encrypted by the OS through VS
// Code): native keyring modules cannot load in an extension host. Every account's credential (and the sign-in
// flow's) has its own MSAL client over this one stored cache, so a save merges into what is stored instead of
// overwriting it: one client's save must not drop the tokens another client wrote since it last loaded.
// Signing out removes the account's entries explicitly. Plain Node: no `vscode` import.
import type { TokenCacheStorage } from '../../identity/index';
import type { SecretStore } from './secretStore';

export const TOKEN_CACHE_KEY = 'azure-identity.msal-cache.v1';

type CacheSections = Record<string, Record<string, Record<string, unknown>> | unknown>;

export interface AccountTokenCache extends TokenCacheStorage {
  /** Drops every entry of one MSAL account (its home account id) from the stored cache. */
  forgetAccount(homeAccountId: string): Promise<void>;
  /** Drops the cached access tokens of one account (so the next silent request redeems its refresh token). */
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

export function secretStorageTokenCache(secrets: SecretStore, key = TOKEN_CACHE_KEY): AccountTokenCache {
  // Saves and removals run one at a time, so a merge always starts from the last write.
  let queue: Promise<unknown> = Promise.resolve();
  // Across windows too, where the store offers an exclusive section.
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(() => (secrets.exclusive ? secrets.exclusive(work) : work()));
    queue = run.catch(() => undefined);
    return run;
  };
  const rewrite = (change: (cache: CacheSections) => boolean) =>
    serial(async () => {
      const cache = parse(await secrets.get(key));
      if (cache && change(cache)) await secrets.store(key, JSON.stringify(cache));
    });
  return {
    load: async () => (await secrets.get(key)) ?? undefined,
    save: (serialized) =>
      serial(async () => {
        const stored = await secrets.get(key);
        const merged = mergeCaches(stored, serialized);
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
        const section = cache.AccessToken;
        if (!isSection(section)) return false;
        let changed = false;
        for (const [entryKey, entry] of Object.entries(section)) {
          if (entry?.home_account_id === homeAccountId && match({ realm: entry.realm as string | undefined, target: entry.target as string | undefined })) {
            delete section[entryKey];
            changed = true;
          }
        }
        return changed;
      }),
  };
}
