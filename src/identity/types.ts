// The public data shapes of the library. AccessToken, GetTokenOptions and TokenCredential are structurally
// identical to @azure/core-auth's, so any of our credentials plugs into an Azure SDK for JS client unchanged.
import type { Clock } from './clock';
import type { CredentialEventListener } from './events';
import type { IdentityLogSink } from './logger';

/** The abort signal shape of @azure/abort-controller: a DOM AbortSignal satisfies it. */
export interface AbortSignalLike {
  readonly aborted: boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- mirrors @azure/abort-controller's declaration exactly
  addEventListener(type: 'abort', listener: (this: AbortSignalLike, ev: any) => any, options?: any): void;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- same
  removeEventListener(type: 'abort', listener: (this: AbortSignalLike, ev: any) => any, options?: any): void;
}

/** An access token with its expiry, as every Azure SDK expects it. */
export interface AccessToken {
  /** The bearer token. Never log it. */
  token: string;
  /** When the token expires, in milliseconds since the UNIX epoch. */
  expiresOnTimestamp: number;
  /** When the token should be refreshed (from the authority's `refresh_in`, else 5 minutes before expiry). */
  refreshAfterTimestamp?: number;
  /** `Bearer` for every token this library issues. */
  tokenType?: 'Bearer' | 'pop';
}

/** Per-request options of `getToken`, as @azure/core-auth defines them. */
export interface GetTokenOptions {
  /** Cancels the request; the returned promise rejects with an `AbortError`. */
  abortSignal?: AbortSignalLike;
  requestOptions?: {
    /** Milliseconds one network request may take before it is abandoned. */
    timeout?: number;
  };
  tracingOptions?: {
    tracingContext?: unknown;
  };
  /** Additional claims, such as a Continuous Access Evaluation challenge from a resource (JSON, not base64). */
  claims?: string;
  /** Ask for a CAE-capable token (client capability `cp1`). */
  enableCae?: boolean;
  /** A tenant other than the credential's own; allowed only when listed in `additionallyAllowedTenants`. */
  tenantId?: string;
  proofOfPossessionOptions?: {
    nonce: string;
    resourceRequestMethod: string;
    resourceRequestUrl: string;
  };
}

/** Anything that can produce a token: the contract of @azure/core-auth. */
export interface TokenCredential {
  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null>;
}

/** Retry policy for requests to the authority: 429 (honouring Retry-After), 5xx and dropped connections. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 3. */
  maxRetries?: number;
  /** First back-off delay; doubles each retry. Default 800 ms. */
  retryDelayInMs?: number;
  /** Ceiling for any single delay, Retry-After included. Default 60 s. */
  maxRetryDelayInMs?: number;
}

/** Options every credential accepts. */
export interface TokenCredentialOptions {
  /**
   * The authority host, for example `https://login.microsoftonline.us` (see `AzureAuthorityHosts`).
   * Default: the `AZURE_AUTHORITY_HOST` environment variable, else `https://login.microsoftonline.com`.
   */
  authorityHost?: string;
  /** Milliseconds one request to the authority may take. Default 30 000. */
  networkTimeoutInMs?: number;
  /** Milliseconds a developer tool (az, pwsh) may run. Default 10 000. */
  processTimeoutInMs?: number;
  retryOptions?: RetryOptions;
  /** Where this credential's log lines go (in addition to the sink set by `setIdentityLogSink`). */
  logSink?: IdentityLogSink;
  /** Receives one structured event per `getToken` (credential, outcome, duration, reason — never a token). */
  onCredentialEvent?: CredentialEventListener;
  /** Time source for token expiry and refresh. Tests and benchmarks inject one; products leave it unset. */
  clock?: Clock;
}

/** Options of credentials that may act in more than one tenant. */
export interface MultiTenantTokenCredentialOptions extends TokenCredentialOptions {
  /** Tenants besides the configured one that `getToken({ tenantId })` may ask for; `"*"` allows any. */
  additionallyAllowedTenants?: string[];
}

/** Options about authority validation. */
export interface AuthorityValidationOptions {
  /**
   * Skip instance discovery and authority validation: needed for private clouds, Azure Stack and local
   * emulators whose host Microsoft's discovery endpoint does not know. Only point it at hosts you trust.
   */
  disableInstanceDiscovery?: boolean;
}

/** Persistent (on-disk) token caching, shared with the other Azure Identity libraries. */
export interface TokenCachePersistenceOptions {
  /** Turn persistence on. */
  enabled: boolean;
  /** Cache name; the file is `~/.IdentityService/<name>` (shared with Python azure.identity and @azure/identity). Default: `msal.cache.nocae` / `msal.cache.cae` (CAE tokens). */
  name?: string;
  /** Fall back to a plaintext file (mode 0600) when the OS secret store is unusable. Default false. */
  allowUnencryptedStorage?: boolean;
  /** The @azure/identity spelling of `allowUnencryptedStorage`; either one allows it. */
  unsafeAllowUnencryptedStorage?: boolean;
  /**
   * Keep the cache in the host's own secret store instead of `~/.IdentityService` (the VS Code extension
   * uses SecretStorage: native keyring modules cannot load in an extension host). `name` and
   * `allowUnencryptedStorage` do not apply then; encryption is the store's business.
   */
  storage?: TokenCacheStorage;
}

/**
 * Which of a credential's two MSAL caches a load or save is for. Tokens requested with `enableCae` (client
 * capability cp1) and tokens requested without it live in separate caches, as @azure/identity's
 * `<name>.cae` / `<name>.nocae` files do: a resource that does not evaluate CAE must never get a long-lived
 * CAE token, and a CAE request never a token without the capability.
 */
export interface TokenCachePartition {
  readonly cae: boolean;
}

/**
 * A place to keep a serialized token cache: the whole cache is read before and written after each use.
 * `partition` says which cache (CAE or not) is meant; a storage that ignores it keeps both in one place, and
 * then CAE and non-CAE access tokens are no longer kept apart.
 */
export interface TokenCacheStorage {
  load(partition?: TokenCachePartition): Promise<string | undefined>;
  save(serializedCache: string, partition?: TokenCachePartition): Promise<void>;
}

/** Options of credentials that can persist their token cache. */
export interface CredentialPersistenceOptions {
  tokenCachePersistenceOptions?: TokenCachePersistenceOptions;
}
