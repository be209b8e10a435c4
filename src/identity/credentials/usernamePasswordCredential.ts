// A user authenticating with username and password (resource owner password grant). Works only for work or
// school accounts without multi-factor authentication; prefer the interactive credentials.
import type { AuthenticationRecord } from '../authenticationRecord';
import type { UserTokenResult } from '../msal/msalClient';
import { resolveConfiguredTenant } from '../tenant';
import type { TokenRequest } from '../tokenRunner';
import type { GetTokenOptions } from '../types';
import { requireArgument } from './msalClientFactory';
import { UserCredential } from './userCredential';
import type { UsernamePasswordCredentialOptions } from './usernamePasswordCredentialOptions';

const NAME = 'UsernamePasswordCredential';

export class UsernamePasswordCredential extends UserCredential {
  private readonly username: string;
  private readonly password: string;

  /** @param tenantId - the user's tenant, or `organizations` */
  constructor(tenantId: string, clientId: string, username: string, password: string, options?: UsernamePasswordCredentialOptions) {
    requireArgument(NAME, 'clientId', clientId);
    requireArgument(NAME, 'username', username);
    requireArgument(NAME, 'password', password);
    super(NAME, options, { clientId, tenantId: resolveConfiguredTenant(tenantId, clientId) });
    this.username = username;
    this.password = password;
  }

  /** Signs the user in and returns the account's record. */
  authenticate(scopes?: string | string[], options?: GetTokenOptions): Promise<AuthenticationRecord> {
    return this.authenticateUser(scopes, options);
  }

  protected signIn(request: TokenRequest): Promise<UserTokenResult> {
    return this.msal.acquireTokenByUsernamePassword(request, this.username, this.password);
  }
}
