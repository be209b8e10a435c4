// Turns what MSAL throws into the library's typed errors. The authority's own error body, captured by our
// network client, is preferred over MSAL's summary: it has the AADSTS codes, trace and correlation ids.
import {
  aadstsCode,
  AbortError,
  AuthenticationRequiredError,
  ClientAuthenticationError,
  CredentialUnavailableError,
  InvalidArgumentError,
  parseErrorResponse,
  type ErrorResponse,
} from '../errors';
import type { GetTokenOptions } from '../types';
import { HttpRequestError } from '../http/index';
import type { RequestContext } from './requestContext';

interface MsalErrorLike {
  name?: string;
  errorCode?: string;
  errorMessage?: string;
  subError?: string;
  correlationId?: string;
  status?: number;
  message?: string;
}

/** MSAL codes that only wrap the authority's answer (device-code polling, failed OpenID discovery). */
const WRAPPING_CODES = new Set(['post_request_failed', 'endpoints_resolution_error', 'openid_config_error']);

/** What a person should do about the common AADSTS errors. */
const HINTS: Record<string, string> = {
  AADSTS7000215: 'The client secret is wrong: copy the secret value (not its id) from the app registration.',
  AADSTS7000222: 'The client secret has expired: create a new one in the app registration.',
  AADSTS700016: 'No application with this client id exists in the tenant: check clientId and tenantId.',
  AADSTS90002: 'The tenant was not found: check tenantId (a GUID or a domain such as contoso.onmicrosoft.com).',
  AADSTS900023: 'The tenant id is malformed: use a GUID or a domain such as contoso.onmicrosoft.com.',
  AADSTS50034: 'The user does not exist in this tenant: check the username and tenantId.',
  AADSTS50126: 'The username or password is wrong.',
  AADSTS50076: 'The user must complete multi-factor authentication: use InteractiveBrowserCredential or DeviceCodeCredential.',
  AADSTS50079: 'The user must register for multi-factor authentication: sign in interactively once.',
  AADSTS54005: 'The authorization code was already redeemed: request a new code and create a new AuthorizationCodeCredential.',
  AADSTS70008: 'The authorization code or refresh token has expired: sign in again.',
  AADSTS70000: 'The grant is invalid or has expired: sign in again.',
  AADSTS70011: 'A scope is invalid: use "<resource>/.default" or scopes the application declares.',
  AADSTS700027: 'The client assertion could not be verified: check that the certificate is the one registered for the application.',
  AADSTS50011: 'The redirect URI does not match one registered for the application.',
  AADSTS65001: 'The user or an administrator has not consented to the application: grant consent, then retry.',
  AADSTS50173: 'The refresh token was revoked (the password changed): sign in again.',
  AADSTS50058: 'No user is signed in for a silent request: sign in interactively.',
  AADSTS1002016: 'The client uses a TLS version the authority refuses.',
  AADSTS50158: 'The resource demands additional claims (a claims challenge): pass the claims to getToken.',
};

function hintFor(response: ErrorResponse): string | undefined {
  // The OAuth error names the situation more precisely than a shared AADSTS code (70000 covers several).
  if (response.error === 'expired_token' || response.error === 'device_code_expired') return 'The device code expired before the user finished signing in: start again.';
  if (response.error === 'user_timeout_reached') return 'Timed out waiting for the user to sign in.';
  if (response.error === 'authorization_declined' || response.error === 'access_denied') return 'The user declined the sign-in.';
  const code = aadstsCode(response);
  return code ? HINTS[code] : undefined;
}

/**
 * Which grant failed; it decides what a person can do about an `interaction_required` answer. `client` is a
 * service principal's client credentials, `password` the resource owner password grant, `silent` MSAL's
 * cache or refresh token for a known user, `interactive` a device code or browser sign-in.
 */
export type MsalFlow = 'client' | 'password' | 'silent' | 'interactive';

export interface MapErrorOptions {
  /** The host the request went to, for messages. */
  authorityHost: string;
  /** The credential's class name, for messages. */
  credentialName?: string;
  flow?: MsalFlow;
  scopes: string[];
  getTokenOptions?: GetTokenOptions;
  context?: RequestContext;
}

