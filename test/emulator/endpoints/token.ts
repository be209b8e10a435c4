// POST /{tenant}/oauth2/v2.0/token: client credentials, password, refresh token, authorization code
// (PKCE S256), device code and on-behalf-of (jwt-bearer, in onBehalfOf.ts) grants, each failing with Entra's codes.
import * as crypto from 'node:crypto';
import type { TenantSelector } from '../directory';
import { base64url } from '../encoding';
import { Errors, fail } from '../errors';
import { parseJwt } from '../jwt';
import { sendJson, type Exchange } from '../exchange';
import { parseScopes, type ParsedScopes } from '../scopes';
import { appTokenResponse, userTokenResponse, type ClientAuthMethod, type UserTokenRequest } from '../tokens';
import type { App, Tenant, User } from '../types';
import { authenticateClient } from './clientAuth';
import { JWT_BEARER_GRANT, onBehalfOf } from './onBehalfOf';
import type { Handler, HandlerContext } from './context';

const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export interface TokenRequest {
  readonly context: HandlerContext;
  readonly exchange: Exchange;
  readonly form: Record<string, string>;
  readonly selector: TenantSelector;
  readonly segment: string;
  readonly clientId: string;
}

export function required(form: Record<string, string>, name: string): string {
  const value = form[name];
  if (value === undefined || value === '') {
    fail(Errors.missingParameter(name));
  }
  return value;
}

export function specificTenant(selector: TenantSelector): Tenant | undefined {
  return selector.kind === 'tenant' ? selector.tenant : undefined;
}

/** The tenant a user's token is issued in: the one named, which the user must belong to, else the home tenant. */
export function userTenant(request: TokenRequest, user: User): Tenant {
  const { directory } = request.context.state;
  if (request.selector.kind === 'consumers') {
    fail(Errors.consumersNotSupported());
  }
  const named = specificTenant(request.selector);
  if (named) {
    if (user.tenantId !== named.tenantId && !user.guestOf.includes(named.tenantId)) {
      fail(Errors.userNotInTenant(named.tenantId));
    }
    return named;
  }
  const home = directory.tenantById(user.tenantId);
  if (!home) {
    fail(Errors.tenantNotFound(user.tenantId));
  }
  return home;
}

export function sendUserTokens(request: TokenRequest, app: App, tenant: Tenant, user: User, scopes: ParsedScopes, authMethod: ClientAuthMethod, extras: { nonce?: string; claims?: string; alwaysRefreshToken?: boolean } = {}): void {
  const { state } = request.context;
  const tokenRequest: UserTokenRequest = {
    host: request.exchange.host, tenant, app, user, scopes,
    claims: extras.claims ?? request.form.claims, nonce: extras.nonce, authMethod,
    lifetime: state.lifetimeFor(app), wantsClientInfo: request.form.client_info === '1',
  };
  const refreshToken = scopes.oidc.has('offline_access') || extras.alwaysRefreshToken
    ? state.flows.issueRefreshToken({ clientId: app.clientId, familyId: app.familyId, userObjectId: user.objectId, tenantId: tenant.tenantId })
    : undefined;
  const body = userTokenResponse(state.signingKey, tokenRequest, refreshToken);
  const revocation = state.revocations.get(user.objectId);
  if (revocation) {
    // Tokens issued after a revocation are good again, even within the same second.
    const uti = parseJwt(body.access_token)?.payload.uti;
    if (typeof uti === 'string') revocation.issuedSince.add(uti);
  }
  sendJson(request.exchange, 200, body);
}

function clientCredentials(request: TokenRequest): void {
  const tenant = specificTenant(request.selector);
  if (!tenant) {
    fail(Errors.noTenantInformation());
  }
  const app = request.context.state.directory.requireAppInTenant(request.clientId, tenant, request.segment);
  const authMethod = authenticateClient(request.context, request.exchange, app, tenant, true);
  const scopes = parseScopes(request.form.scope, true);
  const { state } = request.context;
  sendJson(request.exchange, 200, appTokenResponse(state.signingKey, {
    host: request.exchange.host, tenant, app, scopes, claims: request.form.claims, authMethod, lifetime: state.lifetimeFor(app),
  }));
}

function password(request: TokenRequest): void {
  const { directory } = request.context.state;
  const username = required(request.form, 'username');
  const secret = required(request.form, 'password');
  const scopes = parseScopes(request.form.scope, false);
  const named = specificTenant(request.selector);
  const app = directory.requireAppInTenant(request.clientId, named, request.segment);
  const authMethod = authenticateClient(request.context, request.exchange, app, named, false);
  const user = directory.user(username);
  if (!user) {
    fail(Errors.userNotFound(named?.tenantId ?? request.segment));
  }
  const tenant = userTenant(request, user);
  directory.requireAppInTenant(request.clientId, tenant, request.segment);
  const a = crypto.createHash('sha256').update(secret).digest();
  const b = crypto.createHash('sha256').update(user.password).digest();
  if (!crypto.timingSafeEqual(a, b)) {
    fail(Errors.invalidPassword());
  }
  sendUserTokens(request, app, tenant, user, scopes, authMethod);
}

