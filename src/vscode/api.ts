// The versioned API other extensions get from `vscode.extensions.getExtension(...).exports`.
import type * as vscode from 'vscode';
import type { AccessToken, GetTokenOptions, TokenCredential } from '../identity/index';
import type { AccountServiceContract } from './accounts/accountServiceContract';
import { AUTHENTICATION_PROVIDER_ID } from './provider/authenticationProvider';

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

export function createExtensionApi(service: AccountServiceContract): AzureIdentityExtensionApi {
  const getToken = async (scopes: string | string[], options: GetTokenOptions = {}): Promise<AccessToken> => {
    const { token, expiresOnTimestamp, refreshAfterTimestamp, tokenType } = await service.getToken(undefined, {
      scopes: typeof scopes === 'string' ? [scopes] : scopes,
      tenantId: options.tenantId,
      claims: options.claims,
      enableCae: options.enableCae,
      abortSignal: options.abortSignal,
      consumer: { kind: 'extension', extensionId: 'unknown' },
    });
    return { token, expiresOnTimestamp, refreshAfterTimestamp, tokenType };
  };
  return {
    apiVersion: 1,
    providerId: AUTHENTICATION_PROVIDER_ID,
    credential: { getToken },
    getToken,
    getAccounts: async () => (await service.getAccounts()).map((a) => ({ id: a.id, label: a.label })),
    onDidChangeAccounts: (listener, thisArgs, disposables) => {
      const subscription = service.onDidChangeAccounts(() => listener.call(thisArgs, undefined));
      disposables?.push(subscription);
      return subscription;
    },
  };
}
