// SharedTokenCacheCredential: a silent token for an account already in the persistent MSAL cache that
// Microsoft developer tools share (~/.IdentityService/msal.cache). It reads the cache — never writes it, so
// another tool's cache is never rewritten by us — chooses one account (by username, tenant or an
// AuthenticationRecord), returns a cached access token when one is still good, else redeems the account's
// refresh token at the authority.
//
// Both layouts are read: `<name>.nocae` / `<name>.cae` (@azure/identity 4, newer azure-identity, and this
// library) and plain `<name>` (older azure-identity). A plaintext file is read directly; otherwise the
// OS-encrypted store is opened through the core's persistence.
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import type { AuthenticationRecordData } from '../authenticationRecord';
import { authorityHostName, resolveAuthorityHost } from '../authorityHosts';
import { setUpCredential } from '../credentialSetup';
import { AuthenticationRequiredError, ClientAuthenticationError, CredentialUnavailableError, errorMessage } from '../errors';
import type { CredentialLogger } from '../logger';
import type { MsalClient } from '../msal/msalClient';
import { createPersistence, DEFAULT_TOKEN_CACHE_NAME, identityServiceDirectory } from '../msal/persistence';
import { checkTenantId, DEVELOPER_SIGN_ON_CLIENT_ID } from '../tenant';
import type { TokenRequest, TokenRunner } from '../tokenRunner';
import type { AccessToken, GetTokenOptions, MultiTenantTokenCredentialOptions, TokenCachePersistenceOptions, TokenCredential } from '../types';
import { chainHint, type ChainHint } from './chainedTokenCredential';
import { createMsalClient, type MsalCredentialOptions } from './msalClientFactory';

export interface SharedTokenCacheCredentialOptions extends MultiTenantTokenCredentialOptions {
  /** The account's username (usually an email address); default AZURE_USERNAME. Needed when the cache holds several. */
  username?: string;
  /** Chooses accounts whose home tenant is this one. */
  tenantId?: string;
  /** The account a user credential's authenticate() returned: chosen by its home account id. */
  authenticationRecord?: AuthenticationRecordData;
  /** Which cache: its `name` (default `msal.cache`). The shared cache is read whether encrypted or not. */
  tokenCachePersistenceOptions?: Partial<TokenCachePersistenceOptions>;
}

/** An account in the shared cache, as listAccounts() describes it (no token). */
export interface SharedCacheAccount {
  readonly homeAccountId: string;
  readonly username: string;
  /** The account's home tenant. */
  readonly tenantId: string;
  /** The authority host the account signed in at, e.g. `login.microsoftonline.com`. */
  readonly environment: string;
}

export const sharedTokenCacheMessages = {
  noCache: 'SharedTokenCacheCredential authentication unavailable. No shared token cache was found; sign in with a developer tool that uses it (Azure CLI with a persistent cache, Visual Studio, or this library with tokenCachePersistenceOptions).',
  noAccounts: 'SharedTokenCacheCredential authentication unavailable. No accounts were found in the cache.',
  multipleAccounts: 'SharedTokenCacheCredential authentication unavailable. Multiple accounts were found in the cache. Use username and tenant id to disambiguate.',
  multipleMatching: (filter: string): string =>
    `SharedTokenCacheCredential authentication unavailable. Multiple accounts matching the specified${filter} were found in the cache.`,
  noMatching: (filter: string): string =>
    `SharedTokenCacheCredential authentication unavailable. No account matching the specified${filter} was found in the cache.`,
  noToken: (username: string): string =>
    `Token acquisition failed for user '${username}'. To fix, re-authenticate through developer tooling supporting Azure single sign on.`,
} as const;

const CREDENTIAL_NAME = 'SharedTokenCacheCredential';

/** Hosts that are the same cloud, so a cache entry recorded under one serves the others (as the reference does). */
const ENVIRONMENT_ALIASES: readonly (readonly string[])[] = [
  ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'sts.windows.net'],
  ['login.chinacloudapi.cn', 'login.partner.microsoftonline.cn'],
  ['login.microsoftonline.us', 'login.usgovcloudapi.net'],
];

type CacheItem = Record<string, unknown>;

interface CacheContents {
  accounts: CacheItem[];
  accessTokens: CacheItem[];
  refreshTokens: CacheItem[];
}

export class SharedTokenCacheCredential implements TokenCredential {
  readonly credentialName = CREDENTIAL_NAME;
  private readonly runner: TokenRunner;
  private readonly logger: CredentialLogger;
  private readonly username: string | undefined;
  private readonly tenantFilter: string | undefined;
  private readonly record: AuthenticationRecordData | undefined;
  private readonly cacheName: string;
  private readonly aliases: readonly string[];
  private readonly msalOptions: MsalCredentialOptions;
  private readonly msalClients = new Map<string, MsalClient>();
  /** The cache as last read, which MSAL's read-only storage hands it. */
  private cacheText: string | undefined;

