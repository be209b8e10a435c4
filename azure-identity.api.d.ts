// Azure Identity for VS Code: the API other extensions use. Generated from src/vscode/api/contract.ts by
// `npm run api:declaration`: do not edit by hand. Copy this file into your extension (types only; nothing to
// install) and see the README section "For extension authors".
import type * as vscode from 'vscode';
/** The id other extensions look us up by: `vscode.extensions.getExtension(AzureIdentityExtensionId)`. */
export type AzureIdentityExtensionId = 'azure-identity-vscode.azure-identity';
/** The authentication provider id for `vscode.authentication.getSession`. */
export type AzureIdentityProviderId = 'azure-identity';
/** API versions `requestApi` can deliver. A new incompatible version gets a new number; old ones keep working. */
export type AzureIdentityApiVersion = '2';
/** What `vscode.extensions.getExtension('azure-identity-vscode.azure-identity').exports` is. */
export interface AzureIdentityExtensionExports {
    /** The versions `requestApi` can deliver, oldest first. */
    readonly apiVersions: readonly AzureIdentityApiVersion[];
    readonly providerId: AzureIdentityProviderId;
    /**
     * Starts the handshake. Resolves once the API was delivered to `receiveAzureIdentityApi` of the extension named
     * `clientExtensionId` (after activating it if needed); rejects with an AzureIdentityError `HandshakeFailed` when
     * that extension is not installed or exports no receiver. Do not await it inside your own `activate`: delivery
     * waits for your activation to finish. Requesting again delivers a fresh API object; access stays as granted.
     */
    requestApi(request: AzureIdentityApiRequest): Promise<void>;
    /** True when `error` is one of this API's errors (of `code`, when given). Works across bundles; `instanceof` does not. */
    isAzureIdentityError(error: unknown, code?: AzureIdentityErrorCode): error is AzureIdentityError;
    /** The signed-in accounts, as `vscode.authentication.getAccounts('azure-identity')` lists them: no token, no consent. */
    getAccounts(): Promise<readonly AzureIdentityAccount[]>;
}
export interface AzureIdentityApiRequest {
    /** Your extension's id, `publisher.name`: the API goes to that extension's exports, nowhere else. */
    readonly clientExtensionId: string;
    readonly apiVersion: AzureIdentityApiVersion;
    /**
     * A value you made for this request (16 to 256 characters, unguessable): it comes back with the delivery, so you
     * can tell a delivery that answers your request from one somebody else triggered in your name.
     */
    readonly nonce: string;
}
/** What a client extension exports (from `activate`) to receive the API. */
export interface AzureIdentityApiReceiver {
    receiveAzureIdentityApi(delivery: AzureIdentityApiDelivery): void | Promise<void>;
}
export interface AzureIdentityApiDelivery {
    /** The nonce of the request this delivery answers. */
    readonly nonce: string;
    readonly api: AzureIdentityApi;
}
/** The API one extension was given. Every token it hands out is for that extension, and logged with its id. */
export interface AzureIdentityApi {
    readonly apiVersion: AzureIdentityApiVersion;
    /** The extension this API belongs to (the one that received it). */
    readonly extensionId: string;
    readonly providerId: AzureIdentityProviderId;
    /** The signed-in accounts, as the Accounts view shows them (no consent needed: no token is involved). */
    getAccounts(): Promise<readonly AzureIdentityAccount[]>;
    /** The account the person chose as default; undefined when nobody is signed in. */
    getDefaultAccount(): Promise<AzureIdentityAccount | undefined>;
    /** Accounts signed in or out, here or in another window. */
    readonly onDidChangeAccounts: vscode.Event<AzureIdentityAccountsChange>;
    /** The default account changed (undefined: nobody is signed in any more). */
    readonly onDidChangeDefaultAccount: vscode.Event<AzureIdentityAccount | undefined>;
    /** Whether the person has allowed this extension to use the account (the default one when omitted). Never prompts. */
    hasAccess(accountId?: string): Promise<boolean>;
    /**
     * A token for `scopes` (one resource), for `options.accountId` or the default account. The first time for an
     * account, the person is asked whether this extension may use it; with `silent: true` that question is not asked
     * and the call rejects with `ConsentRequired` instead. Never opens a sign-in: an account that needs one rejects
     * with `SignInRequired`. Rejections are AzureIdentityErrors (see `isAzureIdentityError`).
     */
    getToken(scopes: string | readonly string[], options?: AzureIdentityTokenOptions): Promise<AzureIdentityAccessToken>;
    /**
     * A TokenCredential (@azure/core-auth's shape) for one account and tenant: hand it to any Azure SDK for JS client.
     * It asks for exactly the scopes the client asks for and returns the token's real expiry.
     */
    createCredential(options?: AzureIdentityCredentialOptions): AzureIdentityTokenCredential;
    /** The same as `createCredential()`: the default account at the time of each call, its home tenant. */
    readonly credential: AzureIdentityTokenCredential;
    /**
     * An AzureSubscriptionProvider in the shape @microsoft/vscode-azext-azureauth v5 and v6 define, backed by the
     * signed-in accounts and Azure Resource Manager. Its credentials belong to this extension, under the same consent.
     */
    readonly subscriptionProvider: AzureSubscriptionProvider;
    isAzureIdentityError(error: unknown, code?: AzureIdentityErrorCode): error is AzureIdentityError;
}
export type AzureIdentityAccountKind = 'user' | 'servicePrincipal' | 'managedIdentity';
export type AzureIdentityCloudName = 'AzureCloud' | 'AzureChinaCloud' | 'AzureUSGovernment' | 'AzureGermanCloud' | 'custom';
export interface AzureIdentityAccount {
    /** Stable id; pass it as `accountId`. Also the `id` of vscode.AuthenticationSessionAccountInformation. */
    readonly id: string;
    /** What the Accounts view shows: the user name, or the tool and the identity it holds. */
    readonly label: string;
    readonly kind: AzureIdentityAccountKind;
    readonly cloud: AzureIdentityCloudName;
    readonly authorityHost: string;
    readonly homeTenantId: string;
}
export interface AzureIdentityAccountsChange {
    readonly added: readonly AzureIdentityAccount[];
    readonly removed: readonly AzureIdentityAccount[];
    readonly changed: readonly AzureIdentityAccount[];
}
/** @azure/abort-controller's AbortSignalLike: what an Azure SDK passes as `abortSignal`. */
export interface AzureIdentityAbortSignalLike {
    readonly aborted: boolean;
    addEventListener(type: 'abort', listener: (this: AzureIdentityAbortSignalLike, event: unknown) => unknown, options?: {
        once?: boolean;
    }): void;
    removeEventListener(type: 'abort', listener: (this: AzureIdentityAbortSignalLike, event: unknown) => unknown): void;
}
export interface AzureIdentityTokenOptions {
    /** The account (an `AzureIdentityAccount.id`); the default account when omitted. */
    readonly accountId?: string;
    /** A tenant other than the account's home tenant: the token is always one that tenant issued. */
    readonly tenantId?: string;
    /** Claims from a challenge (JSON, as in GetTokenOptions.claims). */
    readonly claims?: string;
    /** Ask for a CAE-capable token. */
    readonly enableCae?: boolean;
    /** Do not ask the person for access: reject with `ConsentRequired` instead. */
    readonly silent?: boolean;
    readonly abortSignal?: AzureIdentityAbortSignalLike;
}
/** @azure/core-auth's AccessToken, with the account and the tenant that issued it. */
export interface AzureIdentityAccessToken {
    readonly token: string;
    /** When the token expires (ms since the epoch), as the authority said: never a guess. */
    readonly expiresOnTimestamp: number;
    readonly refreshAfterTimestamp?: number;
    readonly tokenType: 'Bearer';
    readonly accountId: string;
    readonly tenantId: string;
}
export interface AzureIdentityCredentialOptions {
    /** The account; the default account at the time of each getToken call when omitted. */
    readonly accountId?: string;
    /** The tenant tokens come from; the account's home tenant when omitted. A client's `tenantId` option wins. */
    readonly tenantId?: string;
    /** Do not ask the person for access: reject with `ConsentRequired` instead. */
    readonly silent?: boolean;
}
/** @azure/core-auth's GetTokenOptions, as far as a credential reads them. */
export interface AzureIdentityGetTokenOptions {
    abortSignal?: AzureIdentityAbortSignalLike;
    tenantId?: string;
    claims?: string;
    enableCae?: boolean;
    requestOptions?: {
        timeout?: number;
    };
    tracingOptions?: unknown;
}
/** @azure/core-auth's TokenCredential: any Azure SDK for JS client takes it. */
export interface AzureIdentityTokenCredential {
    getToken(scopes: string | string[], options?: AzureIdentityGetTokenOptions): Promise<AzureIdentityAccessToken>;
}
/** The kinds of error the API rejects with; the same set whichever bundle the caller uses. */
export type AzureIdentityErrorCode = 
/** Nobody is signed in (or the account asked for signed out): sign in from the Accounts menu. */
'NotSignedIn'
/** No signed-in account has the id given. */
 | 'AccountNotFound'
