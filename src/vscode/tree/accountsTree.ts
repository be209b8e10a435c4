// The "Accounts" view: each account (who, cloud, tenant, method, the default mark), under it the tenants it
// can reach and the tokens it holds, and a "Found on this machine" group with other tools' accounts. It
// redraws on every change the account service announces and when settings change. What each item says comes
// from treeModel.ts (plain, unit-tested); this file only turns it into TreeItems.
import * as vscode from 'vscode';
import type { Account, AccountTenant, InventoryToken } from '../accounts/accountServiceContract';
import type { AccountService } from '../accounts/accountService';
import type { FoundAccountsSource } from './foundAccounts';
import {
  CONTEXT,
  accountDescription,
  accountIcon,
  accountLabel,
  accountTooltip,
  foundAccountDescription,
  tenantContext,
  tenantDescription,
  tenantLabel,
  tenantTooltip,
  tokenDescription,
  tokenLabel,
  tokenTooltip,
  type FoundAccount,
} from './treeModel';

export const ACCOUNTS_VIEW_ID = 'azureIdentity.accounts';

const t = (message: string, ...args: (string | number | boolean)[]) => vscode.l10n.t(message, ...args);

/** The nodes of the tree. Command arguments: an account node carries `accountId`, a token node `scopes` too. */
export type AccountsTreeNode =
  | { readonly type: 'account'; readonly account: Account; readonly accountId: string; readonly isDefault: boolean }
  | { readonly type: 'tenants'; readonly account: Account; readonly accountId: string }
  | { readonly type: 'tokens'; readonly account: Account; readonly accountId: string }
  | { readonly type: 'tenant'; readonly account: Account; readonly accountId: string; readonly tenant: AccountTenant; readonly tenantId: string }
  | { readonly type: 'token'; readonly account: Account; readonly accountId: string; readonly token: InventoryToken; readonly scopes: readonly string[]; readonly tenantId: string }
  | { readonly type: 'found' }
  | { readonly type: 'foundAccount'; readonly found: FoundAccount }
  | { readonly type: 'message'; readonly id: string; readonly text: string; readonly detail?: string };

