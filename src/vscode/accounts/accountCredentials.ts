// One library credential per signed-in account, made once and kept so its in-memory token cache serves every
// later request. User accounts never prompt from here: a missing token is an AuthenticationRequiredError,
// and signing in again is the Accounts menu's job. Plain Node: no `vscode` import.
import {
  AzureCliCredential,
  AzurePowerShellCredential,
  CredentialUnavailableError,
  EnvironmentCredential,
  InteractiveBrowserCredential,
  ManagedIdentityCredential,
  SharedTokenCacheCredential,
  type TokenCacheStorage,
  type TokenCredential,
} from '../../identity/index';
import type { StoredAccount } from './storedAccount';

/** Options every credential of this extension gets. */
export function commonCredentialOptions(authorityHost: string) {
  return {
    // The library turns instance discovery off by itself for a host Microsoft does not know (custom clouds).
    authorityHost,
    // Extensions ask for tokens in the tenants their scopes name (VSCODE_TENANT:); the account decides.
    additionallyAllowedTenants: ['*'],
  };
}

/** Options that keep user sign-ins in the given cache storage, shared by the sign-in flow and later silent use. */
export function userCacheOptions(storage: TokenCacheStorage) {
  return { tokenCachePersistenceOptions: { enabled: true, storage } };
}

export type CredentialFactory = (account: StoredAccount, userCache: TokenCacheStorage) => TokenCredential;

/** The credential that gets an account's tokens silently, the same way it signed in. */
export const createAccountCredential: CredentialFactory = (account, userCache) => {
  const common = commonCredentialOptions(account.authorityHost);
  switch (account.method) {
    case 'interactiveBrowser':
    case 'deviceCode':
      if (!account.record) throw new CredentialUnavailableError(`The stored account ${account.label} has no sign-in record; sign in again.`);
      return new InteractiveBrowserCredential({
        ...common,
        ...userCacheOptions(userCache),
        tenantId: account.homeTenantId,
        clientId: account.clientId,
        authenticationRecord: account.record,
        disableAutomaticAuthentication: true,
      });
    case 'sharedTokenCache':
      return new SharedTokenCacheCredential({ ...common, authenticationRecord: account.record, username: account.record?.username });
    case 'azureCli':
      return new AzureCliCredential({ tenantId: account.homeTenantId, additionallyAllowedTenants: ['*'] });
    case 'azurePowerShell':
      return new AzurePowerShellCredential({ tenantId: account.homeTenantId, additionallyAllowedTenants: ['*'] });
    case 'environment':
      return new EnvironmentCredential(common);
    case 'managedIdentity':
      return new ManagedIdentityCredential(common);
    case 'azureDeveloperCli':
      throw new CredentialUnavailableError(`Accounts of the Azure Developer CLI cannot give tokens here yet; sign in another way.`);
  }
};
