// A SecretStore in files on the extension host's machine, shared by every window of that machine. Used where
// VS Code's SecretStorage is per window: in code-server (and `code serve-web`) the workbench keeps all secrets
// of a window in one in-memory object, loaded from the browser's localStorage when the window opens and
// written back whole, without awaiting, on every change. So a second window never sees what the first one
// stores, and its next write (of any key) replaces the first window's entries in localStorage; a reload right
// after a write can also lose it. Here each key is its own file, written to a temporary file and renamed (a
// reader sees the old value or the new one), with a change event for other windows' writes (fs.watch), and an
// exclusive section (a lock directory) so a read-change-write of one window is not interleaved with another's.
// Values are encrypted (AES-256-GCM, the key name as associated data) with a key kept in its own 0600 file,
// so a copy of the values alone (a backup, a synced settings folder) gives nothing away. Plain Node.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { promises as fs, watch, type FSWatcher } from 'node:fs';
import * as path from 'node:path';
import type { Subscription } from './accountServiceContract';
import { Emitter } from './emitter';
import type { AccountLogger, SecretStore } from './secretStore';

const KEY_FILE = 'store.key';
const LOCK_DIR = 'store.lock';
const VALUE_SUFFIX = '.secret';
/** A lock older than this was left by a window that died inside its section. */
const STALE_LOCK_MS = 30_000;

export class StoreLockTimeoutError extends Error {
  constructor(dir: string, waitedMs: number) {
    super(`Another window kept the account store (${dir}) locked for ${Math.round(waitedMs / 1000)} s; try again.`);
    this.name = 'StoreLockTimeoutError';
  }
}

export class CorruptSecretError extends Error {
  constructor(key: string, reason: string) {
    super(`The stored value of ${key} could not be read (${reason}).`);
    this.name = 'CorruptSecretError';
  }
}

export interface FileSecretStoreOptions {
  readonly logger?: AccountLogger;
  /** How long `exclusive` waits for another window's section. Default 10 s. */
  readonly lockTimeoutMs?: number;
}

function fileNameOf(key: string): string {
  // Key names are not file names ('/', ':'); a hash keeps them short and safe.
  return createHash('sha256').update(key).digest('hex').slice(0, 40) + VALUE_SUFFIX;
}

export class FileSecretStore implements SecretStore, Subscription {
  private readonly changed = new Emitter<{ readonly key: string }>();
  readonly onDidChange = this.changed.event;
  /** Keys this store has been asked about, by file name: the watcher names files, events name keys. */
  private readonly keysByFile = new Map<string, string>();
  /** The last ciphertext seen per file: a watcher event for a write of our own (or no change) is not announced. */
  private readonly lastSeen = new Map<string, string | undefined>();
  private keyPromise: Promise<Buffer> | undefined;
  private watcher: FSWatcher | undefined;
  private readonly ready: Promise<void>;
  private disposed = false;

  constructor(
    readonly dir: string,
    private readonly options: FileSecretStoreOptions = {},
  ) {
    this.ready = this.init();
  }

  async get(key: string): Promise<string | undefined> {
    await this.ready;
    const file = this.track(key);
    const raw = await readIfExists(path.join(this.dir, file));
    this.lastSeen.set(file, raw);
    if (raw === undefined) return undefined;
    try {
      return await this.decrypt(key, raw);
    } catch (error) {
      // Set aside, not kept in the way and not lost: the next write starts afresh.
      const aside = path.join(this.dir, `${file}.unreadable-${Date.now()}`);
      await fs.rename(path.join(this.dir, file), aside).catch(() => undefined);
      this.options.logger?.warn(`[accounts] ${(error as Error).message} It was set aside as ${aside}.`);
      return undefined;
    }
  }

  async store(key: string, value: string): Promise<void> {
    await this.ready;
    const file = this.track(key);
    const raw = await this.encrypt(key, value);
    const target = path.join(this.dir, file);
    const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await fs.writeFile(temp, raw, { mode: 0o600 });
    await fs.rename(temp, target);
    this.lastSeen.set(file, raw);
    queueMicrotask(() => this.fire(key));
  }

