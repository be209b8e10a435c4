// What every managed-identity source shares: which identity to ask for, the knobs of a request, and the
// contract a source fulfils (one resource in, one AccessToken or a typed error out).
import type { Clock } from '../clock';
import type { CredentialLogger } from '../logger';
import type { AccessToken } from '../types';

export type ManagedIdentitySourceName =
  | 'ServiceFabric'
  | 'AppService'
  | 'AzureArc'
  | 'AzureML'
  | 'CloudShell'
  | 'WorkloadIdentity'
  | 'Imds';

/** Which identity to ask for: the resource's own (system-assigned) or a user-assigned one by one of its ids. */
export type ManagedIdentityId =
  | { kind: 'system' }
  | { kind: 'clientId'; value: string }
  | { kind: 'objectId'; value: string }
  | { kind: 'resourceId'; value: string };

export interface ManagedIdentityRetryOptions {
  /** Retries after the first attempt. Default 5. */
  maxRetries: number;
  /** First back-off delay, doubled each retry. Default 800 ms. */
  retryDelayInMs: number;
  /** Ceiling for one delay, Retry-After included. Default 60 s. */
  maxRetryDelayInMs: number;
}

/** Settings every source receives from ManagedIdentityCredential. */
export interface SourceSettings {
  identity: ManagedIdentityId;
  clock: Clock;
  logger: CredentialLogger;
  /** Milliseconds to connect to the endpoint. */
  connectTimeoutInMs: number;
  /** Milliseconds for one request, connection included. */
  requestTimeoutInMs: number;
  retry: ManagedIdentityRetryOptions;
  env: NodeJS.ProcessEnv;
}

export interface SourceTokenRequest {
  /** The resource (a scope without `/.default`). */
  resource: string;
  /** The scope as the caller gave it (workload identity needs the scope itself). */
  scope: string;
  /** Fires when every caller waiting on the request has given up. */
  abortSignal: AbortSignal;
  claims?: string;
  /** Skip any cache below ours (MSAL's, for workload identity). */
  forceRefresh?: boolean;
  tenantId?: string;
  /** Overrides the settings' request timeout for this call (GetTokenOptions.requestOptions.timeout). */
  requestTimeoutInMs?: number;
}

export interface ManagedIdentitySource {
  readonly name: ManagedIdentitySourceName;
  /** An AccessToken; CredentialUnavailableError when no identity is there, ClientAuthenticationError otherwise. */
  getToken(request: SourceTokenRequest): Promise<AccessToken>;
}

/** A short description of the identity for messages: never secret, so it may be shown. */
export function describeIdentity(identity: ManagedIdentityId): string {
  switch (identity.kind) {
    case 'system':
      return 'the system-assigned identity';
    case 'clientId':
      return `the user-assigned identity with client id ${identity.value}`;
    case 'objectId':
      return `the user-assigned identity with object id ${identity.value}`;
    case 'resourceId':
      return `the user-assigned identity with resource id ${identity.value}`;
  }
}
