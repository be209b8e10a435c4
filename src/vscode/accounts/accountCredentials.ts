// One library credential per signed-in account, made once and kept so its in-memory token cache serves every
// later request. User accounts never prompt from here: a missing token is an AuthenticationRequiredError,
// and signing in again is the Accounts menu's job.
import type * as vscode from 'vscode';
import {
  AzureCliCredential,
  AzurePowerShellCredential,
  EnvironmentCredential,
  InteractiveBrowserCredential,
  ManagedIdentityCredential,
  type TokenCredential,
} from '../../identity/index';
import type { StoredAccount } from './storedAccount';
import { secretStorageTokenCache } from './secretStorageTokenCache';

export interface CredentialDefaults {
  readonly authorityHost: string;
}

export class AccountCredentials {
  private readonly credentials = new Map<string, TokenCredential>();

  constructor(private readonly secrets: vscode.SecretStorage) {}

  /** Options every credential of this extension gets. */
  commonOptions(defaults: CredentialDefaults) {
    return {
      // The library turns instance discovery off by itself for a host Microsoft does not know (custom clouds).
      authorityHost: defaults.authorityHost,
      // Extensions ask for tokens in the tenants their scopes name (VSCODE_TENANT:); the account decides.
      additionallyAllowedTenants: ['*'],
    };
  }

  /** Options that keep user sign-ins in SecretStorage, shared by the sign-in flow and later silent use. */
  userCacheOptions() {
    return { tokenCachePersistenceOptions: { enabled: true, storage: secretStorageTokenCache(this.secrets) } };
  }

  for(account: StoredAccount): TokenCredential {
    let credential = this.credentials.get(account.id);
    if (!credential) {
      credential = this.create(account);
      this.credentials.set(account.id, credential);
    }
    return credential;
  }

  forget(accountId: string): void {
    this.credentials.delete(accountId);
  }

  private create(account: StoredAccount): TokenCredential {
    const common = this.commonOptions(account);
    switch (account.method) {
      case 'interactiveBrowser':
      case 'deviceCode':
        if (!account.record) throw new Error(`The stored account ${account.label} has no sign-in record; sign in again.`);
        return new InteractiveBrowserCredential({
          ...common,
          ...this.userCacheOptions(),
          tenantId: account.tenantId,
          clientId: account.clientId,
          authenticationRecord: account.record,
          disableAutomaticAuthentication: true,
        });
      case 'azureCli':
        return new AzureCliCredential({ tenantId: account.tenantId, additionallyAllowedTenants: ['*'] });
      case 'azurePowerShell':
        return new AzurePowerShellCredential({ tenantId: account.tenantId, additionallyAllowedTenants: ['*'] });
      case 'environment':
        return new EnvironmentCredential(common);
      case 'managedIdentity':
        return new ManagedIdentityCredential(common);
    }
  }
}
