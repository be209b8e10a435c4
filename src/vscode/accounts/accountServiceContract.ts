// The contract of the one AccountService the provider, tree, status bar, commands, exported API and terminal
// endpoint are given (none of them builds its own). Types only, no `vscode` import at run time: the service's
// logic is unit-tested in plain Node with an in-memory SecretStorage. The implementation lives beside it in
// accountService.ts; consumers import only this file.
import type { AbortSignalLike, AccessToken, AuthenticationRecordData, TokenCredential } from '../../identity/index';

/** A listener registration, shaped like vscode.Disposable so VS Code code can push it to subscriptions. */
export interface Subscription {
  dispose(): void;
}

/** vscode.Event's shape, without depending on vscode at run time. */
export type AccountEvent<T> = (listener: (event: T) => void) => Subscription;

/** The clouds an account can live in; `custom` carries its own authority host. */
export type CloudName = 'AzureCloud' | 'AzureChinaCloud' | 'AzureUSGovernment' | 'AzureGermanCloud' | 'custom';

/** How an account signed in (the sign-in picker's methods). */
export type SignInMethod = 'interactiveBrowser' | 'deviceCode' | 'azureCli' | 'azurePowerShell' | 'azureDeveloperCli' | 'environment' | 'managedIdentity' | 'sharedTokenCache';

/** What kind of identity an account is: people, applications and machine identities are told apart. */
export type AccountKind = 'user' | 'servicePrincipal' | 'managedIdentity';

export interface Account {
  /** Stable id: the AuthenticationRecord's homeAccountId for users, `<method>:<object id>.<tenant>` otherwise. */
  readonly id: string;
  /** What the Accounts menu shows: the user name, or the tool and the identity it holds. */
  readonly label: string;
  /** The display name (`name` claim) when the authority gave one. */
  readonly displayName?: string;
  readonly kind: AccountKind;
  readonly method: SignInMethod;
  /** The cloud it signed in to; kept with the account, a later settings change does not move it. */
  readonly cloud: CloudName;
  readonly authorityHost: string;
  readonly homeTenantId: string;
  /** The home tenant's display name, once ARM `GET /tenants` told it (labels show it rather than a GUID). */
  readonly homeTenantName?: string;
  /** The tenant tokens come from when a request names none (the status bar switches it); the home tenant if unset. */
  readonly defaultTenantId?: string;
  readonly clientId: string;
  /** ms since the epoch. */
  readonly signedInAt: number;
  /** Its cloud's Resource Manager (tokens for it are labelled "Azure Resource Manager"); set on every stored account. */
  readonly resourceManagerEndpoint?: string;
}

/** What a finished sign-in hands the service: the account as it will be stored (no token, no secret). */
export interface SignedInAccount extends Omit<Account, 'homeTenantName' | 'defaultTenantId'> {
  /** Where the account's tenants are listed: its cloud's Resource Manager, e.g. `https://management.azure.com`. */
  readonly resourceManagerEndpoint: string;
  /** The AuthenticationRecord of a user sign-in (browser, device code, shared cache). */
  readonly record?: AuthenticationRecordData;
}

/** Signing out the default account handed its role to another one (or to none): the person is told. */
export interface DefaultAccountReassigned {
  readonly previous: Account;
  readonly current: Account | undefined;
}

/** A tenant an account can reach (ARM `GET /tenants`), and whether a token for it can be had silently. */
export interface AccountTenant {
  readonly tenantId: string;
  readonly displayName?: string;
  readonly defaultDomain?: string;
  /** `signInRequired`: the tenant needs an interactive sign-in (MFA, conditional access, consent). */
  readonly state: 'signedIn' | 'signInRequired' | 'unknown';
  /** Why a sign-in is required, in words a person acts on (never a token). */
  readonly reason?: string;
}

/** The non-secret claims of an access token, for the tree's hover. Never the token itself. */
export interface NonSecretClaims {
  readonly aud?: string;
  readonly scp?: string;
  readonly roles?: readonly string[];
  readonly tid?: string;
  readonly oid?: string;
  readonly upn?: string;
  readonly exp?: number;
  readonly acrs?: readonly string[];
  readonly xms_cc?: readonly string[];
}

/** One entry of the token inventory: which scopes an account holds a token for, never the token. */
export interface InventoryToken {
  readonly accountId: string;
  /** The scopes as requested (sorted), for example `https://management.azure.com/.default`. */
  readonly scopes: readonly string[];
  /** The resource they belong to, for example `https://management.azure.com`. */
  readonly resource: string;
  /** The tenant that issued the token (its `tid`). */
  readonly tenantId: string;
  readonly expiresOnTimestamp: number;
  readonly refreshAfterTimestamp?: number;
  /** True for a CAE-capable token (client capability cp1). */
  readonly cae: boolean;
  readonly claims: NonSecretClaims;
}

