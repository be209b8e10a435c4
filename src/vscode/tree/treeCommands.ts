// The Accounts tree's actions and title actions. Each takes the node it was invoked on (or, from the command
// palette, asks), and goes through the account service; nothing here holds a token longer than a call.
import * as vscode from 'vscode';
import type { Account } from '../accounts/accountServiceContract';
import type { AccountService } from '../accounts/accountService';
import type { Logger } from '../log/logger';
import { readSettings } from '../settings';
import { signInFromCommand } from '../commands';
import { signIn } from '../signIn/signInFlow';
import type { AccountsTreeDataProvider } from './accountsTree';
import { adoptSharedCacheAccount, type FoundAccounts } from './foundAccounts';
import type { FoundAccount } from './treeModel';

/** What the tree's nodes carry for commands; the status bar and other callers pass the same shape. */
interface AccountArgument {
  readonly accountId?: string;
}
interface TenantArgument extends AccountArgument {
  readonly tenantId?: string;
}
interface TokenArgument extends TenantArgument {
  readonly scopes?: readonly string[];
}

export const COPY_ACCESS_TOKEN_COMMAND = 'azureIdentity.copyAccessToken';

export function registerTreeCommands(service: AccountService, tree: AccountsTreeDataProvider, found: FoundAccounts, logger: Logger): vscode.Disposable {
  const pickAccountId = async (argument: AccountArgument | undefined, title: string): Promise<string | undefined> => {
    if (argument?.accountId) return argument.accountId;
    const accounts = await service.getAccounts();
    if (accounts.length <= 1) return accounts[0]?.id;
    const picked = await vscode.window.showQuickPick(accounts.map((a) => ({ label: a.label, description: a.homeTenantName ?? a.homeTenantId, id: a.id })), { title });
    return picked?.id;
  };
  const failed = (what: string, error: unknown) => {
    if (error instanceof vscode.CancellationError) return;
    const reason = error instanceof Error ? error.message : String(error);
    logger.warn(`[tree] ${what} failed: ${reason}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('Azure Identity: {0} failed. {1}', what, reason));
  };

  return vscode.Disposable.from(
    vscode.commands.registerCommand('azureIdentity.refresh', async () => {
      found.refresh();
      const accounts = await service.getAccounts();
      await Promise.all(accounts.map((a) => service.getTenants(a.id, { refresh: true }).catch(() => undefined)));
      tree.refresh();
    }),
    vscode.commands.registerCommand('azureIdentity.makeDefault', async (argument?: AccountArgument) => {
      const id = await pickAccountId(argument, vscode.l10n.t('Make an account the default'));
      if (!id) return;
      await service.setDefaultAccount(id).catch((error: unknown) => failed(vscode.l10n.t('making the account the default'), error));
    }),
    vscode.commands.registerCommand('azureIdentity.useTenant', async (argument?: TenantArgument) => {
      const id = await pickAccountId(argument, vscode.l10n.t('Choose the tenant tokens come from'));
      if (!id) return;
      let tenantId = argument?.tenantId;
      if (!tenantId) {
        const tenants = await service.getTenants(id);
        const picked = await vscode.window.showQuickPick(
          tenants.filter((x) => x.state === 'signedIn').map((x) => ({ label: x.displayName ?? x.tenantId, description: x.tenantId, tenantId: x.tenantId })),
          { title: vscode.l10n.t('Choose the tenant tokens come from') },
        );
        tenantId = picked?.tenantId;
      }
      if (tenantId) await service.setDefaultTenant(id, tenantId).catch((error: unknown) => failed(vscode.l10n.t('choosing the tenant'), error));
    }),
    vscode.commands.registerCommand('azureIdentity.signInToTenant', async (argument?: TenantArgument) => {
      const id = await pickAccountId(argument, vscode.l10n.t('Sign in to a tenant'));
      const account = id ? await service.getAccount(id) : undefined;
      if (!account) return;
      let tenantId = argument?.tenantId;
      if (!tenantId) {
        const tenants = await service.getTenants(account.id);
        const picked = await vscode.window.showQuickPick(tenants.map((x) => ({ label: x.displayName ?? x.tenantId, description: x.state, tenantId: x.tenantId })), { title: vscode.l10n.t('Sign in to a tenant') });
        tenantId = picked?.tenantId;
      }
      if (!tenantId) return;
      const method = account.method === 'interactiveBrowser' || account.method === 'deviceCode' ? account.method : undefined;
      try {
        const stored = account as Account & { readonly resourceManagerEndpoint?: string };
        await signIn(service, logger, {
          tenant: tenantId,
          method,
          loginHint: account.kind === 'user' ? account.label : undefined,
          cloudOf: { cloud: account.cloud, authorityHost: account.authorityHost, clientId: account.clientId, resourceManagerEndpoint: stored.resourceManagerEndpoint ?? readSettings().resourceManagerEndpoint },
        });
        await service.getTenants(account.id, { refresh: true });
      } catch (error) {
        failed(vscode.l10n.t('signing in to the tenant'), error);
      }
    }),
    vscode.commands.registerCommand('azureIdentity.refreshToken', async (argument?: TokenArgument) => {
      if (!argument?.accountId || !argument.scopes?.length) return;
      try {
        await service.getToken(argument.accountId, { scopes: argument.scopes, tenantId: argument.tenantId, forceRefresh: true, consumer: { kind: 'tree' } });
      } catch (error) {
        failed(vscode.l10n.t('refreshing the token'), error);
      }
    }),
    vscode.commands.registerCommand('azureIdentity.tree.copyToken', async (argument?: TokenArgument) => {
      if (!argument?.accountId || !argument.scopes?.length) return;
      await vscode.commands.executeCommand(COPY_ACCESS_TOKEN_COMMAND, { accountId: argument.accountId, scopes: [...argument.scopes], tenantId: argument.tenantId });
    }),
    vscode.commands.registerCommand('azureIdentity.signOutAll', async () => {
      const accounts = await service.getAccounts();
      if (!accounts.length) return;
      const signOut = vscode.l10n.t('Sign Out of All');
      const answer = await vscode.window.showWarningMessage(
        vscode.l10n.t('Sign out of all {0} Azure Identity accounts?', accounts.length),
        { modal: true, detail: vscode.l10n.t('Their tokens are forgotten in every window. Extensions and terminals lose access until you sign in again.') },
        signOut,
      );
      if (answer === signOut) await service.signOutAll();
    }),
    vscode.commands.registerCommand('azureIdentity.useFoundAccount', async (argument?: { readonly found?: FoundAccount }) => {
      const target = argument?.found;
      if (!target) return;
      if (target.source === 'azureCli') {
        await signInFromCommand(service, logger, { method: 'azureCli' });
        found.refresh();
        return;
      }
      try {
        const settings = readSettings();
        const result = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Using {0} from the shared token cache…', target.username), cancellable: true },
          (_progress, token) => {
            const abort = new AbortController();
            token.onCancellationRequested(() => abort.abort());
            return adoptSharedCacheAccount(target, settings, AbortSignal.any([abort.signal, AbortSignal.timeout(60_000)]));
          },
        );
        await service.addAccount(result.account, result.credential);
        logger.info(`[tree] signed in ${result.account.label} from the shared token cache`);
        found.refresh();
      } catch (error) {
        failed(vscode.l10n.t('using the account'), error);
      }
    }),
  );
}

/**
 * Copy Access Token, until the exported-API work brings its own (with the consent rules): a modal warning
 * first, then the token on the clipboard. Registered last and only when no command of that name exists.
 */
export function registerCopyAccessTokenFallback(service: AccountService, logger: Logger): vscode.Disposable {
  try {
    return vscode.commands.registerCommand(COPY_ACCESS_TOKEN_COMMAND, async (argument?: TokenArgument) => {
      const copy = vscode.l10n.t('Copy Token');
      const answer = await vscode.window.showWarningMessage(
        vscode.l10n.t('Copy an access token to the clipboard?'),
        { modal: true, detail: vscode.l10n.t('Anyone who gets this token can act as this account until it expires. Paste it only where you trust it, and never into a chat or an issue.') },
        copy,
      );
      if (answer !== copy) return;
      const token = await service.getToken(argument?.accountId, { scopes: argument?.scopes?.length ? argument.scopes : ['https://management.azure.com/.default'], tenantId: argument?.tenantId, consumer: { kind: 'command', command: COPY_ACCESS_TOKEN_COMMAND } });
      await vscode.env.clipboard.writeText(token.token);
      logger.info(`[tree] an access token for ${(argument?.scopes ?? []).join(' ')} was copied to the clipboard`);
    });
  } catch {
    return { dispose: () => undefined };
  }
}