  constructor(options?: SharedTokenCacheCredentialOptions);
  constructor(username: string | undefined, options?: SharedTokenCacheCredentialOptions);
  constructor(usernameOrOptions?: string | SharedTokenCacheCredentialOptions, maybeOptions?: SharedTokenCacheCredentialOptions) {
    const options: SharedTokenCacheCredentialOptions =
      typeof usernameOrOptions === 'string' ? { ...maybeOptions, username: usernameOrOptions } : (usernameOrOptions ?? maybeOptions ?? {});
    if (options.tenantId) checkTenantId(options.tenantId);
    this.username = options.username || undefined;
    this.tenantFilter = options.tenantId || undefined;
    this.record = options.authenticationRecord;
    this.cacheName = options.tokenCachePersistenceOptions?.name || DEFAULT_TOKEN_CACHE_NAME;
    const host = authorityHostName(resolveAuthorityHost(options.authorityHost)).toLowerCase();
    this.msalOptions = {
      authorityHost: options.authorityHost,
      networkTimeoutInMs: options.networkTimeoutInMs,
      retryOptions: options.retryOptions,
    };
    this.aliases = ENVIRONMENT_ALIASES.find((group) => group.includes(host)) ?? [host];
    const { logger, runner } = setUpCredential(CREDENTIAL_NAME, options, {
      // The configured tenant only chooses the account; requests go to the account's home tenant unless
      // the caller asks for another.
      tenantId: undefined,
      acquire: (request) => this.acquire(request),
    });
    this.logger = logger;
    this.runner = runner;
  }

  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    return this.runner.getToken(scopes, options);
  }

  /**
   * The accounts this credential could choose from: those in the shared cache (in this credential's cloud)
   * with a refresh token it may redeem. Read only; never a token. An empty list when there is no cache.
   */
  async listAccounts(): Promise<SharedCacheAccount[]> {
    let cache: CacheContents;
    try {
      cache = (await this.loadCache(false)).contents;
    } catch (error) {
      if (error instanceof CredentialUnavailableError) return [];
      throw error;
    }
    const seen = new Map<string, SharedCacheAccount>();
    for (const account of cache.accounts) {
      const homeAccountId = account.home_account_id;
      if (!this.inEnvironment(account) || typeof homeAccountId !== 'string' || seen.has(homeAccountId)) continue;
      const refreshable = cache.refreshTokens.some((rt) => rt.home_account_id === homeAccountId && this.inEnvironment(rt) && rt.family_id !== undefined);
      if (!refreshable) continue;
      seen.set(homeAccountId, {
        homeAccountId,
        username: String(account.username ?? ''),
        tenantId: homeTenantOf(homeAccountId) ?? String(account.realm ?? ''),
        environment: String(account.environment),
      });
    }
    return [...seen.values()];
  }

  /** Whether the shared cache is supported here: on every desktop platform Node runs on. */
  static supported(): boolean {
    return ['win32', 'darwin', 'linux'].includes(process.platform);
  }

  [chainHint](): ChainHint {
    return { availability: 'unknown', speculative: true };
  }

  private async acquire(request: TokenRequest): Promise<AccessToken> {
    const cache = await this.loadCache(request.enableCae);
    const chosen = this.chooseAccount(cache.contents);
    const homeAccountId = String(chosen.home_account_id);
    const username = String(chosen.username ?? '');
    // MSAL reads the files just read (never writing them back), finds the account itself, serves a cached
    // access token of the requested tenant or redeems the account's refresh token (the family token included).
    this.cacheText = cache.text;
    const msal = this.msalFor(this.record?.clientId ?? cacheClientId(cache.contents, homeAccountId));
    const account = await msal.findAccount({ homeAccountId }, request.enableCae);
    if (!account) throw new CredentialUnavailableError(sharedTokenCacheMessages.noToken(username));
    try {
      return (await msal.acquireTokenSilent(request, account)).accessToken;
    } catch (error) {
      // A refresh token the authority no longer accepts: the account must sign in again somewhere.
      if (error instanceof AuthenticationRequiredError || (error instanceof ClientAuthenticationError && error.errorResponse.error === 'invalid_grant')) {
        const reason = error instanceof ClientAuthenticationError ? error.errorResponse.errorDescription : error.message;
        throw new CredentialUnavailableError(`${sharedTokenCacheMessages.noToken(username)} (${reason.split('\n')[0]})`, { cause: error });
      }
      throw error;
    }
  }

  /** One MSAL public client per client id, over a read-only view of the shared cache. */
  private msalFor(clientId: string): MsalClient {
    let msal = this.msalClients.get(clientId);
    if (!msal) {
      msal = createMsalClient(this.msalOptions, {
        clientId,
        tenantId: 'organizations',
        clientCredential: { kind: 'none' },
        logger: this.logger,
        storage: { load: async () => this.cacheText, save: async () => undefined },
      });
      this.msalClients.set(clientId, msal);
    }
    return msal;
  }

  /**
   * Reads every layout of the named cache that exists, merged into one MSAL cache; unavailable when none
   * holds data.
   */
  private async loadCache(enableCae: boolean): Promise<{ contents: CacheContents; text: string }> {
    const dir = identityServiceDirectory();
    const files = [`${this.cacheName}.${enableCae ? 'cae' : 'nocae'}`, this.cacheName].map((f) => path.join(dir, f));
    const merged: Record<string, Record<string, unknown>> = {};
    const problems: string[] = [];
    let found = false;
    for (const file of files) {
      if (!existsSync(file)) continue;
      let text: string | null;
      try {
        text = await this.readCacheFile(file);
      } catch (error) {
        problems.push(`${file}: ${errorMessage(error)}`);
        continue;
      }
      const sections = parseSections(text);
      if (!sections) continue;
      found = true;
      for (const [name, section] of Object.entries(sections)) merged[name] = { ...section, ...merged[name] };
    }
    if (!found) {
      const detail = problems.length ? ` (${problems.join('; ')})` : '';
      throw new CredentialUnavailableError(`${sharedTokenCacheMessages.noCache}${detail}`);
    }
    return { contents: contentsOf(merged), text: JSON.stringify(merged) };
  }

  /** A plaintext cache is its own content; anything else (a keyring marker, DPAPI bytes) goes through the OS store. */
  private async readCacheFile(file: string): Promise<string | null> {
    const raw = await fs.readFile(file);
    const text = raw.toString('utf8');
    if (parseSections(text)) return text;
    const persistence = await createPersistence(file, { enabled: true, name: this.cacheName, allowUnencryptedStorage: false }, this.logger);
    return persistence.load();
  }

  private chooseAccount(cache: CacheContents): CacheItem {
    // Accounts that can be refreshed silently: a family refresh token in this cloud (the reference's rule).
    const withRefreshToken = new Map<string, CacheItem>();
    for (const account of cache.accounts) {
      if (!this.inEnvironment(account) || typeof account.home_account_id !== 'string') continue;
      const refreshable = cache.refreshTokens.some(
        (rt) => rt.home_account_id === account.home_account_id && this.inEnvironment(rt) && (rt.family_id !== undefined || this.record !== undefined),
      );
      if (refreshable) withRefreshToken.set(account.home_account_id, account);
    }
    const accounts = [...withRefreshToken.values()];
    if (accounts.length === 0) throw new CredentialUnavailableError(sharedTokenCacheMessages.noAccounts);

    if (this.record) {
      const match = accounts.find((a) => a.home_account_id === this.record?.homeAccountId);
      if (match) return match;
      throw new CredentialUnavailableError(sharedTokenCacheMessages.noMatching(` username: ${this.record.username} tenant: ${this.record.tenantId}`));
    }
    const username = this.username ?? (process.env.AZURE_USERNAME?.trim() || undefined);
    const tenant = this.tenantFilter;
    const filtered = accounts.filter(
      (a) =>
        (!username || String(a.username ?? '').toLowerCase() === username.toLowerCase()) &&
        (!tenant || homeTenantOf(String(a.home_account_id))?.toLowerCase() === tenant.toLowerCase()),
    );
    if (filtered.length === 1) return filtered[0];
    if (username || tenant) {
      const filter = `${username ? ` username: ${username}` : ''}${tenant ? ` tenant: ${tenant}` : ''}`;
      throw new CredentialUnavailableError(filtered.length ? sharedTokenCacheMessages.multipleMatching(filter) : sharedTokenCacheMessages.noMatching(filter));
    }
    throw new CredentialUnavailableError(sharedTokenCacheMessages.multipleAccounts);
  }

  private inEnvironment(item: CacheItem): boolean {
    return typeof item.environment === 'string' && this.aliases.includes(item.environment.toLowerCase());
  }
}

