// The one AccountService: the signed-in accounts (in SecretStorage, shared by the windows of one VS Code), the
// explicit default account, one credential per account, the inventory of tokens it handed out, the tenants
// each account can reach, and the events when any of it changes. The provider, tree, status bar, commands,
// exported API and terminal endpoint are given it; none builds its own. Plain Node: no `vscode` import, so it
// is unit-tested against the emulator with an in-memory SecretStore.
import { idTokenOf, type AccessToken, type GetTokenOptions, type TokenCredential } from '../../identity/index';
import type {
  Account,
  AccountServiceContract,
  AccountTenant,
  AccountToken,
  AccountTokenRequest,
  AccountsChangeEvent,
  DefaultAccountReassigned,
  InventoryToken,
  SignedInAccount,
  Subscription,
  TokenHandOut,
} from './accountServiceContract';
import { createAccountCredential, type CredentialFactory } from './accountCredentials';
import { needsInteractiveSignIn, noAccountError, shortReason, unknownAccountError } from './accountErrors';
import { resourceManagerScope } from './clouds';
import { Emitter, disposeAll } from './emitter';
import { listTenants as listArmTenants, type ArmTenant } from './resourceManager';
import { MemorySecretStore, type AccountLogger, type SecretStore } from './secretStore';
import { LEGACY_TOKEN_CACHE_KEY, TOKEN_CACHE_KEY, secretStorageTokenCache, type AccountTokenCache } from './secretStorageTokenCache';
import { isUserMethod, parseAccountsDocument, serializeAccountsDocument, type AccountsDocument, type StoredAccount } from './storedAccount';
import { nonSecretClaims } from './tokenClaims';
import { t } from '../report/localize';

export const ACCOUNTS_KEY = 'azure-identity.accounts.v1';
/** Unreadable records are moved under this prefix (plus a timestamp) rather than lost or kept in the way. */
export const SET_ASIDE_KEY_PREFIX = 'azure-identity.accounts.unreadable.';

export interface AccountServiceOptions {
  /** VS Code's SecretStorage (context.secrets), or a MemorySecretStore. */
  readonly secrets: SecretStore;
  readonly logger: AccountLogger;
  /** False: accounts and tokens live only as long as this window (azureIdentity.persistence off). Default true. */
  readonly persistence?: boolean;
  /** Makes an account's credential; tests and the demo may point credentials elsewhere. */
  readonly createCredential?: CredentialFactory;
  /** Lists an account's tenants from Resource Manager. */
  readonly listTenants?: (endpoint: string, token: string, options: { abortSignal?: AbortSignal }) => Promise<ArmTenant[]>;
  /** After a sign-in, list the account's tenants in the background (labels then name the tenant). Default true. */
  readonly prefetchTenants?: boolean;
  /** How long probing one tenant for a silent token may take. Default 15 s. */
  readonly tenantProbeTimeoutMs?: number;
  readonly now?: () => number;
}

interface HeldToken {
  readonly entry: InventoryToken;
  /** Only to tell a cached hand-out from a new token; never leaves this object. */
  readonly token: string;
  /** What getToken handed out for it, handed out again by peekToken until the token is due for refresh. */
  readonly handed: AccountToken;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The resource a scope belongs to: `https://management.azure.com/.default` → `https://management.azure.com`. */
export function resourceOfScope(scope: string): string {
  if (!scope.includes('://')) return 'https://graph.microsoft.com';
  const slash = scope.lastIndexOf('/');
  const afterScheme = scope.indexOf('://') + 3;
  if (slash < afterScheme) return scope;
  // `https://management.core.windows.net//.default` keeps its trailing slash in the resource.
  return scope.slice(0, slash);
}

/** The token as the service hands it out: its account, its tenant, and for a user the id token issued with it. */
function withIdToken(token: AccessToken, accountId: string, tenantId: string): AccountToken {
  const idToken = idTokenOf(token);
  return { ...token, accountId, tenantId, ...(idToken ? { idToken } : {}) };
}

export class AccountService implements AccountServiceContract, Subscription {
  private readonly accountsChanged = new Emitter<AccountsChangeEvent>();
  private readonly defaultChanged = new Emitter<Account | undefined>();
  private readonly defaultReassigned = new Emitter<DefaultAccountReassigned>();
  private readonly tokensChanged = new Emitter<{ readonly accountId: string }>();
  private readonly tenantsChanged = new Emitter<{ readonly accountId: string }>();
  private readonly handedOut = new Emitter<TokenHandOut>();
  readonly onDidChangeAccounts = this.accountsChanged.event;
  readonly onDidChangeDefaultAccount = this.defaultChanged.event;
  readonly onDidReassignDefaultAccount = this.defaultReassigned.event;
  readonly onDidChangeTokens = this.tokensChanged.event;
  readonly onDidChangeTenants = this.tenantsChanged.event;
  readonly onDidHandOutToken = this.handedOut.event;

