// The MSAL token cache of user accounts, kept in VS Code's SecretStorage (encrypted by the OS through VS
// Code): native keyring modules cannot load in an extension host.
import type * as vscode from 'vscode';
import type { TokenCacheStorage } from '../../identity/index';

const CACHE_KEY = 'azure-identity.msal-cache.v1';

export function secretStorageTokenCache(secrets: vscode.SecretStorage): TokenCacheStorage {
  return {
    load: async () => (await secrets.get(CACHE_KEY)) ?? undefined,
    save: async (serialized) => {
      await secrets.store(CACHE_KEY, serialized);
    },
  };
}
