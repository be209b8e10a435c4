// The one base of the user credentials (device code, browser, username/password, authorization code). Its
// constructor builds the parts in the only order that works — the logger, the credential's MsalClient, the
// UserSignIn over it, and the runner whose acquirer is that sign-in — so no subclass can get the order
// wrong. A subclass says how the user signs in (`signIn`), which runs only from getToken or authenticate,
// long after every field of the subclass exists.
import type { AuthenticationRecord, AuthenticationRecordData } from '../authenticationRecord';
import { createTokenRunner } from '../credentialSetup';
import { createCredentialLogger } from '../logger';
import type { ClientCredentialConfig, MsalClient, UserTokenResult } from '../msal/msalClient';
import type { TokenRequest, TokenRunner } from '../tokenRunner';
import type { AccessToken, GetTokenOptions, MultiTenantTokenCredentialOptions, TokenCredential } from '../types';
import { createMsalClient, type MsalCredentialOptions } from './msalClientFactory';
import { UserSignIn } from './userSignIn';

export interface UserCredentialParams {
  clientId: string;
  /** The configured tenant, already validated (or a default such as `organizations`). */
  tenantId: string;
  /** Default: none, a public client. */
  clientCredential?: ClientCredentialConfig;
  authenticationRecord?: AuthenticationRecordData;
  disableAutomaticAuthentication?: boolean;
}

export abstract class UserCredential implements TokenCredential {
  protected readonly msal: MsalClient;
  protected readonly runner: TokenRunner;
  private readonly user: UserSignIn;

  protected constructor(credentialName: string, options: (MultiTenantTokenCredentialOptions & MsalCredentialOptions) | undefined, params: UserCredentialParams) {
    const logger = createCredentialLogger(credentialName, options?.logSink);
    this.msal = createMsalClient(options, {
      clientId: params.clientId,
      tenantId: params.tenantId,
      clientCredential: params.clientCredential ?? { kind: 'none' },
      logger,
    });
    this.user = new UserSignIn({
      credentialName,
      msal: this.msal,
      logger,
      authenticationRecord: params.authenticationRecord,
      disableAutomaticAuthentication: params.disableAutomaticAuthentication,
      signIn: (request) => this.signIn(request),
    });
    this.runner = createTokenRunner(credentialName, options, { tenantId: params.tenantId, logger, acquire: this.user.acquire });
  }

  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    return this.runner.getToken(scopes, options);
  }

  /** How the user (or their password, or a code) signs in, when MSAL's cache and refresh token cannot serve. */
  protected abstract signIn(request: TokenRequest): Promise<UserTokenResult>;

  /** Signs the user in now (always with the user), caches the token, and returns the account's record. */
  protected authenticateUser(scopes?: string | string[], options?: GetTokenOptions): Promise<AuthenticationRecord> {
    return this.user.authenticate(this.runner, scopes, options);
  }
}
