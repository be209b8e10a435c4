// The extension's account commands: sign in (the same flow as the Accounts menu, without VS Code's consent
// prompt for our own extension) and sign out of an account.
import * as vscode from 'vscode';
import type { Account } from './accounts/accountServiceContract';
import type { AccountService } from './accounts/accountService';
import type { Logger } from './log/logger';
import { signIn } from './signIn/signInFlow';
import { SIGN_IN_METHODS, type SignInMethodId } from './settingsModel';

/** Runs a sign-in from a command: a dismissed picker or a cancelled progress is quiet, a failure says why. */
export async function signInFromCommand(service: AccountService, logger: Logger, options: Parameters<typeof signIn>[2] = {}): Promise<Account | undefined> {
  try {
    return await signIn(service, logger, options);
  } catch (error) {
    if (error instanceof vscode.CancellationError) return undefined;
    void vscode.window.showErrorMessage(vscode.l10n.t('Azure Identity: signing in failed. {0}', error instanceof Error ? error.message : String(error)));
    return undefined;
  }
}

export function registerCommands(service: AccountService, logger: Logger): vscode.Disposable {
  return vscode.Disposable.from(
    // Callers (the status bar, tests, other commands) may name the method and tenant; menus pass nothing.
    vscode.commands.registerCommand('azureIdentity.signIn', (options?: { readonly method?: unknown; readonly tenant?: unknown }) =>
      signInFromCommand(service, logger, {
        method: typeof options?.method === 'string' && (SIGN_IN_METHODS as readonly string[]).includes(options.method) ? (options.method as SignInMethodId) : undefined,
        tenant: typeof options?.tenant === 'string' && options.tenant ? options.tenant : undefined,
      }),
    ),
    vscode.commands.registerCommand('azureIdentity.signOut', async (target?: { readonly accountId?: string; readonly account?: Account; readonly id?: string }) => {
      const id = target?.accountId ?? target?.account?.id ?? target?.id ?? (await pickAccount(service))?.id;
      if (id) await service.signOut(id);
    }),
  );
}

async function pickAccount(service: AccountService): Promise<Account | undefined> {
  const accounts = await service.getAccounts();
  if (accounts.length <= 1) return accounts[0];
  const picked = await vscode.window.showQuickPick(
    accounts.map((account) => ({ label: account.label, description: account.homeTenantName ?? account.homeTenantId, account })),
    { title: vscode.l10n.t('Sign out of Azure Identity'), placeHolder: vscode.l10n.t('Which account?') },
  );
  return picked?.account;
}
