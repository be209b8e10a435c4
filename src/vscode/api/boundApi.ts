// The API one extension receives: every token it hands out goes through that extension's consent and is logged by
// the AccountService with the extension's id and scopes. Plain TS: the consent question and the sign-in command
// are given in, so the whole of it is unit-tested without VS Code.
import { checkScopes, checkTenantId } from '../../identity/core';
import type { Account, AccountServiceContract } from '../accounts/accountServiceContract';
import type {
  AzureIdentityAbortSignalLike,
  AzureIdentityAccessToken,
  AzureIdentityAccount,
  AzureIdentityApi,
  AzureIdentityCredentialOptions,
  AzureIdentityGetTokenOptions,
  AzureIdentityTokenCredential,
  AzureIdentityTokenOptions,
} from './contract';
import { AzureIdentityApiError, isAzureIdentityError } from './errors';
import { mapEvent } from './events';
import type { ExtensionAccess } from './extensionAccess';
import { ScopeResourceError, resourceDisplayName, resourceOfScopes } from './resourceNames';
import { createSubscriptionProvider, type ArmGet } from './subscriptionProvider';

export const PROVIDER_ID = 'azure-identity';

export type ApiAccountService = Pick<
  AccountServiceContract,
  'getAccounts' | 'getAccount' | 'getDefaultAccount' | 'getToken' | 'getTenants' | 'onDidChangeAccounts' | 'onDidChangeDefaultAccount' | 'onDidChangeTenants'
>;

export interface BoundApiDependencies {
  readonly service: ApiAccountService;
  readonly access: ExtensionAccess;
  /** The Resource Manager endpoint of an account's cloud. */
  resourceManagerEndpoint(account: Account): string;
  /** The person's sign-in (the Sign In command), for the subscription provider's signIn. */
  signIn(): Promise<void>;
  armGet?: ArmGet;
}

export interface ClientExtension {
  readonly id: string;
  /** Its display name, as the person knows it. */
  readonly name: string;
}

export function toApiAccount(account: Account): AzureIdentityAccount {
  return { id: account.id, label: account.label, kind: account.kind, cloud: account.cloud, authorityHost: account.authorityHost, homeTenantId: account.homeTenantId };
}

export function createBoundApi(client: ClientExtension, deps: BoundApiDependencies): AzureIdentityApi {
  const { service, access } = deps;

  async function accountFor(accountId: string | undefined): Promise<Account> {
    if (accountId !== undefined && (typeof accountId !== 'string' || accountId === '')) {
      throw new AzureIdentityApiError('InvalidRequest', 'accountId must be the id of an account from getAccounts().');
    }
    const account = accountId === undefined ? await service.getDefaultAccount() : await service.getAccount(accountId);
    if (account) return account;
    if (accountId === undefined) {
      throw new AzureIdentityApiError('NotSignedIn', 'Nobody is signed in to Azure Identity: sign in from the Accounts menu or the Azure Identity view.');
    }
    throw new AzureIdentityApiError('AccountNotFound', 'No signed-in Azure Identity account has that id: it may have signed out. Call getAccounts() for the current ones.');
  }

  async function getToken(scopes: string | readonly string[], options: AzureIdentityTokenOptions = {}): Promise<AzureIdentityAccessToken> {
    const scopeList = validScopes(scopes);
    const resourceName = resourceDisplayName(resourceOf(scopeList));
    if (options.tenantId !== undefined) {
      try {
        checkTenantId(options.tenantId);
      } catch (error) {
        throw new AzureIdentityApiError('InvalidRequest', (error as Error).message);
      }
    }
    const account = await accountFor(options.accountId);
    await access.ensureAllowed(
      { extensionId: client.id, extensionName: client.name, accountId: account.id, accountLabel: account.label, resourceName },
      { silent: options.silent },
    );
    const { signal, dispose } = toAbortSignal(options.abortSignal);
    try {
      const token = await service.getToken(account.id, {
        scopes: scopeList,
        tenantId: options.tenantId,
        claims: options.claims,
        enableCae: options.enableCae,
        abortSignal: signal,
        consumer: { kind: 'extension', extensionId: client.id },
      });
      void access.recordUse(client.id, account.id, resourceName).catch(() => undefined);
      return {
        token: token.token,
        expiresOnTimestamp: token.expiresOnTimestamp,
        ...(token.refreshAfterTimestamp !== undefined ? { refreshAfterTimestamp: token.refreshAfterTimestamp } : {}),
        tokenType: 'Bearer',
        accountId: token.accountId,
        tenantId: token.tenantId,
      };
    } catch (error) {
      throw toApiError(error, signal);
    } finally {
      dispose();
    }
  }

  function createCredential(options: AzureIdentityCredentialOptions = {}): AzureIdentityTokenCredential {
    return {
      getToken: (scopes: string | string[], getTokenOptions?: AzureIdentityGetTokenOptions) =>
        getToken(scopes, {
          accountId: options.accountId,
          tenantId: getTokenOptions?.tenantId ?? options.tenantId,
          claims: getTokenOptions?.claims,
          enableCae: getTokenOptions?.enableCae,
          abortSignal: getTokenOptions?.abortSignal,
          silent: options.silent,
        }),
    };
  }

  const subscriptionProvider = createSubscriptionProvider({
    accounts: service,
    getToken: (scopes, options) => getToken(scopes, options),
    createCredential,
    resourceManagerEndpoint: deps.resourceManagerEndpoint,
    signIn: deps.signIn,
    armGet: deps.armGet,
  });

  return {
    apiVersion: '2',
    extensionId: client.id,
    providerId: PROVIDER_ID,
    getAccounts: async () => (await service.getAccounts()).map(toApiAccount),
    getDefaultAccount: async () => {
      const account = await service.getDefaultAccount();
      return account ? toApiAccount(account) : undefined;
    },
    onDidChangeAccounts: mapEvent(service.onDidChangeAccounts, (e) => ({ added: e.added.map(toApiAccount), removed: e.removed.map(toApiAccount), changed: e.changed.map(toApiAccount) })),
    onDidChangeDefaultAccount: mapEvent(service.onDidChangeDefaultAccount, (a) => (a ? toApiAccount(a) : undefined)),
    hasAccess: async (accountId?: string) => {
      const account = accountId === undefined ? await service.getDefaultAccount() : await service.getAccount(accountId);
      return account !== undefined && access.isAllowed(client.id, account.id);
    },
    getToken,
    createCredential,
    credential: createCredential(),
    subscriptionProvider,
    isAzureIdentityError,
  };
}

