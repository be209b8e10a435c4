// A service principal proving itself with a client assertion the caller supplies: a JWT it signed itself, or
// a federated token of an issuer the app trusts (Kubernetes, GitHub Actions, Azure Pipelines, another cloud).
// `getAssertion` is called whenever MSAL needs an assertion (not for cached tokens), so it may rotate.
import { setUpCredential } from '../credentialSetup';
import { ClientAuthenticationError, InvalidArgumentError } from '../errors';
import type { AssertionRequest, MsalClient } from '../msal/msalClient';
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
  getAssertion: (request: AssertionRequest) => Promise<string>,
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
 * Wraps a caller's assertion callback: it must be a function, and what it returns must be a non-empty
 * string, else a typed error that names the credential (never the value it returned).
 */
export function checkedAssertionSource(
  credentialName: string,
  getAssertion: unknown,
): (request: AssertionRequest) => Promise<string> {
  if (typeof getAssertion !== 'function') {
    throw new InvalidArgumentError('getAssertion', `${credentialName}: getAssertion is required and must be a function that returns the client assertion.`);
  }
  const source = getAssertion as (request: AssertionRequest) => Promise<string> | string;
  return async (request) => {
    const assertion = await source(request);
    if (typeof assertion !== 'string' || assertion.trim() === '') {
      throw new ClientAuthenticationError(undefined, {
        error: 'invalid_client_assertion',
        errorDescription: `${credentialName}: the assertion callback returned ${typeof assertion === 'string' ? 'an empty string' : typeof assertion}; it must return the client assertion (a JWT).`,
      });
    }
    return assertion.trim();
  };
}