  /** Where user sign-ins keep their MSAL cache: the sign-in flow writes it, the accounts' credentials read it. */
  readonly userTokenCache: AccountTokenCache;

  private store: SecretStore;
  private persistent: boolean;
  private document: AccountsDocument = { accounts: [] };
  /** Every read and write of the stored document runs here, one at a time, the other windows' reloads too. */
  private queue: Promise<unknown>;
  /** Work in `queue` not yet finished: peekToken answers only when none is (getToken would wait for it). */
  private queued = 0;
  private readonly credentials = new Map<string, TokenCredential>();
  private readonly inventory = new Map<string, Map<string, HeldToken>>();
  private readonly tenants = new Map<string, Promise<readonly AccountTenant[]>>();
  private readonly subscriptions: Subscription[] = [];
  private readonly createCredential: CredentialFactory;
  private readonly listTenants: NonNullable<AccountServiceOptions['listTenants']>;
  private readonly now: () => number;
  private disposed = false;

  constructor(private readonly options: AccountServiceOptions) {
    this.persistent = options.persistence ?? true;
    this.store = this.persistent ? options.secrets : new MemorySecretStore();
    this.userTokenCache = this.cacheOver(() => this.store);
    this.createCredential = options.createCredential ?? createAccountCredential;
    this.listTenants = options.listTenants ?? ((endpoint, token, o) => listArmTenants(endpoint, token, o));
    this.now = options.now ?? Date.now;
    this.queue = this.serial(async () => this.apply(await this.readStored(), false));
    this.subscriptions.push(
      options.secrets.onDidChange((event) => {
        if (event.key === ACCOUNTS_KEY && this.persistent && !this.disposed) void this.reloadFromOtherWindow();
      }),
    );
  }

  /** Resolves once the stored accounts are read (and every write queued so far has finished). */
  async ready(): Promise<void> {
    await this.queue;
  }

  get persistence(): boolean {
    return this.persistent;
  }

  // --- accounts and the default ---

  async getAccounts(): Promise<readonly Account[]> {
    await this.queue;
    return this.document.accounts;
  }

  async getAccount(id: string): Promise<Account | undefined> {
    await this.queue;
    return this.find(id);
  }

  async getDefaultAccount(): Promise<Account | undefined> {
    await this.queue;
    return this.defaultAccount();
  }

  async setDefaultAccount(id: string): Promise<void> {
    await this.update((document) => {
      if (!document.accounts.some((a) => a.id === id)) throw unknownAccountError(id);
      return document.defaultAccountId === id ? undefined : { ...document, defaultAccountId: id };
    });
  }

  async setDefaultTenant(accountId: string, tenantId: string | undefined): Promise<void> {
    await this.update((document) => {
      const account = document.accounts.find((a) => a.id === accountId);
      if (!account) throw unknownAccountError(accountId);
      const next = tenantId === account.homeTenantId ? undefined : tenantId;
      if (account.defaultTenantId === next) return undefined;
      return replaceAccount(document, { ...account, defaultTenantId: next });
    });
  }

  async addAccount(signedIn: SignedInAccount, credential?: TokenCredential): Promise<Account> {
    await this.update((document) => {
      const existing = document.accounts.find((a) => a.id === signedIn.id);
      const account: StoredAccount = {
        ...signedIn,
        // What the service learned about the identity stays: its tenants' names and the chosen tenant.
        homeTenantName: existing?.homeTenantName,
        defaultTenantId: existing?.defaultTenantId,
      };
      const accounts = existing ? document.accounts.map((a) => (a.id === account.id ? account : a)) : [...document.accounts, account];
      // Signing in again (this account or another) never demotes the default; the first account becomes it.
      return { accounts, defaultAccountId: document.defaultAccountId ?? account.id };
    });
    if (credential) this.credentials.set(signedIn.id, credential);
    // A new sign-in may reach tenants it could not before (a tenant signed in to, MFA done).
    this.tenants.delete(signedIn.id);
    this.tenantsChanged.fire({ accountId: signedIn.id });
    if (this.options.prefetchTenants ?? true) void this.getTenants(signedIn.id).catch(() => undefined);
    const account = this.find(signedIn.id);
    if (!account) throw unknownAccountError(signedIn.id);
    return account;
  }

