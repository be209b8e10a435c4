// The "Accounts" view: one node per signed-in account, refreshed when sessions change.
import * as vscode from 'vscode';
import type { AzureIdentityAuthenticationProvider } from './authenticationProvider';

export const ACCOUNTS_VIEW_ID = 'azureIdentity.accounts';

export class AccountsTreeDataProvider implements vscode.TreeDataProvider<vscode.AuthenticationSession>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly provider: AzureIdentityAuthenticationProvider) {
    this.subscription = provider.onDidChangeSessions(() => this.changed.fire());
  }

  getTreeItem(session: vscode.AuthenticationSession): vscode.TreeItem {
    const item = new vscode.TreeItem(session.account.label, vscode.TreeItemCollapsibleState.None);
    item.id = session.id;
    item.iconPath = new vscode.ThemeIcon('account');
    item.contextValue = 'account';
    return item;
  }

  async getChildren(element?: vscode.AuthenticationSession): Promise<vscode.AuthenticationSession[]> {
    if (element) return [];
    return [...(await this.provider.getSessions(undefined, {}))];
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
