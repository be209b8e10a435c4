// The OpenID Connect id token MSAL returned with a user's access token, kept beside the token object rather
// than on it: AccessToken keeps @azure/core-auth's shape (a caller that serializes or logs a token object
// cannot leak an id token it never asked for), and the token runner's cache hands out the same object, so a
// cached token still has its id token. Only user flows attach one: a service principal or managed identity
// signs in without OpenID Connect, and the authority issues no id token to an application.
import type { AccessToken } from '../types';

const idTokens = new WeakMap<AccessToken, string>();

/** Remembers `idToken` as the one issued with `token` (empty values are ignored). */
export function attachIdToken(token: AccessToken, idToken: string | undefined): void {
  if (idToken) idTokens.set(token, idToken);
}

/**
 * The id token issued with a token from a user credential (interactive browser, device code, username and
 * password, authorization code, shared token cache), or undefined (applications, managed identities,
 * developer tools). A credential secret like the access token: never log it.
 */
export function idTokenOf(token: AccessToken): string | undefined {
  return idTokens.get(token);
}