  async signOut(accountId: string): Promise<void> {
    let removed: StoredAccount | undefined;
    await this.update((document) => {
      removed = document.accounts.find((a) => a.id === accountId);
      if (!removed) return undefined;
      const accounts = document.accounts.filter((a) => a.id !== accountId);
      return { accounts, defaultAccountId: document.defaultAccountId === accountId ? successorOf(accounts) : document.defaultAccountId };
    });
    if (removed) await this.forgetUserTokens(removed);
  }

  async signOutAll(): Promise<void> {
    let removed: readonly StoredAccount[] = [];
    await this.update((document) => {
      removed = document.accounts;
      return removed.length ? { accounts: [], defaultAccountId: undefined } : undefined;
    });
    for (const account of removed) await this.forgetUserTokens(account);
  }

  // --- tokens ---

  async getToken(accountId: string | undefined, request: AccountTokenRequest): Promise<AccountToken> {
    await this.queue;
    const account = accountId === undefined ? this.defaultAccount() : this.find(accountId);
    if (!account) throw accountId === undefined ? noAccountError() : unknownAccountError(accountId);
    const { token, tenantId, cached } = await this.acquire(account, request);
    this.handedOut.fire({ account, consumer: request.consumer, scopes: [...request.scopes], tenantId, cached }, (error) => this.logListenerError(error));
    return token;
  }

  peekToken(accountId: string | undefined, request: AccountTokenRequest, accept: (account: Account) => boolean): AccountToken | undefined {
    // Anything but a plain cached request, or an account change still queued, takes getToken's way.
    if (this.queued > 0 || request.forceRefresh || request.claims !== undefined || request.enableCae || request.abortSignal) return undefined;
    const account = accountId === undefined ? this.defaultAccount() : this.find(accountId);
    if (!account || !accept(account)) return undefined;
    const requestedTenant = request.tenantId ?? account.defaultTenantId;
    const tenant = requestedTenant && requestedTenant !== account.homeTenantId ? requestedTenant : undefined;
    const scopes = request.scopes.length === 1 ? request.scopes : [...new Set(request.scopes)].sort();
    const held = this.inventory.get(account.id)?.get(`${tenant ?? account.homeTenantId}|${scopes.join(' ')}|`);
    if (!held || this.now() >= (held.entry.refreshAfterTimestamp ?? held.entry.expiresOnTimestamp - 5 * 60_000)) return undefined;
    this.handedOut.fire({ account, consumer: request.consumer, scopes: [...scopes], tenantId: held.entry.tenantId, cached: true }, (error) => this.logListenerError(error));
    return held.handed;
  }

  getTokens(accountId: string): readonly InventoryToken[] {
    const held = this.inventory.get(accountId);
    if (!held) return [];
    return [...held.values()].map((h) => h.entry).sort((a, b) => a.resource.localeCompare(b.resource) || a.tenantId.localeCompare(b.tenantId));
  }

  // --- tenants ---

  async getTenants(accountId: string, options: { readonly refresh?: boolean } = {}): Promise<readonly AccountTenant[]> {
    await this.queue;
    const account = this.find(accountId);
    if (!account) throw unknownAccountError(accountId);
    let tenants = options.refresh ? undefined : this.tenants.get(accountId);
    if (!tenants) {
      tenants = this.fetchTenants(account);
      this.tenants.set(accountId, tenants);
      tenants.then(
        () => this.tenantsChanged.fire({ accountId }),
        () => this.tenants.delete(accountId),
      );
    }
    return tenants;
  }

  // --- persistence ---

  /**
   * Turns persistence on or off while running. Off: what is stored moves into this window's memory and is
   * removed from SecretStorage (accounts then last as long as the window). On: this window's accounts are stored.
   */
  async setPersistence(enabled: boolean): Promise<void> {
    if (enabled === this.persistent) return;
    await this.serial(async () => {
      const from = this.store;
      const to = enabled ? this.options.secrets : new MemorySecretStore();
      for (const key of [ACCOUNTS_KEY, TOKEN_CACHE_KEY, LEGACY_TOKEN_CACHE_KEY]) {
        const value = await from.get(key);
        if (value !== undefined) await to.store(key, value);
        if (!enabled) await from.delete(key);
      }
      this.store = to;
      this.persistent = enabled;
    });
    this.options.logger.info(enabled ? '[accounts] persistence on: accounts are kept in VS Code\'s secret storage.' : '[accounts] persistence off: accounts and tokens now live only as long as this window.');
  }

