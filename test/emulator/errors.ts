// Entra-shaped errors: one catalog of the AADSTS codes the emulator answers with, and the JSON body
// Entra sends ({error, error_description "AADSTS<code>: … Trace ID … Correlation ID … Timestamp …",
// error_codes, timestamp, trace_id, correlation_id, error_uri}).
import { newGuid } from './encoding';

export interface EntraError {
  readonly status: number;
  /** The OAuth error: invalid_request, invalid_client, invalid_grant, … */
  readonly error: string;
  /** The AADSTS number. */
  readonly code: number;
  readonly message: string;
  /** For interaction_required: the claims a client must request again. */
  readonly claims?: string;
  readonly suberror?: string;
}

function err(status: number, error: string, code: number, message: string, extra: Partial<EntraError> = {}): EntraError {
  return { status, error, code, message, ...extra };
}

/** Every Entra error the emulator produces. Codes are Entra's; messages follow Entra's wording. */
export const Errors = {
  tenantNotFound: (tenant: string) => err(400, 'invalid_request', 90002,
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`),
  invalidTenantName: (tenant: string) => err(400, 'invalid_request', 900023,
    `Specified tenant identifier '${tenant}' is neither a valid DNS name, nor a valid external domain.`),
  noTenantInformation: () => err(400, 'invalid_request', 50059,
    'No tenant-identifying information found in either the request or implied by any provided credentials.'),
  consumersNotSupported: () => err(400, 'invalid_request', 9002331,
    "Application is configured for use by Microsoft Account users only... (the emulator has no personal Microsoft accounts; use a tenant, 'organizations' or 'common')."),
  missingParameter: (name: string) => err(400, 'invalid_request', 900144, `The request body must contain the following parameter: '${name}'.`),
  malformedRequest: (detail: string) => err(400, 'invalid_request', 9002313, `Invalid request. Request is malformed or invalid. ${detail}`),
  unsupportedGrantType: (grantType: string) => err(400, 'unsupported_grant_type', 70003,
    `The app requested an unsupported grant type '${grantType}'.`),
  appNotFound: (clientId: string, tenant: string) => err(400, 'unauthorized_client', 700016,
    `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`),
  clientCredentialRequired: () => err(401, 'invalid_client', 7000218,
    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'."),
  invalidClientSecret: (clientId: string) => err(401, 'invalid_client', 7000215,
    `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`),
  publicClientCannotUseSecret: () => err(401, 'invalid_client', 700025,
    'Client is public so neither \'client_assertion\' nor \'client_secret\' should be presented.'),
  assertionCertificateNotRegistered: (thumbprint: string, clientId: string) => err(401, 'invalid_client', 700027,
    `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${thumbprint}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${clientId}'.]`),
  assertionInvalidSignature: () => err(401, 'invalid_client', 700027, 'Client assertion failed signature validation.'),
  assertionMalformed: (detail: string) => err(401, 'invalid_client', 700027, `Client assertion contains an invalid signature. ${detail}`),
  assertionWrongType: () => err(400, 'invalid_request', 700023,
    "Invalid client_assertion_type; expected 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'."),
  assertionSubjectMismatch: () => err(401, 'invalid_client', 700021, "Client assertion application identifier doesn't match 'client_id' parameter."),
  assertionAudienceInvalid: (audience: string) => err(401, 'invalid_client', 700027,
    `Client assertion audience claim does not match Realm issuer. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials. Audience: '${audience}'.`),
  assertionExpired: () => err(401, 'invalid_client', 700024, 'Client assertion is not within its valid time range.'),
  federatedIssuerNotFound: (issuer: string) => err(400, 'invalid_request', 700211,
    `No matching federated identity record found for presented assertion issuer '${issuer}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.`),
  federatedSubjectNotFound: (subject: string, issuer: string) => err(400, 'invalid_request', 700213,
    `No matching federated identity record found for presented assertion subject '${subject}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. Assertion issuer: '${issuer}'.`),
  federatedAudienceNotFound: (audience: string) => err(400, 'invalid_request', 700212,
    `No matching federated identity record found for presented assertion audience '${audience}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.`),
  userAssertionInvalidSignature: () => err(400, 'invalid_grant', 50013, 'Assertion failed signature validation. [Reason - The key was not found.]'),
  userAssertionAudienceMismatch: (audience: string, clientId: string) => err(400, 'invalid_grant', 50013,
    `Assertion audience does not match the Client app presenting the assertion. The audience in the assertion was '${audience}' and the expected audience is '${clientId}' or one of the Application Id URIs of this application.`),
  userAssertionNotUser: () => err(400, 'invalid_grant', 50013,
    'Assertion failed validation: it is an app-only token. The on-behalf-of flow needs a token issued to a user.'),
  userAssertionExpired: () => err(400, 'invalid_grant', 500133,
    'Assertion is not within its valid time range. Ensure that the access token is not expired before using it for user assertion, or request a new token.'),
  invalidScope: (scope: string) => err(400, 'invalid_scope', 70011,
    `The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`),
  scopeNeedsDefault: (scope: string) => err(400, 'invalid_scope', 1002012,
    `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`),
  multipleResources: () => err(400, 'invalid_scope', 28000,
    'Provided value for the input parameter scope is not valid because it contains more than one resource.'),
  userNotFound: (tenant: string) => err(400, 'invalid_grant', 50034,
    `The user account {EmailHidden} does not exist in the ${tenant} directory. To sign into this application, the account must be added to the directory.`),
  invalidPassword: () => err(400, 'invalid_grant', 50126, 'Error validating credentials due to invalid username or password.'),
  userNotInTenant: (tenant: string) => err(400, 'invalid_grant', 50020,
    `User account '{EmailHidden}' from identity provider does not exist in tenant '${tenant}' and cannot access the application in that tenant.`),
  codeRedeemed: () => err(400, 'invalid_grant', 54005,
    'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.'),
  codeExpired: () => err(400, 'invalid_grant', 70008,
    'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.'),
  grantInvalid: (detail: string) => err(400, 'invalid_grant', 9002313, `Invalid request. Request is malformed or invalid. ${detail}`),
  invalidCode: () => err(400, 'invalid_grant', 70000, "The provided value for the 'code' parameter is not valid."),
  invalidRefreshToken: () => err(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid: the refresh token is not valid.'),
  postOnly: () => err(400, 'invalid_request', 900561, 'The endpoint only accepts POST requests. Received a GET request.'),
  assertionNotJwt: () => err(401, 'invalid_client', 50027, 'JWT token is invalid or malformed.'),
  grantNotForClient: () => err(400, 'invalid_grant', 70000,
    'The request was denied because one or more grants are invalid: the provided grant was issued to a different client.'),
  refreshTokenExpired: () => err(400, 'invalid_grant', 700082,
    'The refresh token has expired due to inactivity. The token was issued on a date and was inactive for too long.'),
  pkceMismatch: () => err(400, 'invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.'),
  pkceVerifierMissing: () => err(400, 'invalid_grant', 50148,
    'The code_verifier does not match the code_challenge supplied in the authorization request for PKCE: no code_verifier was sent.'),
  redirectUriMismatch: (redirectUri: string, clientId: string) => err(400, 'invalid_request', 50011,
    `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal.`),
  redirectUriNotAsAuthorized: (redirectUri: string) => err(400, 'invalid_grant', 50011,
    `The redirect URI '${redirectUri}' specified in the request does not match the redirect URI used when the authorization code was requested.`),
  unsupportedResponseType: (responseType: string) => err(400, 'unsupported_response_type', 900144,
    `The provided value for the input parameter 'response_type' is not allowed for this request. Expected 'code', got '${responseType}'.`),
  authorizationPending: () => err(400, 'authorization_pending', 70016,
    'OAuth 2.0 device flow error. Authorization is pending. Continue polling.'),
  deviceCodeExpired: () => err(400, 'expired_token', 70019, 'Verification code expired.'),
  deviceCodeDeclined: () => err(400, 'authorization_declined', 70000,
    'The request was denied because one or more grants are invalid: the user declined the device code sign-in.'),
  deviceCodeUnknown: () => err(400, 'bad_verification_code', 70018,
    "Invalid verification code. Please enter a valid code from the device's screen."),
  publicClientRequired: () => err(400, 'invalid_client', 7000218,
    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'."),
  userCanceled: () => err(400, 'access_denied', 65004, 'User declined to consent to access the app.', { suberror: 'cancel' }),
  interactionRequired: (claims: string) => err(400, 'interaction_required', 50076,
    "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access the resource.", { claims }),
  throttled: () => err(429, 'temporarily_unavailable', 50196, 'The server terminated an operation because it encountered a client request loop. Please retry later.'),
  serverError: (status: number) => err(status, 'temporarily_unavailable', 90033, 'A transient error has occurred. Please try again.'),
} as const;

/** Entra's timestamp format: "2016-01-09 02:02:12Z". */
export function entraTimestamp(date = new Date()): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

export interface EntraErrorBody {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
  claims?: string;
  suberror?: string;
}

export function entraErrorBody(error: EntraError, correlationId: string, host: string): EntraErrorBody {
  const traceId = newGuid();
  const timestamp = entraTimestamp();
  const body: EntraErrorBody = {
    error: error.error,
    error_description: `AADSTS${error.code}: ${error.message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [error.code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://${host}/error?code=${error.code}`,
  };
  if (error.claims !== undefined) {
    body.claims = error.claims;
  }
  if (error.suberror !== undefined) {
    body.suberror = error.suberror;
  }
  return body;
}

/** Thrown inside a handler to answer with an Entra error. */
export class EntraErrorResponse extends Error {
  constructor(readonly entraError: EntraError) {
    super(`${entraError.error}: AADSTS${entraError.code}: ${entraError.message}`);
    this.name = 'EntraErrorResponse';
  }
}

export function fail(error: EntraError): never {
  throw new EntraErrorResponse(error);
}
