// The lock several processes take around one persistent token cache: a lock file created exclusively
// (`<cache>.lockfile`, the name msal-node-extensions uses, so other MSAL-based tools wait on the same file),
// holding the owner's pid. Unlike msal-node-extensions' lock, a lock whose owner died (SIGKILL, a crash, a
// power cut) is taken over: when its pid is gone, or when it is older than any write could take.
import { promises as fs } from 'node:fs';
import { CredentialUnavailableError } from '../errors';

export interface FileLockOptions {
  /** How long to wait for the lock in all. */
  readonly timeoutMs: number;
  /** A lock file older than this is stale whatever it says: a cache write takes milliseconds. */
  readonly staleMs: number;
  /** Told when a stale lock is taken over (for the log). */
  readonly onStaleLock?: (reason: string) => void;
}

export const DEFAULT_FILE_LOCK_OPTIONS: FileLockOptions = { timeoutMs: 15_000, staleMs: 10_000 };

const RETRY_DELAY_MS = 10;

export class FileLock {
  private handle: fs.FileHandle | undefined;

  constructor(
    readonly lockPath: string,
    private readonly options: FileLockOptions = DEFAULT_FILE_LOCK_OPTIONS,
  ) {}

  async acquire(): Promise<void> {
    const deadline = Date.now() + this.options.timeoutMs;
    for (let attempt = 0; ; attempt++) {
      try {
        this.handle = await fs.open(this.lockPath, 'wx', 0o600);
        await this.handle.write(String(process.pid));
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
          await this.closeHandle();
          throw new CredentialUnavailableError(`The token cache lock ${this.lockPath} could not be created: ${(error as Error).message}.`, { cause: error });
        }
      }
      if (await this.removeIfStale()) continue;
      if (Date.now() >= deadline) {
        throw new CredentialUnavailableError(
          `The token cache is locked by another process (${this.lockPath}) and stayed locked for ${Math.round(this.options.timeoutMs / 1000)} s. If no other program is using it, delete that file.`,
        );
      }
      // A little jitter so waiting processes do not retry in lockstep.
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS + (attempt % 7)));
    }
  }

  async release(): Promise<void> {
    if (!this.handle) return;
    try {
      await fs.unlink(this.lockPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    } finally {
      await this.closeHandle();
    }
  }

  private async closeHandle(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close().catch(() => undefined);
  }

  /** Takes over a lock whose owner is gone; true when the lock file was removed. */
  private async removeIfStale(): Promise<boolean> {
    let content: string;
    let ageMs: number;
    try {
      const [text, stat] = await Promise.all([fs.readFile(this.lockPath, 'utf8'), fs.stat(this.lockPath)]);
      content = text;
      ageMs = Date.now() - stat.mtimeMs;
    } catch {
      return false; // released meanwhile: retry at once
    }
    const pid = Number.parseInt(content.trim().split(/\s+/)[0] ?? '', 10);
    // An empty file is an owner between creating and writing it: only its age can make it stale.
    const ownerGone = Number.isInteger(pid) && pid > 0 && pid !== process.pid && !isAlive(pid);
    const tooOld = ageMs > this.options.staleMs;
    if (!ownerGone && !tooOld) return false;
    try {
      // Only the file we judged: if another process took it over and re-created it meanwhile, its content differs.
      if ((await fs.readFile(this.lockPath, 'utf8')) !== content) return false;
      await fs.unlink(this.lockPath);
    } catch {
      return false;
    }
    this.options.onStaleLock?.(ownerGone ? `its owner (pid ${pid}) is no longer running` : `it is ${Math.round(ageMs / 1000)} s old`);
    return true;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
