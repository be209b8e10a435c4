// Minting: signed access and ID tokens, client_info, and the token response bodies of Entra (user and
// app flows) and of the managed-identity endpoints.
import * as crypto from 'node:crypto';
import { base64url, base64urlJson, isRecord, nowSeconds } from './encoding';
import { Errors, fail } from './errors';
import { signJwt, type SigningKey } from './jwt';
import { audienceOf, delegatedPermissions, responseScope, type ParsedScopes } from './scopes';
import type { App, Tenant, TokenLifetime, User } from './types';

/** How the client proved itself, as the `azpacr` claim says: 0 public, 1 secret, 2 certificate. */
export type ClientAuthMethod = 0 | 1 | 2;

/** Issuer of v2.0 tokens for a tenant, on the host the request came in on. */
export function issuerFor(host: string, tenantId: string): string {
  return `https://${host}/${tenantId}/v2.0`;
}

/** Registered JWT claims a `claims` request may not override. */
const RESERVED_CLAIMS = new Set(['aud', 'iss', 'iat', 'nbf', 'exp', 'sub', 'oid', 'tid', 'ver', 'azp', 'appid', 'scp', 'roles']);

/**
 * The access_token claims asked for in a `claims` request parameter, reflected into the token so
 * claims-challenge flows can be tested: {"access_token":{"acrs":{"essential":true,"value":"c1"}}} → acrs: ["c1"],
 * {"access_token":{"xms_cc":{"values":["CP1"]}}} → xms_cc: ["CP1"]. Malformed JSON is Entra's 9002313.
 */
export function reflectedClaims(claims: string | undefined): Record<string, unknown> {
  if (claims === undefined || claims === '') {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(claims);
  } catch {
    fail(Errors.malformedRequest("The 'claims' parameter is not valid JSON."));
  }
  const accessToken = isRecord(parsed) ? parsed.access_token : undefined;
  const reflected: Record<string, unknown> = {};
  if (isRecord(accessToken)) {
    for (const [name, request] of Object.entries(accessToken)) {
      if (RESERVED_CLAIMS.has(name) || !isRecord(request)) {
        continue;
      }
      if (Array.isArray(request.values)) {
        reflected[name] = request.values;
      } else if (request.value !== undefined) {
        reflected[name] = [request.value];
      }
    }
  }
  return reflected;
}

export function clientInfo(user: User): string {
  return base64urlJson({ uid: user.objectId, utid: user.tenantId });
}

/** A stable pairwise subject per user and app, as Entra's `sub` is. */
function pairwiseSubject(objectId: string, clientId: string): string {
  return base64url(crypto.createHash('sha256').update(`${objectId}:${clientId}`).digest()).slice(0, 43);
}

interface Times {
  iat: number;
  nbf: number;
  exp: number;
}

function times(lifetime: TokenLifetime): Times {
  const now = nowSeconds();
  return { iat: now, nbf: now, exp: now + lifetime.expiresInSeconds };
}

export interface UserTokenRequest {
  host: string;
  tenant: Tenant;
  app: App;
  user: User;
  scopes: ParsedScopes;
  claims: string | undefined;
  nonce: string | undefined;
  authMethod: ClientAuthMethod;
  lifetime: TokenLifetime;
  /** Whether the client asked for client_info=1. */
  wantsClientInfo: boolean;
}

export interface TokenResponseBody {
  token_type: 'Bearer';
  scope?: string;
  expires_in: number;
  ext_expires_in: number;
  refresh_in?: number;
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  client_info?: string;
  foci?: string;
}

function lifetimeFields(lifetime: TokenLifetime): Pick<TokenResponseBody, 'expires_in' | 'ext_expires_in' | 'refresh_in'> {
  return {
    expires_in: lifetime.expiresInSeconds,
    ext_expires_in: lifetime.expiresInSeconds,
    ...(lifetime.refreshInSeconds !== undefined ? { refresh_in: lifetime.refreshInSeconds } : {}),
  };
}

export function userAccessToken(key: SigningKey, request: UserTokenRequest): string {
  const { user, app, tenant, scopes } = request;
  return signJwt(key, {
    aud: audienceOf(scopes.resource),
    iss: issuerFor(request.host, tenant.tenantId),
    ...times(request.lifetime),
    aio: base64url(crypto.randomBytes(24)),
    azp: app.clientId,
    azpacr: String(request.authMethod),
    appid: app.clientId,
    appidacr: String(request.authMethod),
    idp: user.tenantId === tenant.tenantId ? undefined : issuerFor(request.host, user.tenantId),
    idtyp: 'user',
    name: user.displayName,
    oid: user.objectId,
    preferred_username: user.username,
    upn: user.username,
    unique_name: user.username,
    rh: base64url(crypto.randomBytes(16)),
    scp: delegatedPermissions(scopes).join(' '),
    sub: pairwiseSubject(user.objectId, app.clientId),
    tid: tenant.tenantId,
    uti: base64url(crypto.randomBytes(16)),
    ver: '2.0',
    ...reflectedClaims(request.claims),
  });
}

