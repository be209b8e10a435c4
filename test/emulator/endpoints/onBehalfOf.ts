// The on-behalf-of grant (urn:ietf:params:oauth:grant-type:jwt-bearer, requested_token_use=on_behalf_of):
// a confidential middle-tier app presents a user's access token that was issued to it (aud = its client id
// or api://<client id>) and gets a token for the same user to a downstream resource. The assertion must be
// a user token this emulator signed and still valid; Entra's codes for each failure.
import { nowSeconds } from '../encoding';
import { Errors, fail } from '../errors';
import { parseJwt, verifyJwtSignature } from '../jwt';
import { parseScopes } from '../scopes';
import type { Tenant } from '../types';
import { authenticateClient } from './clientAuth';
import { required, sendUserTokens, specificTenant, type TokenRequest } from './token';

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export function onBehalfOf(request: TokenRequest): void {
  const { directory, signingKey } = request.context.state;
  const assertion = required(request.form, 'assertion');
  if (request.form.requested_token_use !== 'on_behalf_of') {
    fail(Errors.missingParameter('requested_token_use'));
  }
  const scopes = parseScopes(request.form.scope, false);
  const named = specificTenant(request.selector);
  const app = directory.requireAppInTenant(request.clientId, named, request.segment);
  // Only a confidential client may act on a user's behalf.
  const authMethod = authenticateClient(request.context, request.exchange, app, named, true);
  const jwt = parseJwt(assertion);
  if (!jwt) {
    fail(Errors.assertionNotJwt());
  }
  if (!verifyJwtSignature(jwt, signingKey.publicKey)) {
    fail(Errors.userAssertionInvalidSignature());
  }
  const { aud, exp, nbf, idtyp, oid, tid } = jwt.payload;
  const now = nowSeconds();
  if (typeof exp !== 'number' || exp < now || (typeof nbf === 'number' && nbf > now + 300)) {
    fail(Errors.userAssertionExpired());
  }
  const audience = String(aud);
  if (audience.toLowerCase() !== app.clientId && audience.toLowerCase() !== `api://${app.clientId}`) {
    fail(Errors.userAssertionAudienceMismatch(audience, app.clientId));
  }
  if (idtyp !== 'user' || typeof oid !== 'string') {
    fail(Errors.userAssertionNotUser());
  }
  const user = directory.userById(oid);
  if (!user) {
    fail(Errors.userNotFound(named?.tenantId ?? request.segment));
  }
  // The downstream token is issued in the tenant asked for (the user must belong to it), else the assertion's.
  let tenant: Tenant | undefined = named ?? (typeof tid === 'string' ? directory.tenantById(tid) : undefined);
  if (!tenant) {
    fail(Errors.noTenantInformation());
  }
  if (user.tenantId !== tenant.tenantId && !user.guestOf.includes(tenant.tenantId)) {
    fail(Errors.userNotInTenant(tenant.tenantId));
  }
  directory.requireAppInTenant(request.clientId, tenant, request.segment);
  tenant = directory.tenantById(tenant.tenantId) ?? tenant;
  sendUserTokens(request, app, tenant, user, scopes, authMethod);
}
