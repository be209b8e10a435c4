// An MSAL cache plugin over a caller's TokenCacheStorage (VS Code's SecretStorage in the extension): read the
// whole cache before MSAL looks at it, write it back only when MSAL changed it. Each MSAL application (one with
// client capability cp1, one without) names its partition, so the storage can keep their tokens apart.
import type { TokenCacheStorage } from '../types';
import type { MsalCachePlugin } from './loadMsal';

export function storageCachePlugin(storage: TokenCacheStorage, enableCae: boolean): MsalCachePlugin {
  const partition = { cae: enableCae };
  return {
    async beforeCacheAccess(context) {
      const serialized = await storage.load(partition);
      if (serialized) context.tokenCache.deserialize(serialized);
    },
    async afterCacheAccess(context) {
      if (context.cacheHasChanged) await storage.save(context.tokenCache.serialize(), partition);
    },
  };
}