/** Who a token goes to: logged with every hand-out, counted by telemetry, checked against consent. */
export type TokenConsumer =
  | { readonly kind: 'provider'; readonly extensionId?: string }
  | { readonly kind: 'extension'; readonly extensionId: string }
  | { readonly kind: 'terminal'; readonly userAgent: string; readonly protocol: 'appService2019' | 'appService2017' | 'azd' | 'visualStudioCode' }
  | { readonly kind: 'mcp'; readonly server: string }
  | { readonly kind: 'command'; readonly command: string }
  | { readonly kind: 'tree' };

export interface AccountTokenRequest {
  readonly scopes: readonly string[];
  /** A tenant other than the account's home tenant: the token is always one issued by that tenant. */
  readonly tenantId?: string;
  /** Claims from a challenge (JSON, not base64). */
  readonly claims?: string;
  readonly enableCae?: boolean;
  /** Ignore cached tokens (the tree's "Refresh token"). */
  readonly forceRefresh?: boolean;
  readonly abortSignal?: AbortSignalLike;
  readonly consumer: TokenConsumer;
}

/** A token handed out, with the tenant that issued it. */
export interface AccountToken extends AccessToken {
  readonly accountId: string;
  readonly tenantId: string;
  /**
   * The OpenID Connect id token issued with it, for user accounts (browser, device code, shared cache) only:
   * service principals, managed identities and the developer tools get none. A secret: never logged.
   */
  readonly idToken?: string;
}

export interface AccountsChangeEvent {
  readonly added: readonly Account[];
  readonly removed: readonly Account[];
  /** Accounts whose record changed (signed in again, another tenant, a token renewed for these scopes). */
  readonly changed: readonly Account[];
}

/** One token handed to a consumer, for the output channel and telemetry (never the token). */
export interface TokenHandOut {
  readonly account: Account;
  readonly consumer: TokenConsumer;
  readonly scopes: readonly string[];
  readonly tenantId: string;
  readonly cached: boolean;
}

export interface AccountServiceContract {
  /** Accounts signed in or out, here or in another window. */
  readonly onDidChangeAccounts: AccountEvent<AccountsChangeEvent>;
  /** The default account changed (explicitly, or because it signed out: then `undefined` or the new one). */
  readonly onDidChangeDefaultAccount: AccountEvent<Account | undefined>;
  /** An account's token inventory changed (a token fetched, refreshed, or dropped). */
  readonly onDidChangeTokens: AccountEvent<{ readonly accountId: string }>;
  /** An account's tenants or their states changed. */
  readonly onDidChangeTenants: AccountEvent<{ readonly accountId: string }>;
  /** Every token handed out. */
  readonly onDidHandOutToken: AccountEvent<TokenHandOut>;

  getAccounts(): Promise<readonly Account[]>;
  getAccount(id: string): Promise<Account | undefined>;
  /** The account the person chose as default (persisted); undefined when none is signed in. */
  getDefaultAccount(): Promise<Account | undefined>;
  setDefaultAccount(id: string): Promise<void>;

  /**
   * A token for `accountId` (undefined: the default account), silently. Rejects with a typed error when
   * no account is signed in or the account needs an interactive sign-in; never prompts.
   */
  getToken(accountId: string | undefined, request: AccountTokenRequest): Promise<AccountToken>;

  /** The inventory of tokens an account holds (never the tokens). */
  getTokens(accountId: string): readonly InventoryToken[];
  /** The tenants an account can reach; fetched from ARM on first ask and when `refresh` is set. */
  getTenants(accountId: string, options?: { readonly refresh?: boolean }): Promise<readonly AccountTenant[]>;

  /** Signs an account out: its tokens and credential are forgotten; a new default is announced, never silent. */
  signOut(accountId: string): Promise<void>;

  // --- Additions (additive to the first contract) ---

  /** Fired after onDidChangeDefaultAccount when the default signed out: show the person who the default is now. */
  readonly onDidReassignDefaultAccount: AccountEvent<DefaultAccountReassigned>;
  /**
   * Remembers a finished sign-in (a new account, or the same identity again: then its record is replaced and
   * the default stays as it was). `credential`, when given, is the one that signed in: its cache serves next.
   */
  addAccount(account: SignedInAccount, credential?: TokenCredential): Promise<Account>;
  /** Signs every account out. */
  signOutAll(): Promise<void>;
  /** The tenant the account's tokens come from when a request names none; undefined = its home tenant. */
  setDefaultTenant(accountId: string, tenantId: string | undefined): Promise<void>;
  /**
   * The hot path of a server that answers many requests (the terminal endpoint): the account getToken would use
   * and, when `accept(account)` says it may have it, the token this service last handed out for the same account,
   * tenant and scopes, at once (no await) — only while that token is not yet due for refresh and no account change
   * is queued. Fires onDidHandOutToken like getToken. Undefined: call getToken (the slow path decides).
   */
  peekToken?(accountId: string | undefined, request: AccountTokenRequest, accept: (account: Account) => boolean): AccountToken | undefined;
}