export function idToken(key: SigningKey, request: UserTokenRequest): string {
  const { user, app, tenant } = request;
  const now = nowSeconds();
  return signJwt(key, {
    aud: app.clientId,
    iss: issuerFor(request.host, tenant.tenantId),
    iat: now,
    nbf: now,
    // ID tokens live an hour whatever the access token lifetime, as Entra's do.
    exp: now + 3600,
    aio: base64url(crypto.randomBytes(24)),
    name: user.displayName,
    ...(request.nonce !== undefined ? { nonce: request.nonce } : {}),
    oid: user.objectId,
    preferred_username: user.username,
    rh: base64url(crypto.randomBytes(16)),
    sub: pairwiseSubject(user.objectId, app.clientId),
    tid: tenant.tenantId,
    uti: base64url(crypto.randomBytes(16)),
    ver: '2.0',
  });
}

/** The body of a successful user-flow token response; `refreshToken` is minted by the caller. */
export function userTokenResponse(key: SigningKey, request: UserTokenRequest, refreshToken: string | undefined): TokenResponseBody {
  return {
    token_type: 'Bearer',
    scope: responseScope(request.scopes, true),
    ...lifetimeFields(request.lifetime),
    access_token: userAccessToken(key, request),
    ...(refreshToken !== undefined ? { refresh_token: refreshToken } : {}),
    ...(request.scopes.oidc.has('openid') ? { id_token: idToken(key, request) } : {}),
    ...(request.wantsClientInfo ? { client_info: clientInfo(request.user) } : {}),
    ...(request.app.familyId !== undefined && refreshToken !== undefined ? { foci: request.app.familyId } : {}),
  };
}

export interface AppTokenRequest {
  host: string;
  tenant: Tenant;
  app: App;
  scopes: ParsedScopes;
  claims: string | undefined;
  authMethod: ClientAuthMethod;
  lifetime: TokenLifetime;
}

export function appTokenResponse(key: SigningKey, request: AppTokenRequest): TokenResponseBody {
  const { app, tenant } = request;
  const accessToken = signJwt(key, {
    aud: audienceOf(request.scopes.resource),
    iss: issuerFor(request.host, tenant.tenantId),
    ...times(request.lifetime),
    aio: base64url(crypto.randomBytes(24)),
    azp: app.clientId,
    azpacr: String(request.authMethod),
    appid: app.clientId,
    appidacr: String(request.authMethod),
    idp: issuerFor(request.host, tenant.tenantId),
    idtyp: 'app',
    oid: app.servicePrincipalId,
    rh: base64url(crypto.randomBytes(16)),
    ...(app.roles.length > 0 ? { roles: [...app.roles] } : {}),
    sub: app.servicePrincipalId,
    tid: tenant.tenantId,
    uti: base64url(crypto.randomBytes(16)),
    ver: '2.0',
    ...reflectedClaims(request.claims),
  });
  return { token_type: 'Bearer', ...lifetimeFields(request.lifetime), access_token: accessToken };
}

export interface ManagedIdentityPrincipal {
  clientId: string;
  objectId: string;
  resourceId: string;
}

export interface ManagedIdentityTokenBody {
  access_token: string;
  client_id: string;
  expires_in: string;
  expires_on: string;
  ext_expires_in: string;
  not_before: string;
  resource: string;
  token_type: 'Bearer';
  refresh_in?: string;
}

/**
 * The IMDS / Arc / Cloud Shell / App Service token body: numbers as strings, `expires_on` in epoch
 * seconds, `resource` echoed as requested.
 */
export function managedIdentityTokenBody(
  key: SigningKey, host: string, tenantId: string, identity: ManagedIdentityPrincipal, resource: string, lifetime: TokenLifetime,
): ManagedIdentityTokenBody {
  const stamp = times(lifetime);
  const audience = audienceOf(resource.replace(/\/\.default$/, ''));
  const accessToken = signJwt(key, {
    aud: audience,
    iss: issuerFor(host, tenantId),
    ...stamp,
    aio: base64url(crypto.randomBytes(24)),
    appid: identity.clientId,
    appidacr: '2',
    azp: identity.clientId,
    azpacr: '2',
    idp: issuerFor(host, tenantId),
    idtyp: 'app',
    oid: identity.objectId,
    rh: base64url(crypto.randomBytes(16)),
    sub: identity.objectId,
    tid: tenantId,
    uti: base64url(crypto.randomBytes(16)),
    ver: '2.0',
    xms_mirid: identity.resourceId,
    xms_tcdt: stamp.iat,
  });
  return {
    access_token: accessToken,
    client_id: identity.clientId,
    expires_in: String(lifetime.expiresInSeconds),
    expires_on: String(stamp.exp),
    ext_expires_in: String(lifetime.expiresInSeconds),
    not_before: String(stamp.nbf),
    resource,
    token_type: 'Bearer',
    ...(lifetime.refreshInSeconds !== undefined ? { refresh_in: String(lifetime.refreshInSeconds) } : {}),
  };
}