  dispose(): void {
    this.disposed = true;
    disposeAll(this.subscriptions);
    for (const emitter of [this.accountsChanged, this.defaultChanged, this.defaultReassigned, this.tokensChanged, this.tenantsChanged, this.handedOut]) emitter.dispose();
  }

  // --- internals ---

  /** The token cache over whichever store is current (persistence can be switched while running). */
  private cacheOver(current: () => SecretStore): AccountTokenCache {
    const cacheFor = () => secretStorageTokenCache(current(), TOKEN_CACHE_KEY);
    const shared = new Map<SecretStore, AccountTokenCache>();
    const get = () => {
      let cache = shared.get(current());
      if (!cache) {
        cache = cacheFor();
        shared.set(current(), cache);
      }
      return cache;
    };
    return {
      load: (partition) => get().load(partition),
      save: (serialized, partition) => get().save(serialized, partition),
      forgetAccount: (id) => get().forgetAccount(id),
      forgetAccessTokens: (id, match) => get().forgetAccessTokens(id, match),
    };
  }

  private find(id: string): StoredAccount | undefined {
    return this.document.accounts.find((a) => a.id === id);
  }

  private defaultAccount(): StoredAccount | undefined {
    const id = this.document.defaultAccountId;
    return (id !== undefined ? this.find(id) : undefined) ?? this.document.accounts[0];
  }

  /** Across windows: the store's exclusive section, where it has one. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const store = this.store;
    return store.exclusive ? store.exclusive(work) : work();
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    this.queued++;
    const run = (this.queue ?? Promise.resolve()).then(work).finally(() => this.queued--);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Reads the stored document; unreadable records are set aside under their own key, with a warning. */
  private async readStored(): Promise<AccountsDocument> {
    const raw = await this.store.get(ACCOUNTS_KEY);
    const { document, unreadable } = parseAccountsDocument(raw);
    if (unreadable.length) {
      const key = `${SET_ASIDE_KEY_PREFIX}${this.now()}`;
      await this.store.store(key, JSON.stringify(unreadable));
      await this.store.store(ACCOUNTS_KEY, serializeAccountsDocument(document));
      this.options.logger.warn(
        `[accounts] ${unreadable.length} stored account record(s) could not be read; they were set aside (secret storage key ${key}) and the other accounts kept. Sign in again to replace them.`,
      );
    }
    return document;
  }

  /** Read, change, write, announce: starting from what is stored, so another window's write is not lost. */
  private update(change: (document: AccountsDocument) => AccountsDocument | undefined): Promise<void> {
    return this.serial(() => this.exclusive(async () => {
      const current = await this.readStored();
      const next = change(current);
      if (!next) return this.apply(current, true);
      const serialized = serializeAccountsDocument(next);
      await this.store.store(ACCOUNTS_KEY, serialized);
      // What this window holds is what any window reads back, field for field.
      this.apply(parseAccountsDocument(serialized).document, true);
    }));
  }

  private reloadFromOtherWindow(): Promise<void> {
    return this.serial(async () => this.apply(await this.readStored(), false)).catch((error: unknown) => {
      this.options.logger.error(`[accounts] reading the accounts another window changed failed: ${shortReason(error)}`);
    });
  }

  /** Makes `next` current and fires what changed. `local`: this window made the change (then it announces). */
  private apply(next: AccountsDocument, local: boolean): void {
    const before = this.document;
    const previousDefault = this.defaultAccount();
    this.document = next;
    const beforeById = new Map(before.accounts.map((a) => [a.id, a]));
    const afterIds = new Set(next.accounts.map((a) => a.id));
    const added = next.accounts.filter((a) => !beforeById.has(a.id));
    const removed = before.accounts.filter((a) => !afterIds.has(a.id));
    const changed = next.accounts.filter((a) => {
      const old = beforeById.get(a.id);
      return old !== undefined && !sameJson(old, a);
    });
    for (const account of removed) this.forget(account.id);
    for (const account of changed) {
      const old = beforeById.get(account.id);
      // A new sign-in record (another tenant, another cloud) gets a new credential; a renamed tenant does not.
      if (old && (!sameJson(old.record, account.record) || old.authorityHost !== account.authorityHost || old.clientId !== account.clientId)) {
        this.credentials.delete(account.id);
        this.inventory.delete(account.id);
        this.tenants.delete(account.id);
        this.tokensChanged.fire({ accountId: account.id });
      }
    }
    const onError = (error: unknown) => this.logListenerError(error);
    if (added.length || removed.length || changed.length) this.accountsChanged.fire({ added, removed, changed }, onError);
    const currentDefault = this.defaultAccount();
    if (previousDefault?.id !== currentDefault?.id) {
      this.defaultChanged.fire(currentDefault, onError);
    }
    if (local && previousDefault && !afterIds.has(previousDefault.id)) {
      this.defaultReassigned.fire({ previous: previousDefault, current: currentDefault }, onError);
      this.options.logger.info(
        currentDefault
          ? `[accounts] ${previousDefault.label} signed out; the default account is now ${currentDefault.label}.`
          : `[accounts] ${previousDefault.label} signed out; no account is signed in now.`,
      );
    }
  }

