// Redeems an authorization code the application obtained itself (public client, or confidential with its
// secret). The code is redeemed once; later calls use the cached token or the refresh token it brought.
import { ClientAuthenticationError } from '../errors';
import type { MsalClient, UserTokenResult } from '../msal/msalClient';
import { resolveConfiguredTenant } from '../tenant';
import type { TokenRequest, TokenRunner } from '../tokenRunner';
import type { AccessToken, GetTokenOptions, TokenCredential } from '../types';
import type { AuthorizationCodeCredentialOptions } from './authorizationCodeCredentialOptions';
import { requireArgument } from './msalClientFactory';
import { setUpUserCredential } from './userCredentialSetup';
import type { UserSignIn } from './userSignIn';

const NAME = 'AuthorizationCodeCredential';

export class AuthorizationCodeCredential implements TokenCredential {
  private readonly runner: TokenRunner;
  private readonly msal: MsalClient;
  private readonly user: UserSignIn;
  private code: string | undefined;

  /** A confidential client: the secret is sent when the code is redeemed. */
  constructor(tenantId: string, clientId: string, clientSecret: string, authorizationCode: string, redirectUri: string, options?: AuthorizationCodeCredentialOptions);
  /** A public client. */
  constructor(tenantId: string, clientId: string, authorizationCode: string, redirectUri: string, options?: AuthorizationCodeCredentialOptions);
  constructor(
    tenantId: string,
    clientId: string,
    secretOrCode: string,
    codeOrRedirectUri: string,
    redirectUriOrOptions?: string | AuthorizationCodeCredentialOptions,
    maybeOptions?: AuthorizationCodeCredentialOptions,
  ) {
    requireArgument(NAME, 'clientId', clientId);
    const confidential = typeof redirectUriOrOptions === 'string';
    const clientSecret = confidential ? secretOrCode : undefined;
    const code = confidential ? codeOrRedirectUri : secretOrCode;
    const redirectUri = confidential ? (redirectUriOrOptions as string) : codeOrRedirectUri;
    const options = confidential ? maybeOptions : (redirectUriOrOptions as AuthorizationCodeCredentialOptions | undefined);
    if (confidential) requireArgument(NAME, 'clientSecret', clientSecret);
    requireArgument(NAME, 'authorizationCode', code);
    requireArgument(NAME, 'redirectUri', redirectUri);
    this.code = code;
    const tenant = resolveConfiguredTenant(tenantId, clientId);
    ({ runner: this.runner, msal: this.msal, user: this.user } = setUpUserCredential(NAME, options, {
      clientId,
      tenantId: tenant,
      clientCredential: clientSecret === undefined ? { kind: 'none' } : { kind: 'secret', clientSecret },
      signIn: (request) => this.redeem(request, redirectUri),
    }));
  }

  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    return this.runner.getToken(scopes, options);
  }

  private async redeem(request: TokenRequest, redirectUri: string): Promise<UserTokenResult> {
    const code = this.code;
    if (code === undefined) {
      throw new ClientAuthenticationError(undefined, {
        error: 'invalid_grant',
        errorDescription:
          'The authorization code was already redeemed and no refresh token can produce this token. Obtain a new authorization code and create a new AuthorizationCodeCredential.',
      });
    }
    // A code is good for one redemption whatever the answer; only when the authority never answered
    // (timeout, dropped connection, cancellation) may it still be unused, so it is kept for a retry.
    this.code = undefined;
    try {
      return await this.msal.acquireTokenByCode(request, { code, redirectUri });
    } catch (error) {
      if (neverReachedAuthority(error)) this.code ??= code;
      throw error;
    }
  }
}

function neverReachedAuthority(error: unknown): boolean {
  if (error instanceof Error && error.name === 'AbortError') return true;
  return error instanceof ClientAuthenticationError && error.statusCode === undefined && ['request_timeout', 'network_error'].includes(error.errorResponse.error);
}
