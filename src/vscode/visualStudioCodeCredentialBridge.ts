// Lets the library's VisualStudioCodeCredential (and so DefaultAzureCredential) used by code running in this
// extension host get tokens for the account signed in here. Silent only: the chain may start it early and
// must never cause a prompt.
import type * as vscode from 'vscode';
import { notifyVisualStudioCodeAccountsChanged, setVisualStudioCodeTokenProvider } from '../identity/index';
import type { AzureIdentityAuthenticationProvider } from './authenticationProvider';

export function serveVisualStudioCodeCredential(provider: AzureIdentityAuthenticationProvider): vscode.Disposable {
  const registration = setVisualStudioCodeTokenProvider(async (request) => {
    const accounts = await provider.accounts.list();
    if (accounts.length === 0) return undefined;
    return provider.getTokenForDefaultAccount(request.scopes, {
      tenantId: request.tenantId,
      claims: request.claims,
      enableCae: request.enableCae,
      abortSignal: request.abortSignal,
    });
  });
  // Tokens of an account that signed out must not outlive it in any credential's cache.
  const subscription = provider.accounts.onDidChange(() => notifyVisualStudioCodeAccountsChanged());
  return {
    dispose: () => {
      subscription.dispose();
      registration.dispose();
    },
  };
}
