// Redeems an authorization code the application obtained itself (public client, or confidential with its
// secret). The code is redeemed once; later calls use the cached token or the refresh token it brought.
import { ClientAuthenticationError } from '../errors';
import type { UserTokenResult } from '../msal/msalClient';
import { resolveConfiguredTenant } from '../tenant';
import type { TokenRequest } from '../tokenRunner';
import type { AuthorizationCodeCredentialOptions } from './authorizationCodeCredentialOptions';
import { requireArgument } from './msalClientFactory';
import { UserCredential } from './userCredential';

const NAME = 'AuthorizationCodeCredential';

export class AuthorizationCodeCredential extends UserCredential {
  private code: string | undefined;
  private readonly redirectUri: string;

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
    super(NAME, options, {
      clientId,
      tenantId: resolveConfiguredTenant(tenantId, clientId),
      clientCredential: clientSecret === undefined ? { kind: 'none' } : { kind: 'secret', clientSecret },
    });
    this.code = code;
    this.redirectUri = redirectUri;
  }

  /** Redeems the code once; later tokens come from MSAL's cache and the refresh token. */
  protected signIn(request: TokenRequest): Promise<UserTokenResult> {
    return this.redeem(request, this.redirectUri);
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
