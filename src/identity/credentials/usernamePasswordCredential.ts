// A user authenticating with username and password (resource owner password grant). Works only for work or
// school accounts without multi-factor authentication; prefer the interactive credentials.
import type { AuthenticationRecord } from '../authenticationRecord';
import type { MsalClient } from '../msal/msalClient';
import { resolveConfiguredTenant } from '../tenant';
import type { TokenRunner } from '../tokenRunner';
import type { AccessToken, GetTokenOptions, TokenCredential } from '../types';
import { requireArgument } from './msalClientFactory';
import { setUpUserCredential } from './userCredentialSetup';
import type { UserSignIn } from './userSignIn';
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
    ({ runner: this.runner, msal: this.msal, user: this.user } = setUpUserCredential(NAME, options, {
      clientId,
      tenantId: tenant,
      signIn: (request) => this.msal.acquireTokenByUsernamePassword(request, username, password),
    }));
  }

  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    return this.runner.getToken(scopes, options);
  }

  /** Signs the user in and returns the account's record. */
  authenticate(scopes?: string | string[], options?: GetTokenOptions): Promise<AuthenticationRecord> {
    return this.user.authenticate(this.runner, scopes, options);
  }
}