  async delete(key: string): Promise<void> {
    await this.ready;
    const file = this.track(key);
    try {
      await fs.unlink(path.join(this.dir, file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    this.lastSeen.set(file, undefined);
    queueMicrotask(() => this.fire(key));
  }

  /** Runs `work` while no other window (or process) runs an exclusive section of this store. */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    await this.ready;
    const lock = path.join(this.dir, LOCK_DIR);
    const timeout = this.options.lockTimeoutMs ?? 10_000;
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        await fs.mkdir(lock);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const age = await fs.stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
        if (age > STALE_LOCK_MS) {
          this.options.logger?.warn(`[accounts] removed a lock of the account store left for ${Math.round(age / 1000)} s by a window that ended.`);
          await fs.rmdir(lock).catch(() => undefined);
          continue;
        }
        if (Date.now() - started > timeout) throw new StoreLockTimeoutError(this.dir, Date.now() - started);
        await new Promise((resolve) => setTimeout(resolve, Math.min(5 * 2 ** Math.min(attempt, 4), 50)));
      }
    }
    try {
      return await work();
    } finally {
      await fs.rmdir(lock).catch(() => undefined);
    }
  }

  dispose(): void {
    this.disposed = true;
    this.watcher?.close();
    this.changed.dispose();
  }

  private async init(): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    try {
      this.watcher = watch(this.dir, { persistent: false }, (_event, name) => {
        if (name) void this.onFileEvent(name.toString());
      });
      this.watcher.on('error', (error) => this.options.logger?.warn(`[accounts] watching the account store stopped: ${error.message}`));
    } catch (error) {
      this.options.logger?.warn(`[accounts] the account store cannot be watched (${(error as Error).message}); other windows' changes show after a reload.`);
    }
  }

  private track(key: string): string {
    const file = fileNameOf(key);
    this.keysByFile.set(file, key);
    return file;
  }

  private async onFileEvent(name: string): Promise<void> {
    if (this.disposed || !name.endsWith(VALUE_SUFFIX)) return;
    const key = this.keysByFile.get(name);
    if (key === undefined) return;
    const raw = await readIfExists(path.join(this.dir, name)).catch(() => undefined);
    if (this.lastSeen.has(name) && this.lastSeen.get(name) === raw) return;
    this.lastSeen.set(name, raw);
    this.fire(key);
  }

  private fire(key: string): void {
    if (!this.disposed) this.changed.fire({ key }, (error) => this.options.logger?.error(`[accounts] a listener of the account store failed: ${(error as Error)?.message}`));
  }

  private key(): Promise<Buffer> {
    this.keyPromise ??= this.loadOrCreateKey();
    return this.keyPromise;
  }

  private async loadOrCreateKey(): Promise<Buffer> {
    await this.ready;
    const file = path.join(this.dir, KEY_FILE);
    for (let attempt = 0; attempt < 3; attempt++) {
      const existing = await fs.readFile(file).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      });
      if (existing?.length === 32) return existing;
      if (existing) throw new CorruptSecretError(KEY_FILE, `the key file is ${existing.length} bytes, not 32`);
      // Written whole to a temporary file and linked into place: two windows starting together end with one key.
      const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      await fs.writeFile(temp, randomBytes(32), { mode: 0o600 });
      try {
        await fs.link(temp, file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      } finally {
        await fs.unlink(temp).catch(() => undefined);
      }
    }
    throw new CorruptSecretError(KEY_FILE, 'the key file could not be created');
  }

  private async encrypt(key: string, value: string): Promise<string> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', await this.key(), iv);
    cipher.setAAD(Buffer.from(key, 'utf8'));
    const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return JSON.stringify({ v: 1, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') });
  }

  private async decrypt(key: string, raw: string): Promise<string> {
    let parsed: { v?: unknown; iv?: unknown; tag?: unknown; data?: unknown };
    try {
      parsed = JSON.parse(raw) as typeof parsed;
    } catch {
      throw new CorruptSecretError(key, 'not JSON');
    }
    if (parsed.v !== 1 || typeof parsed.iv !== 'string' || typeof parsed.tag !== 'string' || typeof parsed.data !== 'string') {
      throw new CorruptSecretError(key, 'unknown format');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', await this.key(), Buffer.from(parsed.iv, 'base64'));
      decipher.setAAD(Buffer.from(key, 'utf8'));
      decipher.setAuthTag(Buffer.from(parsed.tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(parsed.data, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new CorruptSecretError(key, 'it does not decrypt with the store key');
    }
  }
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Moves what `from` holds under `keys` into `to` once, when `to` has none of it yet (the accounts a person
 * signed in to before the file store existed), then removes them from `from`.
 */
export async function migrateSecrets(from: SecretStore, to: SecretStore, keys: readonly string[]): Promise<string[]> {
  const moved: string[] = [];
  for (const key of keys) {
    if ((await to.get(key)) !== undefined) continue;
    const value = await from.get(key);
    if (value === undefined) continue;
    await to.store(key, value);
    moved.push(key);
  }
  for (const key of moved) await from.delete(key);
  return moved;
}
