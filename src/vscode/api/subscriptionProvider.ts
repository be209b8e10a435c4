// An AzureSubscriptionProvider in @microsoft/vscode-azext-azureauth's shapes (v5 and v6) over the signed-in
// accounts and Azure Resource Manager (GET /subscriptions), for extensions built on azureauth. Every token it uses
// belongs to the extension it was made for, under that extension's consent. Plain TS: no `vscode` import.
import type { Account, AccountServiceContract, AccountTenant } from '../accounts/accountServiceContract';
import type {
  AzureAccount,
  AzureEnvironment,
  AzureIdentityAccessToken,
  AzureIdentityCredentialOptions,
  AzureIdentityTokenCredential,
  AzureIdentityTokenOptions,
  AzureSubscription,
  AzureSubscriptionProvider,
  AzureTenant,
  RefreshSuggestedReason,
  SubscriptionProviderGetOptions,
  SubscriptionProviderSignInOptions,
  TenantIdAndAccount,
} from './contract';
import { AzureIdentityApiError, isAzureIdentityError } from './errors';
import { SKIP, mapEvent } from './events';

/** ARM's subscriptions API version azureauth's SubscriptionClient uses. */
const SUBSCRIPTIONS_API_VERSION = '2022-12-01';
const ARM_TIMEOUT_MS = 30_000;
const MAX_PAGES = 50;
const DEFAULT_MAXIMUM_TENANTS = 10;

/** One GET to Resource Manager: the JSON body of a 2xx answer; anything else rejects with what ARM said. */
export type ArmGet = (url: string, bearerToken: string, signal: AbortSignal) => Promise<unknown>;

export interface SubscriptionProviderDependencies {
  readonly accounts: Pick<AccountServiceContract, 'getAccounts' | 'getAccount' | 'getTenants' | 'onDidChangeAccounts' | 'onDidChangeTenants'>;
  /** A token for this extension (consent applies). */
  getToken(scopes: readonly string[], options: AzureIdentityTokenOptions): Promise<AzureIdentityAccessToken>;
  createCredential(options: AzureIdentityCredentialOptions): AzureIdentityTokenCredential;
  /** The Resource Manager endpoint of an account's cloud, e.g. `https://management.azure.com`. */
  resourceManagerEndpoint(account: Account): string;
  /** Starts the person's sign-in (the Sign In command); resolves when it ended, whatever the outcome. */
  signIn(): Promise<void>;
  armGet?: ArmGet;
}

interface CancellationTokenLike {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => unknown): { dispose(): unknown };
}

