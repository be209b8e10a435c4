// The status bar item: the default account and the tenant its tokens come from. Clicking it switches the
// default account or tenant, signs in another account or signs out. Before the first sign-in only a small
// "Sign in" entry; nothing at all when azureIdentity.statusBar.enabled is off.
import * as vscode from 'vscode';
import type { Account, AccountTenant } from '../accounts/accountServiceContract';
import type { AccountService } from '../accounts/accountService';
import { cloudDisplayName } from '../accounts/clouds';
import { accountLabel, tenantLabel, tenantName } from '../tree/treeModel';

export const STATUS_BAR_COMMAND = 'azureIdentity.statusBar.switch';

export class AccountStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('azureIdentity.account', vscode.StatusBarAlignment.Left, 50);
  private readonly subscriptions: { dispose(): void }[];
  private generation = 0;

  constructor(private readonly service: AccountService, private readonly enabled: () => boolean) {
    this.item.name = vscode.l10n.t('Azure Identity account');
    const update = () => void this.update();
    this.subscriptions = [
      service.onDidChangeAccounts(update),
      service.onDidChangeDefaultAccount(update),
      service.onDidChangeTenants(update),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('azureIdentity')) update();
      }),
      vscode.commands.registerCommand(STATUS_BAR_COMMAND, () => this.pick()),
    ];
    update();
  }

  /** What the item shows now (for the in-host tests). */
  snapshot(): { readonly visible: boolean; readonly text: string; readonly command?: string } {
    return { visible: this.visible, text: this.item.text, command: typeof this.item.command === 'string' ? this.item.command : this.item.command?.command };
  }

  private visible = false;

  async update(): Promise<void> {
    const generation = ++this.generation;
    if (!this.enabled()) {
      this.item.hide();
      this.visible = false;
      return;
    }
    const account = await this.service.getDefaultAccount();
    if (generation !== this.generation) return;
    if (!account) {
      this.item.text = `$(sign-in) ${vscode.l10n.t('Sign in')}`;
      this.item.tooltip = vscode.l10n.t('Sign in to Azure with Azure Identity');
      this.item.command = 'azureIdentity.signIn';
      this.item.accessibilityInformation = { label: vscode.l10n.t('Sign in to Azure with Azure Identity') };
      this.item.show();
      this.visible = true;
      return;
    }
    const tenants = await this.service.getTenants(account.id).catch(() => undefined);
    if (generation !== this.generation) return;
    const where = tenantName(account, tenants);
    this.item.text = `$(account) ${accountLabel(account)} · ${where}`;
    this.item.tooltip = new vscode.MarkdownString(
      [
        vscode.l10n.t('**Azure Identity** default account: {0}', account.label),
        vscode.l10n.t('Tenant: {0}', where),
        vscode.l10n.t('Cloud: {0}', cloudDisplayName(account.cloud, account.authorityHost)),
        '',
        vscode.l10n.t('Click to switch the account or tenant, sign in or sign out.'),
      ].join('  \n'),
    );
    this.item.command = STATUS_BAR_COMMAND;
    this.item.accessibilityInformation = { label: vscode.l10n.t('Azure Identity default account {0}, tenant {1}', account.label, where) };
    this.item.show();
    this.visible = true;
  }

  private async pick(): Promise<void> {
    const [accounts, current] = await Promise.all([this.service.getAccounts(), this.service.getDefaultAccount()]);
    if (!current) {
      await vscode.commands.executeCommand('azureIdentity.signIn');
      return;
    }
    const tenants: readonly AccountTenant[] = await this.service.getTenants(current.id).catch(() => []);
    type Choice = vscode.QuickPickItem & { run?: () => Thenable<unknown> | Promise<unknown> };
    const usedTenant = current.defaultTenantId ?? current.homeTenantId;
    const choices: Choice[] = [
      { label: vscode.l10n.t('Accounts'), kind: vscode.QuickPickItemKind.Separator },
      ...accounts.map((account: Account): Choice => ({
        label: `${account.id === current.id ? '$(check)' : '$(account)'} ${accountLabel(account)}`,
        description: account.id === current.id ? vscode.l10n.t('default') : vscode.l10n.t('make default'),
        detail: `${account.label} · ${cloudDisplayName(account.cloud, account.authorityHost)}`,
        run: account.id === current.id ? undefined : () => this.service.setDefaultAccount(account.id),
      })),
      ...(tenants.length > 1
        ? [
            { label: vscode.l10n.t('Tenants of {0}', current.label), kind: vscode.QuickPickItemKind.Separator } as Choice,
            ...tenants.map((tenant): Choice => ({
              label: `${tenant.tenantId === usedTenant ? '$(check)' : tenant.state === 'signInRequired' ? '$(warning)' : '$(organization)'} ${tenantLabel(tenant)}`,
              description: tenant.state === 'signInRequired' ? vscode.l10n.t('sign in required') : tenant.tenantId === usedTenant ? vscode.l10n.t('used for tokens') : vscode.l10n.t('use for tokens'),
              detail: tenant.tenantId,
              run: tenant.tenantId === usedTenant
                ? undefined
                : tenant.state === 'signInRequired'
                  ? () => vscode.commands.executeCommand('azureIdentity.signInToTenant', { accountId: current.id, tenantId: tenant.tenantId })
                  : () => this.service.setDefaultTenant(current.id, tenant.tenantId),
            })),
          ]
        : []),
      { label: '', kind: vscode.QuickPickItemKind.Separator },
      { label: `$(sign-in) ${vscode.l10n.t('Sign in with another account…')}`, run: () => vscode.commands.executeCommand('azureIdentity.signIn') },
      { label: `$(sign-out) ${vscode.l10n.t('Sign out of {0}', current.label)}`, run: () => vscode.commands.executeCommand('azureIdentity.signOut', { accountId: current.id }) },
    ];
    const picked = await vscode.window.showQuickPick(choices, { title: vscode.l10n.t('Azure Identity'), placeHolder: vscode.l10n.t('Switch the default account or tenant') });
    await picked?.run?.();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
