// INTERIM, until the AccountService lands: the terminal's view of the accounts through the current provider
// (first account = default; home tenant only). Deleted when src/extension.ts hands the AccountService over.
import type { Account, AccountToken, CloudName } from '../accounts/accountServiceContract';
import type { StoredAccount } from '../accounts/storedAccount';
import type { AzureIdentityAuthenticationProvider } from '../authenticationProvider';
import type { TerminalAccountSource } from './terminalIntegration';

function cloudOf(authorityHost: string): CloudName {
  if (authorityHost.includes('chinacloudapi.cn')) return 'AzureChinaCloud';
  if (authorityHost.includes('microsoftonline.us')) return 'AzureUSGovernment';
  if (authorityHost.includes('microsoftonline.de')) return 'AzureGermanCloud';
  return authorityHost.includes('login.microsoftonline.com') ? 'AzureCloud' : 'custom';
}

function toAccount(stored: StoredAccount): Account {
  return {
    id: stored.id,
    label: stored.label,
    kind: stored.method === 'environment' ? 'servicePrincipal' : stored.method === 'managedIdentity' ? 'managedIdentity' : 'user',
    method: stored.method,
    cloud: cloudOf(stored.authorityHost),
    authorityHost: stored.authorityHost,
    homeTenantId: stored.tenantId,
    clientId: stored.clientId,
    signedInAt: stored.signedInAt,
  };
}

export function interimTerminalAccountSource(provider: AzureIdentityAuthenticationProvider): TerminalAccountSource {
  const find = async (id: string) => (await provider.accounts.list()).find((a) => a.id === id);
  return {
    getAccounts: async () => (await provider.accounts.list()).map(toAccount),
    getAccount: async (id) => {
      const stored = await find(id);
      return stored && toAccount(stored);
    },
    getDefaultAccount: async () => {
      const [first] = await provider.accounts.list();
      return first && toAccount(first);
    },
    getTenants: async (id) => {
      const stored = await find(id);
      return stored ? [{ tenantId: stored.tenantId, state: 'unknown' as const }] : [];
    },
    getToken: async (accountId, request): Promise<AccountToken> => {
      const stored = accountId === undefined ? (await provider.accounts.list())[0] : await find(accountId);
      if (!stored) throw Object.assign(new Error('No account is signed in to Azure Identity.'), { name: 'CredentialUnavailableError' });
      const token = await provider.credentials.for(stored).getToken([...request.scopes], { tenantId: request.tenantId, abortSignal: request.abortSignal });
      if (!token) throw Object.assign(new Error(`No token for ${stored.label}; sign in again.`), { name: 'CredentialUnavailableError' });
      return { ...token, accountId: stored.id, tenantId: request.tenantId ?? stored.tenantId };
    },
  };
}
