// Persistent token caches through @azure/msal-node-extensions, laid out like the other Azure Identity
// libraries so a cache one library writes, another reads: `~/.IdentityService/<name>` for a name the caller
// chose (what Python azure.identity and @azure/identity 4.x with its cache plugin use), and
// `msal.cache.nocae` / `msal.cache.cae` for the default name (where @azure/identity splits too); keyring
// service "Microsoft.Developer.IdentityService", account "MSALCache". Encrypted by the OS secret store; a
// plaintext file (mode 0600) only when the caller allows it.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CredentialUnavailableError, errorMessage } from '../errors';
import type { CredentialLogger } from '../logger';
import type { TokenCachePersistenceOptions } from '../types';
import { loadMsalNodeExtensions, type MsalCachePlugin, type MsalPersistence } from './loadMsal';
import { msalLoggerOptions } from './msalLogging';
import { FileLock } from './fileLock';
import { persistentCachePlugin } from './persistentCachePlugin';

export const DEFAULT_TOKEN_CACHE_NAME = 'msal.cache';
const KEYRING_SERVICE = 'Microsoft.Developer.IdentityService';
const KEYRING_ACCOUNT = 'MSALCache';

/** The directory the Azure Identity libraries share: %LOCALAPPDATA%\.IdentityService on Windows, else ~/.IdentityService. */
export function identityServiceDirectory(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'win32' && env.LOCALAPPDATA) return path.join(env.LOCALAPPDATA, '.IdentityService');
  return path.join(env.HOME || os.homedir(), '.IdentityService');
}

/**
 * The cache file for a name. An explicit name is the file itself, for CAE and other tokens alike: Python
 * azure.identity and @azure/identity 4.x (whose `{ name: \`${base}.nocae\`, ...options }` lets the caller's
 * name win) both use `~/.IdentityService/<name>`. Only the default name splits into `msal.cache.cae` for
 * CAE-capable tokens and `msal.cache.nocae` for the others, as @azure/identity 4.x does.
 */
export function persistentCachePath(name: string | undefined, enableCae: boolean, env: NodeJS.ProcessEnv = process.env): string {
  const explicit = name !== undefined && name.trim() !== '';
  const base = explicit ? name : DEFAULT_TOKEN_CACHE_NAME;
  if (!/^[\w.-]+$/.test(base) || base === '.' || base === '..') {
    throw new CredentialUnavailableError(`The token cache name "${base.slice(0, 60)}" may only contain letters, digits, "_", "-" and ".".`);
  }
  return path.join(identityServiceDirectory(env), explicit ? base : `${base}.${enableCae ? 'cae' : 'nocae'}`);
}

function allowsUnencryptedStorage(options: TokenCachePersistenceOptions): boolean {
  return options.allowUnencryptedStorage === true || options.unsafeAllowUnencryptedStorage === true;
}

/** Opens the persistence for one cache file, turning "no keyring" into an error that says what to do. */
export async function createPersistence(cachePath: string, options: TokenCachePersistenceOptions, logger: CredentialLogger): Promise<MsalPersistence> {
  let extensions: Awaited<ReturnType<typeof loadMsalNodeExtensions>>;
  try {
    extensions = await loadMsalNodeExtensions();
  } catch (error) {
    throw new CredentialUnavailableError(
      `Persistent token caching needs @azure/msal-node-extensions and its native keytar module, which could not be loaded here (${errorMessage(error)}). Reinstall the package, or turn tokenCachePersistenceOptions off.`,
      { cause: error },
    );
  }
  const allowPlaintext = allowsUnencryptedStorage(options);
  // Before msal-node-extensions opens the file: it makes a new file private but says nothing about an old one.
  if (allowPlaintext) await makePrivate(cachePath, logger);
  const create = () =>
    extensions.PersistenceCreator.createPersistence({
      cachePath,
      dataProtectionScope: extensions.DataProtectionScope.CurrentUser,
      serviceName: KEYRING_SERVICE,
      accountName: KEYRING_ACCOUNT,
      usePlaintextFileOnLinux: allowPlaintext,
      loggerOptions: msalLoggerOptions(logger),
    });
  try {
    const persistence = await withSelfCheckLock(cachePath, create);
    if (persistence instanceof extensions.FilePersistence) {
      logger.warning(`The OS secret store is unavailable; the token cache is a plaintext file readable only by you: ${cachePath}`);
    }
    return persistence;
  } catch (error) {
    throw new CredentialUnavailableError(encryptionUnavailableMessage(error), { cause: error });
  }
}

export async function createPersistenceCachePlugin(cachePath: string, options: TokenCachePersistenceOptions, logger: CredentialLogger): Promise<MsalCachePlugin> {
  const persistence = await createPersistence(cachePath, options, logger);
  const extensions = await loadMsalNodeExtensions();
  // Our own plugin, not msal-node-extensions' PersistenceCachePlugin: that one loses updates and hands out
  // half-written files under concurrent writers, and a writer killed while holding its lock blocks every
  // other process for good (test/unit/reliability/cacheConcurrency.test.ts).
  return persistentCachePlugin({ persistence, plaintext: persistence instanceof extensions.FilePersistence, logger });
}

/** A plaintext token cache readable by others is a leak waiting to happen: make it the owner's alone. */
/**
 * msal-node-extensions' self-check writes, reads and deletes one shared `test.cache` beside the cache:
 * processes starting together delete each other's and fail ("could not be read", ENOENT). They take turns.
 */
async function withSelfCheckLock<T>(cachePath: string, action: () => Promise<T>): Promise<T> {
  const directory = path.dirname(cachePath);
  await fs.mkdir(directory, { recursive: true, mode: 0o700 });
  const lock = new FileLock(path.join(directory, 'test.cache.lockfile'));
  await lock.acquire();
  try {
    return await action();
  } finally {
    await lock.release();
  }
}

async function makePrivate(file: string, logger: CredentialLogger): Promise<void> {
  try {
    const stat = await fs.stat(file);
    if ((stat.mode & 0o077) === 0) return;
    await fs.chmod(file, 0o600);
    logger.warning(`The plaintext token cache ${file} was readable by other users (mode ${(stat.mode & 0o777).toString(8)}); it is now readable only by you (0600).`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function encryptionUnavailableMessage(error: unknown): string {
  const reason = errorMessage(error);
  if (process.platform === 'linux') {
    return (
      `Cache encryption is impossible because the system keyring (libsecret over D-Bus) is unusable here, for example because no display or D-Bus session is available (as in an SSH session or a container): ${reason}. ` +
      'Start a keyring (for example `dbus-run-session` with `gnome-keyring-daemon --unlock`), or set tokenCachePersistenceOptions.allowUnencryptedStorage to true to keep the cache in a plaintext file readable only by you.'
    );
  }
  if (process.platform === 'darwin') {
    return `Cache encryption is impossible because the macOS Keychain could not be used: ${reason}. Unlock the login keychain, or set tokenCachePersistenceOptions.allowUnencryptedStorage to true.`;
  }
  return `The persistent token cache could not be opened: ${reason}.`;
}
