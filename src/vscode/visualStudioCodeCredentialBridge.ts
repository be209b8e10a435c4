// Lets the library's VisualStudioCodeCredential (and so DefaultAzureCredential) used by code running in this
// extension host get tokens for the account signed in here. Silent only: the chain may start it early and
// must never cause a prompt.
import type * as vscode from 'vscode';
import { notifyVisualStudioCodeAccountsChanged, setVisualStudioCodeTokenProvider } from '../identity/index';
import type { AccountServiceContract } from './accounts/accountServiceContract';

export function serveVisualStudioCodeCredential(service: AccountServiceContract): vscode.Disposable {
  const registration = setVisualStudioCodeTokenProvider(async (request) => {
    if (!(await service.getDefaultAccount())) return undefined;
    const { token, expiresOnTimestamp, refreshAfterTimestamp, tokenType } = await service.getToken(undefined, {
      scopes: typeof request.scopes === 'string' ? [request.scopes] : request.scopes,
      tenantId: request.tenantId,
      claims: request.claims,
      enableCae: request.enableCae,
      abortSignal: request.abortSignal,
      consumer: { kind: 'extension', extensionId: 'VisualStudioCodeCredential' },
    });
    return { token, expiresOnTimestamp, refreshAfterTimestamp, tokenType };
  });
  // Tokens of an account that signed out must not outlive it in any credential's cache.
  const subscription = service.onDidChangeAccounts(() => notifyVisualStudioCodeAccountsChanged());
  return {
    dispose: () => {
      subscription.dispose();
      registration.dispose();
    },
  };
}