/** The extension has no access to the account and `silent` was set: call again without it to ask the person. */
 | 'ConsentRequired'
/** The person did not allow the extension to use the account (or dismissed the question). */
 | 'ConsentDenied'
/** The account needs an interactive sign-in (MFA, conditional access, another tenant): the Accounts view offers it. */
 | 'SignInRequired'
/** The request was malformed (no scopes, scopes of two resources, a bad tenant id, …). */
 | 'InvalidRequest'
/** The handshake could not deliver the API (extension not installed, no receiver exported). */
 | 'HandshakeFailed'
/** The caller aborted. */
 | 'Cancelled'
/** The authority refused or could not be reached; the message says what happened. */
 | 'TokenUnavailable';
export interface AzureIdentityError extends Error {
    readonly name: 'AzureIdentityError';
    readonly code: AzureIdentityErrorCode;
    /** Set on `NotSignedIn`, so @microsoft/vscode-azext-azureauth's `isNotSignedInError` recognises it. */
    readonly isNotSignedInError?: true;
}
/** @azure/ms-rest-azure-env's Environment, as far as azureauth consumers read it. */
export interface AzureEnvironment {
    readonly name: string;
    readonly portalUrl: string;
    readonly managementEndpointUrl: string;
    readonly resourceManagerEndpointUrl: string;
    readonly activeDirectoryEndpointUrl: string;
    readonly activeDirectoryResourceId: string;
    readonly isCustomCloud?: boolean;
}
/** vscode.AuthenticationSessionAccountInformation plus the account's cloud (azureauth v6's AzureAccount). */
export interface AzureAccount extends vscode.AuthenticationSessionAccountInformation {
    readonly environment: AzureEnvironment;
}
/** ARM's TenantIdDescription plus the account (azureauth's AzureTenant). */
export interface AzureTenant {
    readonly tenantId: string;
    readonly displayName?: string;
    readonly defaultDomain?: string;
    readonly account: AzureAccount;
}
export interface TenantIdAndAccount {
    readonly tenantId: string;
    readonly account: AzureAccount;
}
export interface AzureAuthentication {
    /** A session for Resource Manager of the subscription's tenant. */
    getSession(): Promise<vscode.AuthenticationSession | undefined>;
    /** A session for other scopes, from the subscription's tenant. */
    getSessionWithScopes(scopes: string[]): Promise<vscode.AuthenticationSession | undefined>;
}
export interface AzureSubscription {
    readonly authentication: AzureAuthentication;
    readonly environment: AzureEnvironment;
    readonly isCustomCloud: boolean;
    readonly name: string;
    readonly subscriptionId: string;
    readonly tenantId: string;
    /** Tokens of the subscription's tenant, for the scopes the SDK asks, with their real expiry. */
    readonly credential: AzureIdentityTokenCredential;
    readonly account: AzureAccount;
}
export type RefreshSuggestedReason = 'sessionChange' | 'subscriptionFilterChange';
export interface SubscriptionProviderGetOptions {
    /** Accepted for compatibility: there are no subscription filters, every item is returned. */
    readonly all?: boolean;
    readonly filter?: boolean;
    /** Ask Resource Manager again instead of answering from what was fetched before. */
    readonly noCache?: boolean;
    readonly token?: vscode.CancellationToken;
    /** Accepted for compatibility: subscriptions are always deduplicated by tenant and id. */
    readonly dedupe?: boolean;
    /** getAvailableSubscriptions: at most this many tenants are asked (default 10). */
    readonly maximumTenants?: number;
}
export interface SubscriptionProviderSignInOptions {
    readonly clearSessionPreference?: boolean;
    /** false: do not ask the person anything; resolve false when that would be needed. */
    readonly promptIfNeeded?: boolean;
}
export interface AzureSubscriptionProvider {
    /** The tenants of one account, or of every account. */
    getTenants(account?: vscode.AuthenticationSessionAccountInformation): Promise<AzureTenant[]>;
    /** Every subscription of every signed-in tenant of every account. Rejects `NotSignedIn` when nobody is signed in. */
    getSubscriptions(filter?: boolean): Promise<AzureSubscription[]>;
    /** Whether an account (any, when omitted) can get a token for the tenant (its home tenant, when omitted) silently. */
    isSignedIn(tenantId?: string, account?: vscode.AuthenticationSessionAccountInformation): Promise<boolean>;
    /**
     * Makes sure this extension may use an account for the tenant: asks for access when needed, and signs in from
     * the Accounts view when nobody is. v5: `signIn(tenantId?, account?)`; v6: `signIn({tenantId, account}?, options?)`.
     */
    signIn(tenant?: string | TenantIdAndAccount, accountOrOptions?: vscode.AuthenticationSessionAccountInformation | SubscriptionProviderSignInOptions): Promise<boolean>;
    readonly onDidSignIn: vscode.Event<void>;
    readonly onDidSignOut: vscode.Event<void>;
    readonly onRefreshSuggested: vscode.Event<RefreshSuggestedReason>;
    getAccounts(options?: SubscriptionProviderGetOptions): Promise<AzureAccount[]>;
    getTenantsForAccount(account: AzureAccount, options?: SubscriptionProviderGetOptions): Promise<AzureTenant[]>;
    getUnauthenticatedTenantsForAccount(account: AzureAccount, options?: SubscriptionProviderGetOptions): Promise<AzureTenant[]>;
    getSubscriptionsForTenant(tenant: TenantIdAndAccount, options?: SubscriptionProviderGetOptions): Promise<AzureSubscription[]>;
    getAvailableSubscriptions(options?: SubscriptionProviderGetOptions): Promise<AzureSubscription[]>;
}
