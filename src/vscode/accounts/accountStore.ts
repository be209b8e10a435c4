// The signed-in accounts, kept in VS Code's SecretStorage (encrypted by the OS, and shared by the windows of
// one VS Code) so they survive a reload. Another window's change arrives through SecretStorage's event.
import * as vscode from 'vscode';
import type { Logger } from '../logger';
import { parseStoredAccounts, type StoredAccount } from './storedAccount';

const ACCOUNTS_KEY = 'azure-identity.accounts.v1';

export interface AccountsChange {
  readonly added: readonly StoredAccount[];
  readonly removed: readonly StoredAccount[];
}

export class AccountStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<AccountsChange>();
  readonly onDidChange = this.changed.event;
  private accounts: Promise<StoredAccount[]>;
  /** Writes are queued so two sign-ins finishing together cannot overwrite each other. */
  private writes: Promise<unknown> = Promise.resolve();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage, private readonly logger: Logger) {
    this.accounts = this.read();
    this.subscription = secrets.onDidChange((e) => {
      if (e.key === ACCOUNTS_KEY) void this.reloadFromOtherWindow();
    });
  }

  list(): Promise<readonly StoredAccount[]> {
    return this.accounts;
  }

  async get(id: string): Promise<StoredAccount | undefined> {
    return (await this.accounts).find((a) => a.id === id);
  }

  /** Adds the account, or replaces the one with the same id (a fresh sign-in of the same person). */
  upsert(account: StoredAccount): Promise<void> {
    return this.update((list) => [...list.filter((a) => a.id !== account.id), account]);
  }

  remove(id: string): Promise<void> {
    return this.update((list) => list.filter((a) => a.id !== id));
  }

  private update(change: (list: StoredAccount[]) => StoredAccount[]): Promise<void> {
    const write = this.writes.then(async () => {
      const before = await this.accounts;
      const after = change(before);
      this.accounts = Promise.resolve(after);
      await this.secrets.store(ACCOUNTS_KEY, JSON.stringify(after));
      this.fireDifference(before, after);
    });
    this.writes = write.catch(() => undefined);
    return write;
  }

  private async read(): Promise<StoredAccount[]> {
    const { accounts, dropped } = parseStoredAccounts(await this.secrets.get(ACCOUNTS_KEY));
    if (dropped) this.logger.warn(`[accounts] ${dropped} stored account record(s) were unreadable and are ignored; sign in again to replace them.`);
    return accounts;
  }

  private async reloadFromOtherWindow(): Promise<void> {
    const before = await this.accounts;
    this.accounts = this.read();
    this.fireDifference(before, await this.accounts);
  }

  private fireDifference(before: readonly StoredAccount[], after: readonly StoredAccount[]): void {
    const beforeIds = new Set(before.map((a) => a.id));
    const afterIds = new Set(after.map((a) => a.id));
    const added = after.filter((a) => !beforeIds.has(a.id));
    const removed = before.filter((a) => !afterIds.has(a.id));
    if (added.length || removed.length) this.changed.fire({ added, removed });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