function refreshToken(request: TokenRequest): void {
  const { directory, flows } = request.context.state;
  const token = required(request.form, 'refresh_token');
  const scopes = parseScopes(request.form.scope, false);
  const named = specificTenant(request.selector);
  const app = directory.requireAppInTenant(request.clientId, named, request.segment);
  const authMethod = authenticateClient(request.context, request.exchange, app, named, false);
  const record = flows.refreshToken(token);
  if (!record) {
    fail(Errors.invalidRefreshToken());
  }
  if (Date.now() > record.expiresAt) {
    fail(Errors.refreshTokenExpired());
  }
  // Family refresh tokens (FOCI) may be redeemed by any client of the same family.
  const sameFamily = record.familyId !== undefined && record.familyId === app.familyId;
  if (record.clientId !== app.clientId && !sameFamily) {
    fail(Errors.grantNotForClient());
  }
  const user = directory.userById(record.userObjectId);
  if (!user) {
    fail(Errors.invalidRefreshToken());
  }
  const tenant = userTenant(request, user);
  directory.requireAppInTenant(request.clientId, tenant, request.segment);
  sendUserTokens(request, app, tenant, user, scopes, authMethod, { alwaysRefreshToken: true });
}

function authorizationCode(request: TokenRequest): void {
  const { directory, flows } = request.context.state;
  const code = required(request.form, 'code');
  const redirectUri = required(request.form, 'redirect_uri');
  const named = specificTenant(request.selector);
  const app = directory.requireAppInTenant(request.clientId, named, request.segment);
  const authMethod = authenticateClient(request.context, request.exchange, app, named, false);
  const record = flows.authCode(code);
  if (!record) {
    fail(Errors.invalidCode());
  }
  if (record.redeemed) {
    fail(Errors.codeRedeemed());
  }
  if (Date.now() > record.expiresAt) {
    fail(Errors.codeExpired());
  }
  if (record.clientId !== app.clientId) {
    fail(Errors.grantNotForClient());
  }
  if (named && named.tenantId !== record.tenantId) {
    fail(Errors.grantNotForClient());
  }
  if (redirectUri !== record.redirectUri) {
    fail(Errors.redirectUriNotAsAuthorized(redirectUri));
  }
  if (record.codeChallenge !== undefined) {
    const verifier = request.form.code_verifier;
    if (verifier === undefined || verifier === '') {
      fail(Errors.pkceVerifierMissing());
    }
    const computed = record.codeChallengeMethod === 'plain' ? verifier : base64url(crypto.createHash('sha256').update(verifier).digest());
    if (computed !== record.codeChallenge) {
      fail(Errors.pkceMismatch());
    }
  }
  const user = directory.userById(record.userObjectId);
  const tenant = directory.tenantById(record.tenantId);
  if (!user || !tenant) {
    fail(Errors.invalidCode());
  }
  record.redeemed = true;
  const scopes = parseScopes(request.form.scope ?? record.scopes.join(' '), false);
  sendUserTokens(request, app, tenant, user, scopes, authMethod, { nonce: record.nonce, claims: request.form.claims ?? record.claims });
}

/** What polling a device code that is not (yet) approved answers. */
const DEVICE_CODE_STATE_ERRORS = {
  pending: Errors.authorizationPending,
  declined: Errors.deviceCodeDeclined,
  expired: Errors.deviceCodeExpired,
  redeemed: Errors.codeRedeemed,
} as const;

function deviceCode(request: TokenRequest): void {
  const { directory, flows } = request.context.state;
  const code = request.form.device_code ?? request.form.code;
  if (code === undefined || code === '') {
    fail(Errors.missingParameter('device_code'));
  }
  const named = specificTenant(request.selector);
  const app = directory.requireAppInTenant(request.clientId, named, request.segment);
  const authMethod = authenticateClient(request.context, request.exchange, app, named, false);
  const record = flows.deviceCode(code);
  if (!record) {
    fail(Errors.deviceCodeUnknown());
  }
  if (record.clientId !== app.clientId) {
    fail(Errors.grantNotForClient());
  }
  if (record.state !== 'approved') {
    fail(DEVICE_CODE_STATE_ERRORS[record.state]());
  }
  const user = record.userObjectId !== undefined ? directory.userById(record.userObjectId) : undefined;
  const tenant = record.tenantId !== undefined ? directory.tenantById(record.tenantId) : undefined;
  if (!user || !tenant) {
    fail(Errors.deviceCodeUnknown());
  }
  record.state = 'redeemed';
  const scopes = parseScopes(record.scopes.join(' '), false);
  sendUserTokens(request, app, tenant, user, scopes, authMethod, { claims: request.form.claims ?? record.claims });
}

const GRANTS: Record<string, (request: TokenRequest) => void> = {
  client_credentials: clientCredentials,
  password,
  refresh_token: refreshToken,
  authorization_code: authorizationCode,
  [DEVICE_CODE_GRANT]: deviceCode,
  // On-behalf-of: a middle tier trades the user's token for one to a downstream resource.
  [JWT_BEARER_GRANT]: onBehalfOf,
  // MSAL.js sends the short form; Entra accepts both.
  device_code: deviceCode,
};

export const token: Handler = (context, exchange) => {
  if (exchange.method !== 'POST') {
    fail(Errors.postOnly());
  }
  const form = exchange.form ?? {};
  const grantType = required(form, 'grant_type');
  const segment = exchange.segments[0];
  const selector = context.state.directory.resolveTenant(segment);
  const clientId = required(form, 'client_id');
  const grant = GRANTS[grantType];
  if (!grant) {
    fail(Errors.unsupportedGrantType(grantType));
  }
  grant({ context, exchange, form, selector, segment, clientId });
};
