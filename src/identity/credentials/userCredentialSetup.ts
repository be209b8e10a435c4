// What every user credential's constructor builds, in the one order that works: the runner (whose acquirer
// is the sign-in), the credential's own MsalClient (a public client unless told otherwise), and the
// UserSignIn that ties them together.
import type { AuthenticationRecordData } from '../authenticationRecord';
import { setUpCredential } from '../credentialSetup';
import type { ClientCredentialConfig, MsalClient, UserTokenResult } from '../msal/msalClient';
import type { TokenRequest, TokenRunner } from '../tokenRunner';
import type { MultiTenantTokenCredentialOptions } from '../types';
import { createMsalClient, type MsalCredentialOptions } from './msalClientFactory';
import { UserSignIn } from './userSignIn';

export interface UserCredentialParts {
  runner: TokenRunner;
  msal: MsalClient;
  user: UserSignIn;
}

export function setUpUserCredential(
  credentialName: string,
  options: (MultiTenantTokenCredentialOptions & MsalCredentialOptions) | undefined,
  params: {
    clientId: string;
    tenantId: string;
    /** Default: none, a public client. */
    clientCredential?: ClientCredentialConfig;
    authenticationRecord?: AuthenticationRecordData;
    disableAutomaticAuthentication?: boolean;
    signIn: (request: TokenRequest) => Promise<UserTokenResult>;
  },
): UserCredentialParts {
  // The runner calls its acquirer only on getToken, after `user` below exists.
  const { logger, runner } = setUpCredential(credentialName, options, { tenantId: params.tenantId, acquire: (request) => user.acquire(request) });
  const msal = createMsalClient(options, {
    clientId: params.clientId,
    tenantId: params.tenantId,
    clientCredential: params.clientCredential ?? { kind: 'none' },
    logger,
  });
  const user = new UserSignIn({
    credentialName,
    msal,
    logger,
    authenticationRecord: params.authenticationRecord,
    disableAutomaticAuthentication: params.disableAutomaticAuthentication,
    signIn: params.signIn,
  });
  return { runner, msal, user };
}