/** Maps anything MSAL (or our network client beneath it) threw to a typed library error. */
export function mapMsalError(error: unknown, options: MapErrorOptions): Error {
  if (error instanceof AbortError || (error instanceof Error && error.name === 'AbortError')) return error;
  if (
    error instanceof ClientAuthenticationError ||
    error instanceof AuthenticationRequiredError ||
    error instanceof CredentialUnavailableError ||
    error instanceof InvalidArgumentError
  ) {
    return error;
  }
  const msal = (error ?? {}) as MsalErrorLike;
  if (msal.name === 'InteractionRequiredAuthError') {
    // A claims challenge from the token endpoint travels on, so the next sign-in can satisfy it.
    const challenged = claimsOf(options.context?.lastError?.body) ?? (msal as { claims?: string }).claims;
    return new AuthenticationRequiredError({
      scopes: options.scopes,
      getTokenOptions: challenged ? { ...options.getTokenOptions, claims: challenged } : options.getTokenOptions,
      message: interactionRequiredMessage(msal, options),
      cause: error,
    });
  }
  const unreadable = options.context?.lastUnreadable;
  if (unreadable) {
    return new ClientAuthenticationError(
      unreadable.status,
      { error: 'invalid_response', errorDescription: `The authority answered HTTP ${unreadable.status} with ${unreadable.what}.` },
      { message: `The authority ${options.authorityHost} answered HTTP ${unreadable.status} with ${unreadable.what}. Check the network (a proxy or captive portal may be answering) and try again.`, cause: error },
    );
  }
  const transport = error instanceof HttpRequestError ? error : options.context?.lastTransportError;
  if (transport instanceof HttpRequestError) {
    const timedOut = transport.failure === 'timeout' || transport.failure === 'connect-timeout';
    const said = transport.message.replace(/\.$/, '');
    return new ClientAuthenticationError(
      undefined,
      { error: timedOut ? 'request_timeout' : 'network_error', errorDescription: transport.message },
      {
        message: timedOut
          ? `${said}. Check that ${options.authorityHost} is reachable, or raise networkTimeoutInMs.`
          : `${said}. Check the network connection${transport.failure === 'proxy' ? ' and the proxy (HTTPS_PROXY, NO_PROXY)' : ''} and that the authority host ${options.authorityHost} is right.`,
        cause: error,
      },
    );
  }
  const recorded = options.context?.lastError;
  const fromBody = recorded ? parseErrorResponse(recorded.body) : undefined;
  // The recorded body explains the failure only when MSAL failed on that response (device-code polling, for
  // one, leaves harmless authorization_pending answers behind).
  const bodyExplains =
    fromBody !== undefined && (msal.name === 'ServerError' || !msal.errorCode || msal.errorCode === fromBody.error || WRAPPING_CODES.has(msal.errorCode));
  if (fromBody && bodyExplains) return withHint(recorded?.status, fromBody, error, options.authorityHost);
  if (recorded && !fromBody && (recorded.status >= 500 || recorded.status === 429 || !msal.errorCode)) {
    return new ClientAuthenticationError(
      recorded.status,
      { error: 'http_error', errorDescription: `The authority answered HTTP ${recorded.status} without an error body.` },
      { message: `The authority ${options.authorityHost} answered HTTP ${recorded.status} and no token. Try again later.`, cause: error },
    );
  }
  const code = msal.errorCode ?? 'authentication_failed';
  const description = msal.errorMessage || msal.message || String(error);
  return withHint(msal.status, { error: code, errorDescription: description, correlationId: msal.correlationId || undefined }, error);
}

/**
 * `interaction_required` (AADSTS50076 multi-factor authentication, AADSTS50079, a CAE or conditional-access
 * claims challenge): the authority's code and description (its first line: never a secret, the trace ids
 * follow on later lines) and the next step that fits the grant that met it.
 */
function interactionRequiredMessage(msal: MsalErrorLike, options: MapErrorOptions): string {
  const recorded = parseErrorResponse(options.context?.lastError?.body);
  const code = recorded?.error ?? msal.errorCode ?? 'interaction_required';
  const description = (recorded?.errorDescription || msal.errorMessage || '').split(/\r?\n/, 1)[0]?.trim() ?? '';
  const aadsts = aadstsCode(recorded) ?? /AADSTS\d+/.exec(description)?.[0];
  const who = options.credentialName ?? 'The credential';
  const answer = `${who}: the authority answered ${code}${aadsts && !description.startsWith(aadsts) ? ` (${aadsts})` : ''}${description ? `: ${description}` : '.'}`;
  const separator = /[.!?]$/.test(answer) ? ' ' : '. ';
  return `${answer}${separator}${nextStepForInteraction(options.flow, who)}`;
}

function nextStepForInteraction(flow: MsalFlow | undefined, who: string): string {
  switch (flow) {
    case 'client':
      return 'A service principal cannot sign in interactively; the resource requires these claims: retry getToken with options.claims from the resource\'s WWW-Authenticate challenge (error.claims holds what the authority asked for).';
    case 'password':
      return `${who} cannot complete multi-factor authentication or another interactive step: sign the user in with InteractiveBrowserCredential or DeviceCodeCredential, calling authenticate(scopes, { claims: error.claims }), then retry.`;
    default:
      return 'The user must sign in again with these claims: call authenticate(scopes, { claims: error.claims }), then retry.';
  }
}

function claimsOf(body: unknown): string | undefined {
  const claims = body !== null && typeof body === 'object' ? (body as { claims?: unknown }).claims : undefined;
  return typeof claims === 'string' && claims !== '' ? claims : undefined;
}

function withHint(statusCode: number | undefined, response: ErrorResponse, cause: unknown, authorityHost?: string): ClientAuthenticationError {
  const hint = hintFor(response);
  const base = new ClientAuthenticationError(statusCode, response).message;
  // Throttling and server errors are the authority's trouble, not the caller's: say which authority.
  const trouble = authorityHost && statusCode !== undefined && (statusCode === 429 || statusCode >= 500) ? ` The authority ${authorityHost} could not serve the request after retries; try again later.` : '';
  return new ClientAuthenticationError(statusCode, response, { message: `${hint ? `${base} ${hint}` : base}${trouble}`, cause });
}