  private forget(accountId: string): void {
    this.credentials.delete(accountId);
    const hadTokens = this.inventory.delete(accountId);
    this.tenants.delete(accountId);
    if (hadTokens) this.tokensChanged.fire({ accountId });
  }

  /** A user account's tokens leave the stored MSAL cache with it (the shared cache of other tools is not ours). */
  private async forgetUserTokens(account: StoredAccount): Promise<void> {
    if (!account.record || account.method === 'sharedTokenCache') return;
    try {
      await this.userTokenCache.forgetAccount(account.record.homeAccountId);
    } catch (error) {
      this.options.logger.warn(`[accounts] the tokens of ${account.label} could not be removed from the token cache: ${shortReason(error)}`);
    }
  }

  private credentialFor(account: StoredAccount): TokenCredential {
    let credential = this.credentials.get(account.id);
    if (!credential) {
      credential = this.createCredential(account, this.userTokenCache);
      this.credentials.set(account.id, credential);
    }
    return credential;
  }

  /** Gets a token silently and records it in the inventory; `cached` when the same token was handed out before. */
  private async acquire(account: StoredAccount, request: AccountTokenRequest): Promise<{ token: AccountToken; tenantId: string; cached: boolean }> {
    const requestedTenant = request.tenantId ?? account.defaultTenantId;
    const tenant = requestedTenant && requestedTenant !== account.homeTenantId ? requestedTenant : undefined;
    const scopes = [...new Set(request.scopes)].sort();
    const key = `${tenant ?? account.homeTenantId}|${scopes.join(' ')}|${request.enableCae ? 'cae' : ''}`;
    if (request.forceRefresh) {
      // peekToken must not hand out the token being replaced.
      this.inventory.get(account.id)?.delete(key);
      await this.dropCachedToken(account, scopes, tenant);
    }
    const options: GetTokenOptions | undefined =
      tenant || request.claims || request.enableCae || request.abortSignal
        ? { tenantId: tenant, claims: request.claims, enableCae: request.enableCae, abortSignal: request.abortSignal }
        : undefined;
    // One scope as a string: the credential's fastest path for the hot, cached case.
    const token = await this.credentialFor(account).getToken(scopes.length === 1 ? scopes[0] : scopes, options);
    if (!token) throw noTokenError(account, scopes);
    let held = this.inventory.get(account.id);
    const previous = held?.get(key);
    if (previous && previous.token === token.token) {
      return { token: withIdToken(token, account.id, previous.entry.tenantId), tenantId: previous.entry.tenantId, cached: true };
    }
    const claims = nonSecretClaims(token.token);
    const tenantId = claims.tid ?? tenant ?? account.homeTenantId;
    const entry: InventoryToken = {
      accountId: account.id,
      scopes,
      resource: resourceOfScope(scopes[0] ?? ''),
      tenantId,
      expiresOnTimestamp: token.expiresOnTimestamp,
      // Without the authority's refresh_in, the library refreshes 5 minutes before expiry.
      refreshAfterTimestamp: token.refreshAfterTimestamp ?? token.expiresOnTimestamp - 5 * 60_000,
      cae: request.enableCae === true || (claims.xms_cc?.some((c) => c.toLowerCase() === 'cp1') ?? false),
      claims,
    };
    if (!held) {
      held = new Map();
      this.inventory.set(account.id, held);
    }
    const handed = withIdToken(token, account.id, tenantId);
    held.set(key, { entry, token: token.token, handed });
    this.tokensChanged.fire({ accountId: account.id }, (error) => this.logListenerError(error));
    return { token: handed, tenantId, cached: false };
  }

