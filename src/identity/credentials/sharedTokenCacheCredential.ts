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
import { ClientAuthenticationError, CredentialUnavailableError, errorMessage } from '../errors';
import type { CredentialLogger } from '../logger';
import { requestAuthorityToken } from '../managedIdentity/authorityTokenRequest';
import { createPersistence, DEFAULT_TOKEN_CACHE_NAME, identityServiceDirectory } from '../msal/persistence';
import { checkTenantId, DEVELOPER_SIGN_ON_CLIENT_ID } from '../tenant';
import type { TokenRequest, TokenRunner } from '../tokenRunner';
import type { AccessToken, GetTokenOptions, MultiTenantTokenCredentialOptions, TokenCachePersistenceOptions, TokenCredential } from '../types';
import { chainHint, type ChainHint } from './chainedTokenCredential';

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
/** A cached access token this close to expiry is not used (the reference's 300 s). */
const EXPIRY_MARGIN_S = 300;

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
  private readonly authorityHost: string;
  private readonly aliases: readonly string[];

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
    this.authorityHost = resolveAuthorityHost(options.authorityHost);
    const host = authorityHostName(this.authorityHost).toLowerCase();
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
      cache = await this.loadCache(false);
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
    const account = this.chooseAccount(cache);
    const homeAccountId = String(account.home_account_id);
    const nowS = Math.floor(Date.now() / 1000);
    if (!request.claims && !request.forceRefresh) {
      const cached = this.cachedAccessToken(cache, homeAccountId, request, nowS);
      if (cached) return cached;
    }
    const refreshTokens = cache.refreshTokens.filter((rt) => rt.home_account_id === homeAccountId && this.inEnvironment(rt) && typeof rt.secret === 'string');
    const username = String(account.username ?? '');
    if (refreshTokens.length === 0) throw new CredentialUnavailableError(sharedTokenCacheMessages.noToken(username));
    // The family (FOCI) token first: any Microsoft developer client may redeem it.
    refreshTokens.sort((a, b) => Number(b.family_id !== undefined) - Number(a.family_id !== undefined));
    const refreshToken = refreshTokens[0];
    const clientId = this.record?.clientId ?? (typeof refreshToken.client_id === 'string' ? refreshToken.client_id : DEVELOPER_SIGN_ON_CLIENT_ID);
    const tenant = request.tenantId ?? homeTenantOf(homeAccountId) ?? (typeof account.realm === 'string' ? account.realm : 'organizations');
    const form: Record<string, string> = {
      grant_type: 'refresh_token',
      client_id: clientId,
      refresh_token: String(refreshToken.secret),
      scope: [...request.scopes, 'offline_access', 'openid', 'profile'].join(' '),
    };
    if (request.claims) form.claims = request.claims;
    if (request.enableCae) form.client_capabilities = 'cp1';
    try {
      const result = await requestAuthorityToken({
        authorityHost: this.authorityHost,
        tenantId: tenant,
        form,
        abortSignal: request.abortSignal,
        timeoutInMs: request.requestTimeoutInMs,
        logger: this.logger,
      });
      return result.accessToken;
    } catch (error) {
      // A refresh token the authority no longer accepts: the account must sign in again somewhere.
      if (error instanceof ClientAuthenticationError && error.errorResponse.error === 'invalid_grant') {
        throw new CredentialUnavailableError(`${sharedTokenCacheMessages.noToken(username)} (${error.errorResponse.errorDescription.split('\n')[0]})`, { cause: error });
      }
      throw error;
    }
  }

  /** Reads every layout of the named cache that exists; unavailable when none holds data. */
  private async loadCache(enableCae: boolean): Promise<CacheContents> {
    const dir = identityServiceDirectory();
    const files = [`${this.cacheName}.${enableCae ? 'cae' : 'nocae'}`, this.cacheName].map((f) => path.join(dir, f));
    const contents: CacheContents = { accounts: [], accessTokens: [], refreshTokens: [] };
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
      const parsed = parseCache(text);
      if (!parsed) continue;
      found = true;
      contents.accounts.push(...parsed.accounts);
      contents.accessTokens.push(...parsed.accessTokens);
      contents.refreshTokens.push(...parsed.refreshTokens);
    }
    if (!found) {
      const detail = problems.length ? ` (${problems.join('; ')})` : '';
      throw new CredentialUnavailableError(`${sharedTokenCacheMessages.noCache}${detail}`);
    }
    return contents;
  }

  /** A plaintext cache is its own content; anything else (a keyring marker, DPAPI bytes) goes through the OS store. */
  private async readCacheFile(file: string): Promise<string | null> {
    const raw = await fs.readFile(file);
    const text = raw.toString('utf8');
    if (parseCache(text)) return text;
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

  private cachedAccessToken(cache: CacheContents, homeAccountId: string, request: TokenRequest, nowS: number): AccessToken | undefined {
    const wanted = request.scopes.map((s) => s.toLowerCase());
    for (const entry of cache.accessTokens) {
      if (entry.home_account_id !== homeAccountId || !this.inEnvironment(entry) || typeof entry.secret !== 'string') continue;
      // Only a token the tenant asked for issued: the home tenant's unless the caller names another.
      const tenant = request.tenantId ?? homeTenantOf(homeAccountId);
      if (tenant && String(entry.realm ?? '').toLowerCase() !== tenant.toLowerCase()) continue;
      const target = String(entry.target ?? '').toLowerCase().split(/\s+/);
      if (!wanted.every((scope) => target.includes(scope))) continue;
      const expiresOn = Number(entry.expires_on);
      if (!Number.isFinite(expiresOn) || expiresOn - EXPIRY_MARGIN_S <= nowS) continue;
      return { token: entry.secret, expiresOnTimestamp: expiresOn * 1000, tokenType: 'Bearer' };
    }
    return undefined;
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

/** The sections of an MSAL unified-schema cache, or undefined when `text` is not one. */
function parseCache(text: string | null): CacheContents | undefined {
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
  const values = (section: unknown): CacheItem[] =>
    section && typeof section === 'object' ? Object.values(section as Record<string, unknown>).filter((v): v is CacheItem => !!v && typeof v === 'object') : [];
  return { accounts: values(record.Account), accessTokens: values(record.AccessToken), refreshTokens: values(record.RefreshToken) };
}