export class AccountsTreeDataProvider implements vscode.TreeDataProvider<AccountsTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<AccountsTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: { dispose(): void }[];
  /** Tenants per account, as last fetched, so token and account descriptions can name tenants. */
  private readonly tenantsSeen = new Map<string, readonly AccountTenant[]>();
  private clockTimer: NodeJS.Timeout | undefined;

  constructor(private readonly service: AccountService, private readonly found: FoundAccountsSource | undefined) {
    const redraw = () => this.refresh();
    this.subscriptions = [
      service.onDidChangeAccounts(redraw),
      service.onDidChangeDefaultAccount(redraw),
      service.onDidChangeTokens(redraw),
      service.onDidChangeTenants(redraw),
      ...(found ? [found.onDidChange(redraw)] : []),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('azureIdentity')) redraw();
      }),
    ];
    // "expires in 52 min" goes stale: redraw once a minute while the view is there.
    this.clockTimer = setInterval(redraw, 60_000);
    this.clockTimer.unref?.();
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: AccountsTreeNode): vscode.TreeItem {
    const now = Date.now();
    switch (node.type) {
      case 'account': {
        const { account } = node;
        const item = new vscode.TreeItem(accountLabel(account), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `account:${account.id}`;
        item.description = accountDescription(t, account, node.isDefault, this.tenantsSeen.get(account.id));
        item.tooltip = new vscode.MarkdownString(accountTooltip(t, account, node.isDefault));
        item.iconPath = new vscode.ThemeIcon(node.isDefault ? 'star-full' : accountIcon(account));
        item.contextValue = node.isDefault ? CONTEXT.defaultAccount : CONTEXT.account;
        item.accessibilityInformation = { label: `${accountLabel(account)}, ${item.description}` };
        return item;
      }
      case 'tenants': {
        const item = new vscode.TreeItem(t('Tenants'), vscode.TreeItemCollapsibleState.Expanded);
        item.id = `tenants:${node.accountId}`;
        item.iconPath = new vscode.ThemeIcon('organization');
        item.contextValue = CONTEXT.tenantsGroup;
        return item;
      }
      case 'tokens': {
        const count = this.service.getTokens(node.accountId).length;
        const item = new vscode.TreeItem(t('Tokens'), count ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `tokens:${node.accountId}`;
        item.description = count ? String(count) : t('none yet');
        item.iconPath = new vscode.ThemeIcon('key');
        item.contextValue = CONTEXT.tokensGroup;
        return item;
      }
      case 'tenant': {
        const item = new vscode.TreeItem(tenantLabel(node.tenant), vscode.TreeItemCollapsibleState.None);
        item.id = `tenant:${node.accountId}:${node.tenantId}`;
        item.description = tenantDescription(t, node.account, node.tenant);
        item.tooltip = new vscode.MarkdownString(tenantTooltip(t, node.tenant));
        item.iconPath = new vscode.ThemeIcon(node.tenant.state === 'signedIn' ? 'pass' : node.tenant.state === 'signInRequired' ? 'warning' : 'question');
        item.contextValue = tenantContext(node.account, node.tenant);
        if (node.tenant.state === 'signInRequired') {
          item.command = { command: 'azureIdentity.signInToTenant', title: t('Sign in to tenant'), arguments: [node] };
        }
        return item;
      }
      case 'token': {
        const item = new vscode.TreeItem(tokenLabel(t, node.token, node.account), vscode.TreeItemCollapsibleState.None);
        item.id = `token:${node.accountId}:${node.token.tenantId}:${node.token.scopes.join(' ')}:${node.token.cae ? 'cae' : ''}`;
        item.description = tokenDescription(t, node.token, now, this.tenantsSeen.get(node.accountId));
        item.tooltip = new vscode.MarkdownString(tokenTooltip(t, node.token, now, node.account));
        item.iconPath = new vscode.ThemeIcon(node.token.expiresOnTimestamp > now ? 'key' : 'history');
        item.contextValue = CONTEXT.token;
        return item;
      }
      case 'found': {
        const item = new vscode.TreeItem(t('Found on this machine'), vscode.TreeItemCollapsibleState.Expanded);
        item.id = 'found';
        item.iconPath = new vscode.ThemeIcon('search');
        item.tooltip = t('Accounts other Microsoft developer tools signed in to on this machine. Nothing here changes unless you choose "Use this account".');
        item.contextValue = CONTEXT.foundGroup;
        return item;
      }
      case 'foundAccount': {
        const item = new vscode.TreeItem(node.found.username, vscode.TreeItemCollapsibleState.None);
        item.id = `found:${node.found.source}:${node.found.key}`;
        item.description = foundAccountDescription(t, node.found);
        item.tooltip = t('Use this account: signs in silently through {0}, without a browser.', node.found.source === 'azureCli' ? t('the Azure CLI') : t('the shared token cache'));
        item.iconPath = new vscode.ThemeIcon(node.found.source === 'azureCli' ? 'terminal' : 'database');
        item.contextValue = CONTEXT.foundAccount;
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.tooltip = node.detail;
        item.iconPath = new vscode.ThemeIcon('info');
        item.contextValue = CONTEXT.message;
        return item;
      }
    }
  }

  async getChildren(node?: AccountsTreeNode): Promise<AccountsTreeNode[]> {
    if (!node) {
      const accounts = await this.service.getAccounts();
      const defaultId = (await this.service.getDefaultAccount())?.id;
      const nodes: AccountsTreeNode[] = accounts.map((account) => ({ type: 'account', account, accountId: account.id, isDefault: account.id === defaultId }));
      // With no account the welcome view shows (its Sign In lists the Azure CLI's account among the ways in);
      // once one is signed in, other tools' accounts are offered in their own group.
      if (!accounts.length) return nodes;
      const found = this.found ? await this.found.list(accounts).catch(() => []) : [];
      if (found.length) nodes.push({ type: 'found' });
      return nodes;
    }
    switch (node.type) {
      case 'account':
        return [
          { type: 'tenants', account: node.account, accountId: node.accountId },
          { type: 'tokens', account: node.account, accountId: node.accountId },
        ];
      case 'tenants': {
        let tenants: readonly AccountTenant[];
        try {
          tenants = await this.service.getTenants(node.accountId);
        } catch (error) {
          return [{ type: 'message', id: `tenants-error:${node.accountId}`, text: t('Tenants could not be listed'), detail: error instanceof Error ? error.message : String(error) }];
        }
        this.tenantsSeen.set(node.accountId, tenants);
        return tenants.map((tenant) => ({ type: 'tenant', account: node.account, accountId: node.accountId, tenant, tenantId: tenant.tenantId }));
      }
      case 'tokens': {
        const tokens = this.service.getTokens(node.accountId);
        if (!tokens.length) return [{ type: 'message', id: `tokens-none:${node.accountId}`, text: t('No token handed out yet in this window') }];
        return tokens.map((token) => ({ type: 'token', account: node.account, accountId: node.accountId, token, scopes: token.scopes, tenantId: token.tenantId }));
      }
      case 'found': {
        const found = this.found ? await this.found.list(await this.service.getAccounts()) : [];
        return found.map((f) => ({ type: 'foundAccount', found: f }));
      }
      default:
        return [];
    }
  }

  dispose(): void {
    if (this.clockTimer) clearInterval(this.clockTimer);
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