function validScopes(scopes: string | readonly string[]): string[] {
  const list = typeof scopes === 'string' ? [scopes] : Array.isArray(scopes) ? [...(scopes as readonly unknown[])] : undefined;
  if (!list) throw new AzureIdentityApiError('InvalidRequest', 'scopes must be a string or an array of strings, for example "https://management.azure.com/.default".');
  try {
    checkScopes(list as string[]);
  } catch (error) {
    throw new AzureIdentityApiError('InvalidRequest', (error as Error).message);
  }
  return list as string[];
}

function resourceOf(scopes: readonly string[]): string {
  try {
    return resourceOfScopes(scopes);
  } catch (error) {
    if (error instanceof ScopeResourceError) throw new AzureIdentityApiError('InvalidRequest', error.message);
    throw error;
  }
}

/** The service's (library's) errors as the API's kinds; the message, which never holds a token, is kept. */
export function toApiError(error: unknown, signal?: AbortSignal): AzureIdentityApiError {
  if (isAzureIdentityError(error)) return error as AzureIdentityApiError;
  const name = typeof (error as { name?: unknown })?.name === 'string' ? (error as { name: string }).name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (signal?.aborted || name === 'AbortError') return new AzureIdentityApiError('Cancelled', 'The token request was cancelled.');
  if (/AuthenticationRequired|InteractionRequired|SignInRequired|CredentialUnavailable/.test(name)) return new AzureIdentityApiError('SignInRequired', message);
  if (/NotSignedIn|NoAccount/.test(name)) return new AzureIdentityApiError('NotSignedIn', message);
  if (/InvalidArgument/.test(name)) return new AzureIdentityApiError('InvalidRequest', message);
  return new AzureIdentityApiError('TokenUnavailable', message);
}

/** A real AbortSignal that follows an SDK's AbortSignalLike (the service wants a real one). */
function toAbortSignal(like: AzureIdentityAbortSignalLike | undefined): { signal: AbortSignal | undefined; dispose(): void } {
  if (!like) return { signal: undefined, dispose: () => undefined };
  if (like instanceof AbortSignal) return { signal: like, dispose: () => undefined };
  const controller = new AbortController();
  if (like.aborted) controller.abort();
  const onAbort = () => controller.abort();
  like.addEventListener('abort', onAbort, { once: true });
  return { signal: controller.signal, dispose: () => like.removeEventListener('abort', onAbort) };
}
