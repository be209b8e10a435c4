// What the API tests share: an account service over a real credential against the emulator (alice, member of
// Contoso and guest of Fabrikam, with the Azure CLI's public client), recording what it handed out; an in-memory
// globalState; and a consent question answered by the test.
import type { Account, AccountTenant, AccountToken, AccountTokenRequest, AccountsChangeEvent } from '../../../../src/vscode/accounts/accountServiceContract';
import type { ApiAccountService } from '../../../../src/vscode/api/boundApi';
import { fetchArm, type ArmGet } from '../../../../src/vscode/api/subscriptionProvider';
import type { AccessMemento, ConsentAnswer, ConsentQuestion } from '../../../../src/vscode/api/extensionAccess';
import { UsernamePasswordCredential } from '../../../../src/identity/credentials/usernamePasswordCredential';
import { AZURE_CLI_CLIENT_ID, DEFAULT_PASSWORD, DEFAULT_TENANT_ID, DEFAULT_USERNAME, DEFAULT_USER_OBJECT_ID, SECOND_TENANT_ID } from '../../../emulator/defaults';
import type { TestEmulator } from '../../msalCredentials/support/emulator';

export class MemoryMemento implements AccessMemento {
  readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.values.set(key, JSON.parse(JSON.stringify(value)));
  }
}

/** A consent question answered by `answer`; every question asked is kept. */
export function scriptedConsent(answer: ConsentAnswer | (() => Promise<ConsentAnswer>)) {
  const asked: ConsentQuestion[] = [];
  return {
    asked,
    ask: async (question: ConsentQuestion): Promise<ConsentAnswer> => {
      asked.push(question);
      return typeof answer === 'function' ? answer() : answer;
    },
  };
}

function emitter<T>() {
  const listeners = new Set<(event: T) => void>();
  return {
    event: (listener: (event: T) => void) => {
      listeners.add(listener);
      return { dispose: () => void listeners.delete(listener) };
    },
    fire: (event: T) => listeners.forEach((l) => l(event)),
  };
}

export interface ServiceDouble extends ApiAccountService {
  readonly handOuts: AccountTokenRequest[];
  readonly account: Account;
  signOut(): void;
}

/** Alice, signed in with the password grant; a token per tenant from a credential of that tenant. */
export function aliceService(emulator: TestEmulator): ServiceDouble {
  const account: Account = {
    id: `${DEFAULT_USER_OBJECT_ID}.${DEFAULT_TENANT_ID}`,
    label: DEFAULT_USERNAME,
    kind: 'user',
    method: 'interactiveBrowser',
    cloud: 'AzureCloud',
    authorityHost: emulator.authorityHost,
    homeTenantId: DEFAULT_TENANT_ID,
    clientId: AZURE_CLI_CLIENT_ID,
    signedInAt: Date.now(),
  };
  let signedIn = true;
  const credentials = new Map<string, UsernamePasswordCredential>();
  const accountsChanged = emitter<AccountsChangeEvent>();
  const defaultChanged = emitter<Account | undefined>();
  const tenantsChanged = emitter<{ accountId: string }>();
  const handOuts: AccountTokenRequest[] = [];
  const tenants: AccountTenant[] = [
    { tenantId: DEFAULT_TENANT_ID, displayName: 'Contoso', state: 'signedIn' },
    { tenantId: SECOND_TENANT_ID, displayName: 'Fabrikam', state: 'signedIn' },
  ];
  const current = () => (signedIn ? account : undefined);
  return {
    account,
    handOuts,
    signOut() {
      signedIn = false;
      accountsChanged.fire({ added: [], removed: [account], changed: [] });
      defaultChanged.fire(undefined);
    },
    onDidChangeAccounts: accountsChanged.event,
    onDidChangeDefaultAccount: defaultChanged.event,
    onDidChangeTenants: tenantsChanged.event,
    getAccounts: async () => (signedIn ? [account] : []),
    getAccount: async (id) => (signedIn && id === account.id ? account : undefined),
    getDefaultAccount: async () => current(),
    getTenants: async () => tenants,
    async getToken(accountId, request): Promise<AccountToken> {
      if (!signedIn || (accountId !== undefined && accountId !== account.id)) throw Object.assign(new Error('Not signed in.'), { name: 'CredentialUnavailableError' });
      const tenantId = request.tenantId ?? DEFAULT_TENANT_ID;
      let credential = credentials.get(tenantId);
      if (!credential) {
        credential = new UsernamePasswordCredential(tenantId, AZURE_CLI_CLIENT_ID, DEFAULT_USERNAME, DEFAULT_PASSWORD, emulator.authorityOptions);
        credentials.set(tenantId, credential);
      }
      const token = await credential.getToken([...request.scopes], { abortSignal: request.abortSignal, claims: request.claims, enableCae: request.enableCae });
      handOuts.push(request);
      return { ...token, accountId: account.id, tenantId };
    },
  };
}

/** The claims of a JWT, for assertions on who a token is for (never printed). */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

/**
 * The real ARM GET, sent to the emulator: inside the test namespace management.azure.com is the emulator; outside
 * it, the same request goes to the emulator's own URL (the token's audience stays management.azure.com).
 */
export function armGetFor(emulator: TestEmulator): ArmGet {
  return (url, token, signal) => fetchArm(emulator.isolated ? url : url.replace('https://management.azure.com', emulator.url), token, signal);
}
