// "Found on this machine": accounts other Microsoft developer tools left in the shared MSAL cache
// (~/.IdentityService/msal.cache, read through SharedTokenCacheCredential) and the Azure CLI's current account.
// Read only: nothing there changes unless the person chooses "Use this account", which adopts the account
// silently (no browser). Plain Node: no `vscode` import.
import { DEVELOPER_SIGN_ON_CLIENT_ID, SharedTokenCacheCredential, type SharedCacheAccount, type TokenCredential } from '../../identity/index';
import type { Account, CloudName, SignedInAccount, Subscription } from '../accounts/accountServiceContract';
import { Emitter } from '../accounts/emitter';
import { displayNameFromToken } from '../accounts/tokenClaims';
import { Memo, readAzureCliAccount, type AzureCliAccount, type AzureCliAnswer } from '../signIn/probes';
import type { FoundAccount } from './treeModel';

export interface FoundAccountsSource {
  readonly onDidChange: (listener: () => void) => Subscription;
  /** What was found, less the accounts already signed in here. */
  list(signedIn: readonly Account[]): Promise<FoundAccount[]>;
}

export interface FoundAccountsOptions {
  /** The configured cloud's authority host: only the shared cache's accounts of that cloud are listed. */
  readonly authorityHost: () => string;
  /** The Azure CLI's answer, shared with the sign-in picker so `az` runs once. */
  readonly azureCli?: Memo<{ account?: AzureCliAccount }>;
  /** Reads the shared cache; tests point it elsewhere. */
  readonly readSharedCache?: (authorityHost: string) => Promise<SharedCacheAccount[]>;
}

/** The Azure CLI asked for a token of `resource` (the configured cloud's Resource Manager), its answer kept a while. */
export function createAzureCliMemo(resource: () => string = () => 'https://management.azure.com'): Memo<AzureCliAnswer> {
  return new Memo(() => readAzureCliAccount(10_000, process.env, resource()), 5 * 60_000);
}

export class FoundAccounts implements FoundAccountsSource, Subscription {
  private readonly changed = new Emitter<void>();
  readonly onDidChange = (listener: () => void) => this.changed.event(listener);
  private readonly shared: Memo<SharedCacheAccount[]>;

  constructor(private readonly options: FoundAccountsOptions) {
    const read = options.readSharedCache ?? ((authorityHost) => new SharedTokenCacheCredential({ authorityHost }).listAccounts());
    this.shared = new Memo(() => read(options.authorityHost()).catch(() => []), 60_000);
  }

  /** Looks again (the tree's Refresh). */
  refresh(): void {
    this.shared.clear();
    this.options.azureCli?.clear();
    this.changed.fire();
  }

  async list(signedIn: readonly Account[]): Promise<FoundAccount[]> {
    const [sharedAccounts, cli] = await Promise.all([this.shared.get(), this.options.azureCli?.get().catch(() => ({ account: undefined })) ?? Promise.resolve({ account: undefined })]);
    const signedInIds = new Set(signedIn.map((a) => a.id));
    const found: FoundAccount[] = sharedAccounts
      .filter((a) => !signedInIds.has(a.homeAccountId))
      .map((a) => ({ source: 'sharedTokenCache', username: a.username || a.homeAccountId, tenantId: a.tenantId, key: a.homeAccountId }));
    const cliAccount = cli.account;
    if (cliAccount && !signedIn.some((a) => a.method === 'azureCli' && a.label.toLowerCase().startsWith(cliAccount.username.toLowerCase()))) {
      found.push({ source: 'azureCli', username: cliAccount.username, tenantId: cliAccount.tenantId, key: `${cliAccount.username}|${cliAccount.tenantId}`, detail: cliAccount.subscription });
    }
    return found;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Adopts an account of the shared cache: one silent token through SharedTokenCacheCredential names it. */
export async function adoptSharedCacheAccount(
  found: FoundAccount,
  settings: { readonly cloud: CloudName; readonly authorityHost: string; readonly resourceManagerEndpoint: string },
  abortSignal?: AbortSignal,
): Promise<{ account: SignedInAccount; credential: TokenCredential }> {
  const tenantId = found.tenantId ?? 'organizations';
  const record = { authority: new URL(settings.authorityHost).host, homeAccountId: found.key, clientId: DEVELOPER_SIGN_ON_CLIENT_ID, tenantId, username: found.username };
  const credential = new SharedTokenCacheCredential({ authorityHost: settings.authorityHost, authenticationRecord: record, additionallyAllowedTenants: ['*'] });
  const token = await credential.getToken(`${settings.resourceManagerEndpoint}/.default`, { abortSignal });
  return {
    account: {
      id: found.key,
      label: found.username,
      displayName: displayNameFromToken(token.token),
      kind: 'user',
      method: 'sharedTokenCache',
      cloud: settings.cloud,
      authorityHost: settings.authorityHost,
      resourceManagerEndpoint: settings.resourceManagerEndpoint,
      homeTenantId: tenantId,
      clientId: DEVELOPER_SIGN_ON_CLIENT_ID,
      signedInAt: Date.now(),
      record,
    },
    credential,
  };
}