  /** "Refresh token": the next request skips every cache (this credential's and MSAL's access tokens). */
  private async dropCachedToken(account: StoredAccount, scopes: readonly string[], tenant: string | undefined): Promise<void> {
    this.credentials.delete(account.id);
    if (account.record && isUserMethod(account.method) && account.method !== 'sharedTokenCache') {
      const realm = (tenant ?? account.homeTenantId).toLowerCase();
      const wanted = scopes.map((s) => resourceOfScope(s).toLowerCase());
      await this.userTokenCache.forgetAccessTokens(account.record.homeAccountId, (entry) => {
        const target = (entry.target ?? '').toLowerCase();
        return (entry.realm ?? '').toLowerCase() === realm && wanted.some((resource) => target.includes(resource));
      });
    }
  }

  private async fetchTenants(account: StoredAccount): Promise<readonly AccountTenant[]> {
    const scope = resourceManagerScope(account.resourceManagerEndpoint);
    let armToken: AccountToken;
    try {
      ({ token: armToken } = await this.acquire(account, { scopes: [scope], consumer: { kind: 'tree' } }));
    } catch (error) {
      return [{ tenantId: account.homeTenantId, displayName: account.homeTenantName, state: needsInteractiveSignIn(error) ? 'signInRequired' : 'unknown', reason: shortReason(error) }];
    }
    let listed: ArmTenant[];
    try {
      listed = await this.listTenants(account.resourceManagerEndpoint, armToken.token, { abortSignal: AbortSignal.timeout(this.options.tenantProbeTimeoutMs ?? 15_000) });
    } catch (error) {
      this.options.logger.warn(`[accounts] the tenants of ${account.label} could not be listed: ${shortReason(error)}`);
      return [{ tenantId: account.homeTenantId, displayName: account.homeTenantName, state: 'signedIn' }];
    }
    if (!listed.some((t) => t.tenantId === account.homeTenantId)) listed.unshift({ tenantId: account.homeTenantId, displayName: account.homeTenantName });
    const tenants = await Promise.all(
      listed.map(async (tenant): Promise<AccountTenant> => {
        const base = { tenantId: tenant.tenantId, displayName: tenant.displayName, defaultDomain: tenant.defaultDomain };
        if (tenant.tenantId === account.homeTenantId) return { ...base, state: 'signedIn' };
        try {
          await this.acquire(account, { scopes: [scope], tenantId: tenant.tenantId, consumer: { kind: 'tree' }, abortSignal: AbortSignal.timeout(this.options.tenantProbeTimeoutMs ?? 15_000) });
          return { ...base, state: 'signedIn' };
        } catch (error) {
          if (needsInteractiveSignIn(error)) {
            return { ...base, state: 'signInRequired', reason: t('This tenant needs you to sign in to it (for example for multi-factor authentication): {0}', shortReason(error)) };
          }
          return { ...base, state: 'unknown', reason: shortReason(error) };
        }
      }),
    );
    const home = tenants.find((t) => t.tenantId === account.homeTenantId);
    if (home?.displayName && home.displayName !== account.homeTenantName) {
      await this.update((document) => {
        const stored = document.accounts.find((a) => a.id === account.id);
        return stored ? replaceAccount(document, { ...stored, homeTenantName: home.displayName }) : undefined;
      }).catch((error: unknown) => this.options.logger.warn(`[accounts] could not store the tenant name: ${shortReason(error)}`));
    }
    // Home first, then by name.
    return tenants.sort((a, b) => Number(b.tenantId === account.homeTenantId) - Number(a.tenantId === account.homeTenantId) || (a.displayName ?? a.tenantId).localeCompare(b.displayName ?? b.tenantId));
  }

  private logListenerError(error: unknown): void {
    this.options.logger.error(`[accounts] a listener failed: ${shortReason(error)}`);
  }
}

function replaceAccount(document: AccountsDocument, account: StoredAccount): AccountsDocument {
  return { ...document, accounts: document.accounts.map((a) => (a.id === account.id ? account : a)) };
}

/** Who becomes the default when the default signs out: the account signed in most recently. */
function successorOf(accounts: readonly StoredAccount[]): string | undefined {
  let best: StoredAccount | undefined;
  for (const account of accounts) if (!best || account.signedInAt > best.signedInAt) best = account;
  return best?.id;
}

function noTokenError(account: StoredAccount, scopes: readonly string[]): Error {
  return new Error(t('{0} returned no token for {1}; sign in again from the Accounts menu.', account.label, scopes.join(' ')));
}
