// The MSAL cache plugin over a persistent cache file (plaintext) or keyring entry, safe for many processes:
// every access holds the cross-process lock from reading to writing, the cache is re-read whenever the file
// changed since this process last saw it (inode, size and time: a lost update otherwise), a plaintext file is
// replaced atomically (a reader never sees half a cache, a crash never leaves one), a stale lock is taken over,
// and unreadable contents are set aside with a warning instead of failing every sign-in. Sections a newer
// library added are kept (MSAL merges them back).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { CredentialLogger } from '../logger';
import { FileLock, DEFAULT_FILE_LOCK_OPTIONS, type FileLockOptions } from './fileLock';
import type { MsalCachePlugin, MsalPersistence } from './loadMsal';

export interface PersistentCachePluginOptions {
  readonly persistence: MsalPersistence;
  /** True when the cache itself is the file (no keyring): writes are atomic renames, permissions are checked. */
  readonly plaintext: boolean;
  readonly logger: CredentialLogger;
  readonly lock?: FileLockOptions;
}

type CacheContext = Parameters<MsalCachePlugin['beforeCacheAccess']>[0];

export function persistentCachePlugin(options: PersistentCachePluginOptions): MsalCachePlugin {
  const { persistence, plaintext, logger } = options;
  const cachePath = persistence.getFilePath();
  const lock = new FileLock(`${cachePath}.lockfile`, {
    ...(options.lock ?? DEFAULT_FILE_LOCK_OPTIONS),
    onStaleLock: (reason) => logger.warning(`Took over the token cache lock of ${cachePath}: ${reason}.`),
  });
  /** What the file looked like when this process last read or wrote it; undefined: never loaded. */
  let seen: string | undefined;

  async function reloadIfChanged(context: CacheContext): Promise<void> {
    const now = await fileStamp(cachePath);
    if (seen !== undefined && now === seen) return;
    const serialized = await persistence.load();
    if (serialized) {
      try {
        context.tokenCache.deserialize(serialized);
      } catch (error) {
        await setAside(cachePath, plaintext, persistence, logger, (error as Error).message);
        // MSAL kept the unreadable text as the snapshot it merges into on the next write: replace it.
        context.tokenCache.deserialize('{}');
      }
    }
    seen = await fileStamp(cachePath);
  }

  return {
    async beforeCacheAccess(context) {
      await lock.acquire();
      try {
        await reloadIfChanged(context);
      } catch (error) {
        await lock.release();
        throw error;
      }
      // A read needs the lock only while loading; a write keeps it until afterCacheAccess has saved.
      if (!context.cacheHasChanged) await lock.release();
    },
    async afterCacheAccess(context) {
      try {
        if (!context.cacheHasChanged) return;
        const serialized = context.tokenCache.serialize();
        if (plaintext) await writeAtomically(cachePath, serialized);
        else await persistence.save(serialized);
        seen = await fileStamp(cachePath);
      } finally {
        await lock.release();
      }
    },
  };
}

/** Identity of the file's current contents: an atomic rename gives a new inode, an in-place write a new time. */
async function fileStamp(file: string): Promise<string> {
  try {
    const stat = await fs.stat(file, { bigint: true });
    return `${stat.ino}:${stat.size}:${stat.mtimeNs}`;
  } catch {
    return 'absent';
  }
}

async function writeAtomically(file: string, contents: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await fs.writeFile(temporary, contents, { mode: 0o600 });
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.unlink(temporary).catch(() => undefined);
    throw error;
  }
}

/** Moves unreadable contents out of the way (kept beside the cache for a person to inspect) and starts empty. */
async function setAside(file: string, plaintext: boolean, persistence: MsalPersistence, logger: CredentialLogger, reason: string): Promise<void> {
  if (plaintext) {
    const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await fs.rename(file, aside);
    logger.warning(`The token cache ${file} could not be read (${reason.slice(0, 120)}); it was moved to ${aside} and a new cache is started. Sign in again where a token is missing.`);
  } else {
    await persistence.save('{}');
    logger.warning(`The token cache in the system keyring (${file}) could not be read (${reason.slice(0, 120)}); a new cache is started. Sign in again where a token is missing.`);
  }
}
