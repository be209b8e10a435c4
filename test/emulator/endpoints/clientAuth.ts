// Client authentication at the token endpoint: a client secret (form or HTTP Basic) or a client
// assertion (RFC 7523 JWT signed by a certificate registered on the app, chosen by x5t / x5t#S256 / x5c).
import * as crypto from 'node:crypto';
import { thumbprints } from '../certificates';
import { nowSeconds } from '../encoding';
import { Errors, fail } from '../errors';
import type { Exchange } from '../exchange';
import { parseJwt, verifyJwtSignature } from '../jwt';
import type { ClientAuthMethod } from '../tokens';
import type { App, RegisteredCertificate, Tenant } from '../types';
import type { HandlerContext } from './context';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Entra allows five minutes of clock skew on assertions. */
const SKEW_SECONDS = 300;

function sameSecret(sent: string, registered: string): boolean {
  const a = crypto.createHash('sha256').update(sent).digest();
  const b = crypto.createHash('sha256').update(registered).digest();
  return crypto.timingSafeEqual(a, b);
}

/** client_secret from the form, or from `Authorization: Basic` (client_secret_basic). */
function sentSecret(exchange: Exchange): string | undefined {
  if (exchange.form?.client_secret !== undefined) {
    return exchange.form.client_secret;
  }
  const authorization = exchange.headers.authorization;
  if (authorization?.toLowerCase().startsWith('basic ')) {
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon >= 0) {
      try {
        return decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '));
      } catch {
        return decoded.slice(colon + 1);
      }
    }
  }
  return undefined;
}

function audienceMatches(context: HandlerContext, exchange: Exchange, audience: unknown, tenant: Tenant | undefined): boolean {
  const audiences = Array.isArray(audience) ? audience : [audience];
  return audiences.some((value) => {
    if (typeof value !== 'string') {
      return false;
    }
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return false;
    }
    const host = url.host.toLowerCase();
    const hostOk = host === exchange.host || context.serverNames.includes(url.hostname.toLowerCase());
    const [segment, ...rest] = url.pathname.split('/').filter((s) => s !== '');
    const path = rest.join('/');
    const pathOk = path === 'oauth2/v2.0/token' || path === 'oauth2/token' || path === 'v2.0' || path === '';
    let tenantOk = segment === exchange.segments[0];
    if (!tenantOk && segment !== undefined && tenant) {
      const lower = segment.toLowerCase();
      tenantOk = lower === tenant.tenantId || lower === tenant.domain;
    }
    return hostOk && pathOk && tenantOk;
  });
}

/**
 * A thumbprint header in canonical base64url: MSAL Python pads it ("…=") and some clients use standard
 * base64; Entra accepts all of these.
 */
function canonicalThumbprint(value: unknown): string | undefined {
  return typeof value === 'string' ? value.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_') : undefined;
}

function findCertificate(app: App, header: Record<string, unknown>): { certificate: RegisteredCertificate | undefined; shown: string } {
  const x5tS256 = canonicalThumbprint(header['x5t#S256']);
  const x5t = canonicalThumbprint(header.x5t);
  let fromChain: { x5t: string; x5tS256: string } | undefined;
  if (Array.isArray(header.x5c) && typeof header.x5c[0] === 'string') {
    try {
      const leafPem = `-----BEGIN CERTIFICATE-----\n${header.x5c[0]}\n-----END CERTIFICATE-----\n`;
      fromChain = thumbprints(leafPem);
    } catch {
      fail(Errors.assertionMalformed('The x5c header does not hold a certificate.'));
    }
    // The chain must describe the key the thumbprint header names.
    if ((x5tS256 !== undefined && x5tS256 !== fromChain.x5tS256) || (x5t !== undefined && x5t !== fromChain.x5t)) {
      fail(Errors.assertionMalformed('The x5c certificate does not match the x5t / x5t#S256 header.'));
    }
  }
  const wantedS256 = x5tS256 ?? fromChain?.x5tS256;
  const wantedSha1 = x5t ?? fromChain?.x5t;
  if (wantedS256 === undefined && wantedSha1 === undefined) {
    fail(Errors.assertionMalformed("The assertion's header names no certificate (x5t, x5t#S256 or x5c)."));
  }
  const certificate = app.certificates.find((c) => (wantedS256 !== undefined && c.x5tS256 === wantedS256) || (wantedS256 === undefined && c.x5t === wantedSha1));
  const shown = Buffer.from(wantedS256 ?? wantedSha1 ?? '', 'base64url').toString('hex').toUpperCase();
  return { certificate, shown };
}

function verifyAssertion(context: HandlerContext, exchange: Exchange, app: App, tenant: Tenant | undefined, assertion: string): void {
  if (exchange.form?.client_assertion_type !== ASSERTION_TYPE) {
    fail(Errors.assertionWrongType());
  }
  const jwt = parseJwt(assertion);
  if (!jwt) {
    fail(Errors.assertionNotJwt());
  }
  // An assertion the app did not sign with a certificate (no thumbprint or chain in its header, an issuer
  // other than the app) is a federated one: a token of an external issuer the app trusts.
  const namesCertificate = ['x5t', 'x5t#S256', 'x5c'].some((name) => name in jwt.header);
  if (!namesCertificate && typeof jwt.payload.iss === 'string' && jwt.payload.iss.toLowerCase() !== app.clientId) {
    context.state.federation.verifyAssertion(app.clientId, jwt);
    return;
  }
  const { certificate, shown } = findCertificate(app, jwt.header);
  if (!certificate) {
    fail(Errors.assertionCertificateNotRegistered(shown, app.clientId));
  }
  if (!verifyJwtSignature(jwt, new crypto.X509Certificate(certificate.pem).publicKey)) {
    fail(Errors.assertionInvalidSignature());
  }
  const { iss, sub, aud, exp, nbf } = jwt.payload;
  if (typeof iss !== 'string' || iss.toLowerCase() !== app.clientId || typeof sub !== 'string' || sub.toLowerCase() !== app.clientId) {
    fail(Errors.assertionSubjectMismatch());
  }
  if (!audienceMatches(context, exchange, aud, tenant)) {
    fail(Errors.assertionAudienceInvalid(String(aud)));
  }
  const now = nowSeconds();
  if (typeof exp !== 'number' || exp + SKEW_SECONDS < now || (typeof nbf === 'number' && nbf - SKEW_SECONDS > now)) {
    fail(Errors.assertionExpired());
  }
}

/**
 * Authenticates the client of a token request. `credentialRequired` is true for grants only a
 * confidential client may use (client credentials).
 */
export function authenticateClient(context: HandlerContext, exchange: Exchange, app: App, tenant: Tenant | undefined, credentialRequired: boolean): ClientAuthMethod {
  const secret = sentSecret(exchange);
  const assertion = exchange.form?.client_assertion;
  if (secret === undefined && assertion === undefined) {
    if (!app.publicClient || credentialRequired) {
      fail(Errors.clientCredentialRequired());
    }
    return 0;
  }
  if (app.publicClient && !credentialRequired && app.secrets.length === 0 && app.certificates.length === 0) {
    fail(Errors.publicClientCannotUseSecret());
  }
  if (assertion !== undefined) {
    verifyAssertion(context, exchange, app, tenant, assertion);
    return 2;
  }
  if (secret === undefined || !app.secrets.some((registered) => sameSecret(secret, registered))) {
    fail(Errors.invalidClientSecret(app.clientId));
  }
  return 1;
}