/** The home tenant in MSAL's `<object id>.<tenant id>` home account id. */
function homeTenantOf(homeAccountId: string): string | undefined {
  const parts = homeAccountId.split('.');
  return parts.length === 2 && parts[1] ? parts[1] : undefined;
}

/** The client a refresh token of the account was issued to: the family token's first, else any. */
function cacheClientId(cache: CacheContents, homeAccountId: string): string {
  const tokens = cache.refreshTokens.filter((rt) => rt.home_account_id === homeAccountId && typeof rt.client_id === 'string');
  const chosen = tokens.find((rt) => rt.family_id !== undefined) ?? tokens[0];
  return typeof chosen?.client_id === 'string' ? chosen.client_id : DEVELOPER_SIGN_ON_CLIENT_ID;
}

type CacheSections = Record<string, Record<string, unknown>>;

/** The sections of an MSAL unified-schema cache, or undefined when `text` is not one. */
function parseSections(text: string | null): CacheSections | undefined {
  if (!text) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object') return undefined;
  const record = parsed as Record<string, unknown>;
  if (!record.Account && !record.RefreshToken && !record.AccessToken) return undefined;
  const sections: CacheSections = {};
  for (const [name, section] of Object.entries(record)) {
    if (section && typeof section === 'object' && !Array.isArray(section)) sections[name] = section as Record<string, unknown>;
  }
  return sections;
}

function contentsOf(sections: CacheSections): CacheContents {
  const values = (section: Record<string, unknown> | undefined): CacheItem[] =>
    section ? Object.values(section).filter((v): v is CacheItem => !!v && typeof v === 'object') : [];
  return { accounts: values(sections.Account), accessTokens: values(sections.AccessToken), refreshTokens: values(sections.RefreshToken) };
}
