// A service principal authenticating with a client secret (OAuth client credentials grant).
import { setUpCredential } from '../credentialSetup';
import type { MsalClient } from '../msal/msalClient';
import { checkTenantId } from '../tenant';
import type { TokenRunner } from '../tokenRunner';
import type { AccessToken, GetTokenOptions, TokenCredential } from '../types';
import type { ClientSecretCredentialOptions } from './clientSecretCredentialOptions';
import { createMsalClient, requireArgument } from './msalClientFactory';

const NAME = 'ClientSecretCredential';

export class ClientSecretCredential implements TokenCredential {
  private readonly runner: TokenRunner;
  private readonly msal: MsalClient;

  /**
   * @param tenantId - the service principal's tenant (directory) id
   * @param clientId - the application (client) id
   * @param clientSecret - one of the application's client secrets (its value, not its id)
   */
  constructor(tenantId: string, clientId: string, clientSecret: string, options?: ClientSecretCredentialOptions) {
    requireArgument(NAME, 'tenantId', tenantId);
    checkTenantId(tenantId);
    requireArgument(NAME, 'clientId', clientId);
    requireArgument(NAME, 'clientSecret', clientSecret);
    const { logger, runner } = setUpCredential(NAME, options, {
      tenantId,
      acquire: (request) => this.msal.acquireTokenByClientCredential(request),
    });
    this.runner = runner;
    this.msal = createMsalClient(options, { clientId, tenantId, clientCredential: { kind: 'secret', clientSecret }, logger });
  }

  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    return this.runner.getToken(scopes, options);
  }
}