export function createSubscriptionProvider(deps: SubscriptionProviderDependencies): AzureSubscriptionProvider {
  const armGet = deps.armGet ?? fetchArm;
  const cache = new Map<string, Promise<AzureSubscription[]>>();
  const clear = () => cache.clear();
  deps.accounts.onDidChangeAccounts(clear);
  deps.accounts.onDidChangeTenants(clear);

  async function signedInAccounts(filter?: { readonly id: string }): Promise<Account[]> {
    const all = await deps.accounts.getAccounts();
    if (all.length === 0) throw new AzureIdentityApiError('NotSignedIn', 'Nobody is signed in to Azure Identity: sign in from the Accounts menu or the Azure Identity view.');
    if (!filter) return [...all];
    const found = all.filter((a) => a.id === filter.id);
    if (found.length === 0) throw new AzureIdentityApiError('NotSignedIn', 'That account is not signed in to Azure Identity any more: sign in again from the Accounts menu.');
    return found;
  }

  async function accountOf(azureAccount: { readonly id: string }): Promise<Account> {
    return (await signedInAccounts(azureAccount))[0];
  }

  function toAzureAccount(account: Account): AzureAccount {
    return { id: account.id, label: account.label, environment: environmentOf(account, deps.resourceManagerEndpoint(account)) };
  }

  function toAzureTenant(tenant: AccountTenant, account: AzureAccount): AzureTenant {
    return { tenantId: tenant.tenantId, displayName: tenant.displayName, defaultDomain: tenant.defaultDomain, account };
  }

  async function tenantsOf(account: Account, options?: SubscriptionProviderGetOptions, state?: 'authenticated' | 'unauthenticated'): Promise<AzureTenant[]> {
    const azureAccount = toAzureAccount(account);
    const tenants = await deps.accounts.getTenants(account.id, { refresh: options?.noCache === true });
    return tenants
      .filter((t) => state === undefined || (state === 'unauthenticated') === (t.state === 'signInRequired'))
      .map((t) => toAzureTenant(t, azureAccount));
  }

  async function subscriptionsOf(tenant: TenantIdAndAccount, options?: SubscriptionProviderGetOptions): Promise<AzureSubscription[]> {
    const account = await accountOf(tenant.account);
    const key = `${account.id}\n${tenant.tenantId}`;
    if (options?.noCache) cache.delete(key);
    let pending = cache.get(key);
    if (!pending) {
      pending = listSubscriptions(account, tenant.tenantId, options?.token);
      cache.set(key, pending);
      pending.catch(() => cache.delete(key));
    }
    return [...(await pending)];
  }

  async function listSubscriptions(account: Account, tenantId: string, cancellation?: CancellationTokenLike): Promise<AzureSubscription[]> {
    const azureAccount = toAzureAccount(account);
    const endpoint = trimSlash(deps.resourceManagerEndpoint(account));
    const scopes = [`${endpoint}/.default`];
    const { signal, dispose } = abortSignalOf(cancellation);
    try {
      const token = await deps.getToken(scopes, { accountId: account.id, tenantId, abortSignal: signal });
      const found: AzureSubscription[] = [];
      let url: string | undefined = `${endpoint}/subscriptions?api-version=${SUBSCRIPTIONS_API_VERSION}`;
      for (let page = 0; url && page < MAX_PAGES; page++) {
        const body = (await armGet(url, token.token, signal)) as { value?: unknown; nextLink?: unknown };
        for (const item of Array.isArray(body?.value) ? body.value : []) {
          const subscription = toSubscription(item, account, azureAccount, tenantId, scopes);
          if (subscription) found.push(subscription);
        }
        url = typeof body?.nextLink === 'string' && body.nextLink.startsWith(`${endpoint}/`) ? body.nextLink : undefined;
      }
      return found;
    } catch (error) {
      if (isAzureIdentityError(error)) throw error;
      if (signal.aborted) throw new AzureIdentityApiError('Cancelled', 'Listing subscriptions was cancelled.');
      throw new AzureIdentityApiError('TokenUnavailable', `Azure Resource Manager (${endpoint}) could not be reached: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      dispose();
    }
  }

  function toSubscription(item: unknown, account: Account, azureAccount: AzureAccount, tenantId: string, armScopes: readonly string[]): AzureSubscription | undefined {
    const raw = item as { subscriptionId?: unknown; displayName?: unknown; tenantId?: unknown };
    if (typeof raw?.subscriptionId !== 'string') return undefined;
    const subscriptionTenant = typeof raw.tenantId === 'string' ? raw.tenantId : tenantId;
    const credential = deps.createCredential({ accountId: account.id, tenantId: subscriptionTenant });
    const session = async (scopes: readonly string[]) => {
      const token = await deps.getToken(scopes, { accountId: account.id, tenantId: subscriptionTenant });
      return { id: `${account.id}/${subscriptionTenant}/${scopes.join(' ')}`, accessToken: token.token, account: { id: account.id, label: account.label }, scopes: [...scopes] };
    };
    return {
      authentication: { getSession: () => session(armScopes), getSessionWithScopes: (scopes: string[]) => session(scopes) },
      environment: azureAccount.environment,
      isCustomCloud: account.cloud === 'custom',
      name: typeof raw.displayName === 'string' ? raw.displayName : raw.subscriptionId,
      subscriptionId: raw.subscriptionId,
      tenantId: subscriptionTenant,
      credential,
      account: azureAccount,
    };
  }

  async function availableSubscriptions(options?: SubscriptionProviderGetOptions): Promise<AzureSubscription[]> {
    const maximumTenants = options?.maximumTenants ?? DEFAULT_MAXIMUM_TENANTS;
    const seen = new Set<string>();
    const found: AzureSubscription[] = [];
    let tenantsAsked = 0;
    for (const account of await signedInAccounts()) {
      for (const tenant of await tenantsOf(account, options, 'authenticated')) {
        if (tenantsAsked >= maximumTenants) return found;
        tenantsAsked++;
        let subscriptions: AzureSubscription[];
        try {
          subscriptions = await subscriptionsOf(tenant, options);
        } catch (error) {
          // A tenant that needs a sign-in of its own is skipped, as azureauth does; consent and cancellation are not.
          if (isAzureIdentityError(error, 'SignInRequired') || isAzureIdentityError(error, 'TokenUnavailable')) continue;
          throw error;
        }
        for (const subscription of subscriptions) {
          if (seen.has(subscription.subscriptionId)) continue;
          seen.add(subscription.subscriptionId);
          found.push(subscription);
        }
      }
    }
    return found;
  }

  async function isSignedIn(tenantId?: string, account?: { readonly id: string }): Promise<boolean> {
    const accounts = await deps.accounts.getAccounts();
    for (const candidate of account ? accounts.filter((a) => a.id === account.id) : accounts) {
      if (!tenantId || tenantId === candidate.homeTenantId) return true;
      const tenant = (await deps.accounts.getTenants(candidate.id)).find((t) => t.tenantId === tenantId);
      if (tenant && tenant.state !== 'signInRequired') return true;
    }
    return false;
  }

  async function signIn(tenant?: string | TenantIdAndAccount, accountOrOptions?: { readonly id: string } | SubscriptionProviderSignInOptions): Promise<boolean> {
    const tenantId = typeof tenant === 'string' ? tenant : tenant?.tenantId;
    const account = typeof tenant === 'object' ? tenant.account : accountOrOptions && 'id' in accountOrOptions ? accountOrOptions : undefined;
    const prompt = !(accountOrOptions && 'promptIfNeeded' in accountOrOptions && accountOrOptions.promptIfNeeded === false);
    let accounts = await deps.accounts.getAccounts();
    if (accounts.length === 0) {
      if (!prompt) return false;
      await deps.signIn();
      accounts = await deps.accounts.getAccounts();
    }
    const target = account ? accounts.find((a) => a.id === account.id) : accounts[0];
    if (!target) return false;
    try {
      // Asks for this extension's access to the account when it has none yet (unless told not to prompt).
      await deps.getToken([`${trimSlash(deps.resourceManagerEndpoint(target))}/.default`], { accountId: target.id, tenantId, silent: !prompt });
      return true;
    } catch (error) {
      if (isAzureIdentityError(error)) return false;
      throw error;
    }
  }

  return {
    getTenants: async (account) => {
      const tenants: AzureTenant[] = [];
      for (const a of await signedInAccounts(account)) tenants.push(...(await tenantsOf(a)));
      return tenants;
    },
    getSubscriptions: () => availableSubscriptions(),
    isSignedIn,
    signIn,
    onDidSignIn: mapEvent(deps.accounts.onDidChangeAccounts, (e) => (e.added.length > 0 ? undefined : SKIP)),
    onDidSignOut: mapEvent(deps.accounts.onDidChangeAccounts, (e) => (e.removed.length > 0 ? undefined : SKIP)),
    onRefreshSuggested: mapEvent(deps.accounts.onDidChangeAccounts, (): RefreshSuggestedReason => 'sessionChange'),
    getAccounts: async () => (await signedInAccounts()).map(toAzureAccount),
    getTenantsForAccount: async (account, options) => tenantsOf(await accountOf(account), options, 'authenticated'),
    getUnauthenticatedTenantsForAccount: async (account, options) => tenantsOf(await accountOf(account), options, 'unauthenticated'),
    getSubscriptionsForTenant: (tenant, options) => subscriptionsOf(tenant, options),
    getAvailableSubscriptions: (options) => availableSubscriptions(options),
  };
}

const ENVIRONMENTS: Record<Exclude<Account['cloud'], 'custom'>, Omit<AzureEnvironment, 'resourceManagerEndpointUrl'>> = {
  AzureCloud: {
    name: 'AzureCloud',
    portalUrl: 'https://portal.azure.com',
    managementEndpointUrl: 'https://management.core.windows.net/',
    activeDirectoryEndpointUrl: 'https://login.microsoftonline.com/',
    activeDirectoryResourceId: 'https://management.core.windows.net/',
  },
  AzureChinaCloud: {
    name: 'AzureChinaCloud',
    portalUrl: 'https://portal.azure.cn',
    managementEndpointUrl: 'https://management.core.chinacloudapi.cn/',
    activeDirectoryEndpointUrl: 'https://login.chinacloudapi.cn/',
    activeDirectoryResourceId: 'https://management.core.chinacloudapi.cn/',
  },
  AzureUSGovernment: {
    name: 'AzureUSGovernment',
    portalUrl: 'https://portal.azure.us',
    managementEndpointUrl: 'https://management.core.usgovcloudapi.net/',
    activeDirectoryEndpointUrl: 'https://login.microsoftonline.us/',
    activeDirectoryResourceId: 'https://management.core.usgovcloudapi.net/',
  },
  AzureGermanCloud: {
    name: 'AzureGermanCloud',
    portalUrl: 'https://portal.microsoftazure.de',
    managementEndpointUrl: 'https://management.core.cloudapi.de/',
    activeDirectoryEndpointUrl: 'https://login.microsoftonline.de/',
    activeDirectoryResourceId: 'https://management.core.cloudapi.de/',
  },
};

/** @azure/ms-rest-azure-env's Environment for an account's cloud. */
export function environmentOf(account: Pick<Account, 'cloud' | 'authorityHost'>, resourceManagerEndpoint: string): AzureEnvironment {
  const arm = `${trimSlash(resourceManagerEndpoint)}/`;
  if (account.cloud === 'custom') {
    return {
      name: 'custom',
      portalUrl: '',
      managementEndpointUrl: arm,
      resourceManagerEndpointUrl: arm,
      activeDirectoryEndpointUrl: `${trimSlash(account.authorityHost)}/`,
      activeDirectoryResourceId: arm,
      isCustomCloud: true,
    };
  }
  return { ...ENVIRONMENTS[account.cloud], resourceManagerEndpointUrl: arm, isCustomCloud: false };
}

/** GET with a bearer token and a timeout; a non-2xx answer rejects with ARM's own error code and message. */
export const fetchArm: ArmGet = async (url, bearerToken, signal) => {
  const response = await fetch(url, {
    headers: { Authorization: `Bearer ${bearerToken}`, Accept: 'application/json' },
    signal: AbortSignal.any([signal, AbortSignal.timeout(ARM_TIMEOUT_MS)]),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const armError = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    const what = typeof armError?.code === 'string' ? `${armError.code}: ${String(armError.message ?? '')}` : `HTTP ${response.status}`;
    throw new AzureIdentityApiError('TokenUnavailable', `Azure Resource Manager refused to list subscriptions (${what}).`);
  }
  return body;
};

function abortSignalOf(token?: CancellationTokenLike): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  if (!token) return { signal: controller.signal, dispose: () => undefined };
  if (token.isCancellationRequested) controller.abort();
  const listener = token.onCancellationRequested(() => controller.abort());
  return { signal: controller.signal, dispose: () => void listener.dispose() };
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
