// The extension's commands: sign in (the same flow as the Accounts menu) and sign out of an account.
import * as vscode from 'vscode';
import { AUTHENTICATION_PROVIDER_ID, type AzureIdentityAuthenticationProvider } from './authenticationProvider';
import type { StoredAccount } from './accounts/storedAccount';

/** The scope a plain "sign in" asks for: Azure Resource Manager, which every Azure account can get. */
const SIGN_IN_SCOPES = ['https://management.azure.com/.default'];

export function registerCommands(provider: AzureIdentityAuthenticationProvider): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('azureIdentity.signIn', async () => {
      await vscode.authentication.getSession(AUTHENTICATION_PROVIDER_ID, SIGN_IN_SCOPES, { createIfNone: true, clearSessionPreference: true });
    }),
    vscode.commands.registerCommand('azureIdentity.signOut', async (account?: StoredAccount) => {
      const target = account ?? (await pickAccount(provider));
      if (target) await provider.removeSession(target.id);
    }),
  );
}

async function pickAccount(provider: AzureIdentityAuthenticationProvider): Promise<StoredAccount | undefined> {
  const accounts = await provider.accounts.list();
  if (accounts.length <= 1) return accounts[0];
  const picked = await vscode.window.showQuickPick(
    accounts.map((account) => ({ label: account.label, description: account.tenantId, account })),
    { title: 'Sign out of Azure Identity', placeHolder: 'Which account?' },
  );
  return picked?.account;
}
