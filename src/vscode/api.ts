// The versioned API other extensions get from `vscode.extensions.getExtension(...).exports`.
import type * as vscode from 'vscode';
import type { AccessToken, GetTokenOptions, TokenCredential } from '../identity/index';
import type { AzureIdentityAuthenticationProvider } from './authenticationProvider';

export interface AzureIdentityExtensionApi {
  /** Bumped on any incompatible change; consumers check it before use. */
  readonly apiVersion: 1;
  /** The authentication provider id to pass to `vscode.authentication.getSession`. */
  readonly providerId: string;
  /**
   * A TokenCredential (@azure/core-auth shape) for the default account: hand it to any Azure SDK for JS
   * client. It never prompts; without a signed-in account it throws CredentialUnavailableError.
   */
  readonly credential: TokenCredential;
  /** The same as `credential.getToken`. */
  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken>;
  /** The signed-in accounts, as the Accounts menu shows them. */
  getAccounts(): Promise<readonly vscode.AuthenticationSessionAccountInformation[]>;
  /** Fires when an account signs in or out. */
  readonly onDidChangeAccounts: vscode.Event<void>;
}

export function createExtensionApi(provider: AzureIdentityAuthenticationProvider): AzureIdentityExtensionApi {
  const getToken = (scopes: string | string[], options?: GetTokenOptions) => provider.getTokenForDefaultAccount(scopes, options);
  return {
    apiVersion: 1,
    providerId: provider.id,
    credential: { getToken },
    getToken,
    getAccounts: async () => (await provider.getSessions(undefined, {})).map((s) => s.account),
    onDidChangeAccounts: (listener, thisArgs, disposables) => provider.onDidChangeSessions(() => listener.call(thisArgs, undefined), undefined, disposables),
  };
}
