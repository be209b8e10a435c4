// The "Accounts" view: one node per signed-in account, refreshed when accounts change (here or in another window).
import * as vscode from 'vscode';
import type { Account } from '../accounts/accountServiceContract';
import type { AccountService } from '../accounts/accountService';
import { describeMethod } from '../accounts/storedAccount';

export const ACCOUNTS_VIEW_ID = 'azureIdentity.accounts';

export class AccountsTreeDataProvider implements vscode.TreeDataProvider<Account>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: { dispose(): void }[];

  constructor(private readonly service: AccountService) {
    this.subscriptions = [service.onDidChangeAccounts(() => this.changed.fire()), service.onDidChangeDefaultAccount(() => this.changed.fire())];
  }

  getTreeItem(account: Account): vscode.TreeItem {
    const item = new vscode.TreeItem(account.label, vscode.TreeItemCollapsibleState.None);
    item.id = account.id;
    item.iconPath = new vscode.ThemeIcon('account');
    item.description = `${describeMethod(account.method)} · ${account.homeTenantName ?? account.homeTenantId}`;
    item.contextValue = 'azureIdentity.account';
    return item;
  }

  async getChildren(element?: Account): Promise<Account[]> {
    if (element) return [];
    return [...(await this.service.getAccounts())];
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
