// A service principal proving itself with a client assertion the caller supplies: a JWT it signed itself, or
// a federated token of an issuer the app trusts (Kubernetes, GitHub Actions, Azure Pipelines, another cloud).
// `getAssertion` is called whenever MSAL needs an assertion (not for cached tokens), so it may rotate.
import { setUpCredential } from '../credentialSetup';
import { CredentialUnavailableError, errorMessage, InvalidArgumentError } from '../errors';
import type { ClientAssertionSource, MsalClient } from '../msal/msalClient';
import { checkTenantId } from '../tenant';
import type { TokenRunner } from '../tokenRunner';
import type { AccessToken, AuthorityValidationOptions, CredentialPersistenceOptions, GetTokenOptions, MultiTenantTokenCredentialOptions, TokenCredential } from '../types';
import { createMsalClient, requireArgument } from './msalClientFactory';

export interface ClientAssertionCredentialOptions extends MultiTenantTokenCredentialOptions, CredentialPersistenceOptions, AuthorityValidationOptions {}

const NAME = 'ClientAssertionCredential';

export class ClientAssertionCredential implements TokenCredential {
  private readonly runner: TokenRunner;

  /**
   * @param tenantId - the app's tenant (directory) id
   * @param clientId - the application (client) id
   * @param getAssertion - returns a client assertion (a JWT) each time one is needed
   */
  constructor(tenantId: string, clientId: string, getAssertion: () => Promise<string>, options?: ClientAssertionCredentialOptions) {
    this.runner = createAssertionRunner(NAME, tenantId, clientId, checkedAssertionSource(NAME, getAssertion), options);
  }

  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    return this.runner.getToken(scopes, options);
  }
}

/**
 * The client-credentials grant with a client assertion, under the name of the credential that uses it
 * (ClientAssertionCredential, WorkloadIdentityCredential, AzurePipelinesCredential): its log lines and
 * events carry that name.
 */
export function createAssertionRunner(
  credentialName: string,
  tenantId: string,
  clientId: string,
  getAssertion: ClientAssertionSource,
  options: ClientAssertionCredentialOptions | undefined,
): TokenRunner {
  requireArgument(credentialName, 'tenantId', tenantId);
  checkTenantId(tenantId);
  requireArgument(credentialName, 'clientId', clientId);
  const holder: { msal?: MsalClient } = {};
  const { logger, runner } = setUpCredential(credentialName, options, {
    tenantId,
    acquire: (request) => (holder.msal as MsalClient).acquireTokenByClientCredential(request),
  });
  holder.msal = createMsalClient(options, { clientId, tenantId, clientCredential: { kind: 'assertion', getAssertion }, logger });
  return runner;
}

/**
 * A caller's assertion callback, checked at construction to be a function, and at each use: a throw or an
 * empty answer makes the credential unavailable with a message that says so (never MSAL's own).
 */
export function checkedAssertionSource(credentialName: string, getAssertion: unknown): ClientAssertionSource {
  if (typeof getAssertion !== 'function') {
    throw new InvalidArgumentError('getAssertion', `${credentialName}: getAssertion is required and must be a function that returns the client assertion.`);
  }
  const source = getAssertion as () => string | Promise<string>;
  return async () => {
    let assertion: unknown;
    try {
      assertion = await source();
    } catch (error) {
      throw new CredentialUnavailableError(`${credentialName}: the getAssertion callback failed: ${errorMessage(error)}`, { cause: error });
    }
    if (typeof assertion !== 'string' || assertion.trim() === '') {
      throw new CredentialUnavailableError(`${credentialName}: the getAssertion callback returned no assertion (an empty value).`);
    }
    return assertion.trim();
  };
}
