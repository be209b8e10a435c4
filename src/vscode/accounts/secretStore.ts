// The shapes the account service needs from VS Code, as plain types (vscode.SecretStorage satisfies
// SecretStore), and an in-memory store: the window-only mode (azureIdentity.persistence off) and unit tests.
import type { Subscription } from './accountServiceContract';
import { Emitter } from './emitter';

export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
  /** Fires for every change, this window's own and other windows' alike. */
  readonly onDidChange: (listener: (event: { readonly key: string }) => unknown) => Subscription;
  /**
   * Runs `work` while no other window runs an exclusive section of this store (a read-change-write across
   * windows). Absent: the store has one writer at a time already (memory), or cannot offer it (SecretStorage).
   */
  exclusive?<T>(work: () => Promise<T>): Promise<T>;
}

/** The log lines the service writes (vscode.LogOutputChannel satisfies it). Never given a token. */
export interface AccountLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A SecretStore in memory. Two services given the same one behave like two windows of one VS Code. */
export class MemorySecretStore implements SecretStore {
  private readonly values = new Map<string, string>();
  private readonly changed = new Emitter<{ readonly key: string }>();
  readonly onDidChange = this.changed.event;

  constructor(initial: Record<string, string> = {}) {
    for (const [key, value] of Object.entries(initial)) this.values.set(key, value);
  }

  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.values.get(key));
  }

  store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    // Like VS Code, the event comes after the write, asynchronously.
    queueMicrotask(() => this.changed.fire({ key }));
    return Promise.resolve();
  }

  delete(key: string): Promise<void> {
    if (this.values.delete(key)) queueMicrotask(() => this.changed.fire({ key }));
    return Promise.resolve();
  }

  keys(): string[] {
    return [...this.values.keys()];
  }
}
