// The "Accounts" view: one node per signed-in account with how it signed in and its tenant, refreshed when
// accounts change (in this window or another).
import * as vscode from 'vscode';
import type { AzureIdentityAuthenticationProvider } from './authenticationProvider';
import { describeMethod, type StoredAccount } from './accounts/storedAccount';

export const ACCOUNTS_VIEW_ID = 'azureIdentity.accounts';

export class AccountsTreeDataProvider implements vscode.TreeDataProvider<StoredAccount>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly provider: AzureIdentityAuthenticationProvider) {
    this.subscription = provider.accounts.onDidChange(() => this.changed.fire());
  }

  getTreeItem(account: StoredAccount): vscode.TreeItem {
    const item = new vscode.TreeItem(account.label, vscode.TreeItemCollapsibleState.None);
    item.id = account.id;
    item.iconPath = new vscode.ThemeIcon('account');
    item.description = `${describeMethod(account.method)} · ${account.tenantId}`;
    item.tooltip = new vscode.MarkdownString(
      [`**${account.label}**`, `Signed in with: ${describeMethod(account.method)}`, `Authority: ${account.authorityHost}`, `Tenant: ${account.tenantId}`, `Client id: ${account.clientId}`].join('  \n'),
    );
    item.contextValue = 'azureIdentity.account';
    return item;
  }

  async getChildren(element?: StoredAccount): Promise<StoredAccount[]> {
    if (element) return [];
    return [...(await this.provider.accounts.list())];
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
