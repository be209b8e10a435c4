// A user authenticating with username and password (resource owner password grant). Works only for work or
// school accounts without multi-factor authentication; prefer the interactive credentials.
import type { AuthenticationRecord } from '../authenticationRecord';
import { setUpCredential } from '../credentialSetup';
import type { MsalClient } from '../msal/msalClient';
import { resolveConfiguredTenant } from '../tenant';
import type { TokenRunner } from '../tokenRunner';
import type { AccessToken, GetTokenOptions, TokenCredential } from '../types';
import { createMsalClient, requireArgument } from './msalClientFactory';
import { UserSignIn } from './userSignIn';
import type { UsernamePasswordCredentialOptions } from './usernamePasswordCredentialOptions';

const NAME = 'UsernamePasswordCredential';

export class UsernamePasswordCredential implements TokenCredential {
  private readonly runner: TokenRunner;
  private readonly msal: MsalClient;
  private readonly user: UserSignIn;

  /** @param tenantId - the user's tenant, or `organizations` */
  constructor(tenantId: string, clientId: string, username: string, password: string, options?: UsernamePasswordCredentialOptions) {
    requireArgument(NAME, 'clientId', clientId);
    requireArgument(NAME, 'username', username);
    requireArgument(NAME, 'password', password);
    const tenant = resolveConfiguredTenant(tenantId, clientId);
    const { logger, runner } = setUpCredential(NAME, options, { tenantId: tenant, acquire: (request) => this.user.acquire(request) });
    this.runner = runner;
    this.msal = createMsalClient(options, { clientId, tenantId: tenant, clientCredential: { kind: 'none' }, logger });
    this.user = new UserSignIn({
      credentialName: NAME,
      msal: this.msal,
      logger,
      signIn: (request) => this.msal.acquireTokenByUsernamePassword(request, username, password),
    });
  }

  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    return this.runner.getToken(scopes, options);
  }

  /** Signs the user in and returns the account's record. */
  authenticate(scopes?: string | string[], options?: GetTokenOptions): Promise<AuthenticationRecord> {
    return this.user.authenticate(this.runner, scopes, options);
  }
}
