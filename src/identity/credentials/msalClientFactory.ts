// Builds a credential's MsalClient from the options every MSAL-based credential takes.
import { resolveAuthorityHost } from '../authorityHosts';
import { InvalidArgumentError } from '../errors';
import type { CredentialLogger } from '../logger';
import { MsalClient, type ClientCredentialConfig } from '../msal/msalClient';
import type { AuthorityValidationOptions, CredentialPersistenceOptions, TokenCacheStorage, TokenCredentialOptions } from '../types';

export type MsalCredentialOptions = TokenCredentialOptions & AuthorityValidationOptions & CredentialPersistenceOptions;

export function createMsalClient(
  options: MsalCredentialOptions | undefined,
  params: {
    clientId: string;
    tenantId: string;
    clientCredential: ClientCredentialConfig;
    logger: CredentialLogger;
    /** MSAL's cache lives here instead of where `tokenCachePersistenceOptions` says (a read-only view, for one). */
    storage?: TokenCacheStorage;
  },
): MsalClient {
  return new MsalClient({
    clientId: params.clientId,
    tenantId: params.tenantId,
    authorityHost: resolveAuthorityHost(options?.authorityHost),
    disableInstanceDiscovery: options?.disableInstanceDiscovery,
    clientCredential: params.clientCredential,
    tokenCachePersistenceOptions: params.storage ? { enabled: true, storage: params.storage } : options?.tokenCachePersistenceOptions,
    networkTimeoutInMs: options?.networkTimeoutInMs,
    retryOptions: options?.retryOptions,
    logger: params.logger,
  });
}

/** Throws a clear error when a required constructor argument is missing or blank. */
export function requireArgument(credentialName: string, name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidArgumentError(name, `${credentialName}: ${name} is required and must be a non-empty string.`);
  }
  return value;
}
