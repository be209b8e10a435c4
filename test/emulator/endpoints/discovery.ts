// Metadata endpoints: per-tenant OpenID configuration, instance discovery, JWKS and user realm.
// Every URL in them is built on the Host the request came in on, so the same emulator serves both
// https://login.microsoftonline.com (isolated run) and https://127.0.0.1:<port> (fallback run).
import { isGuid } from '../encoding';
import { EntraErrorResponse, Errors, entraErrorBody, type EntraError } from '../errors';
import { sendJson, type Exchange } from '../exchange';
import { toJwk } from '../jwt';
import { issuerFor } from '../tokens';
import type { Handler } from './context';

const KNOWN_CLOUDS = [
  { preferred_network: 'login.microsoftonline.com', preferred_cache: 'login.windows.net', aliases: ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'sts.windows.net'] },
  { preferred_network: 'login.partner.microsoftonline.cn', preferred_cache: 'login.partner.microsoftonline.cn', aliases: ['login.partner.microsoftonline.cn', 'login.chinacloudapi.cn'] },
  { preferred_network: 'login.microsoftonline.de', preferred_cache: 'login.microsoftonline.de', aliases: ['login.microsoftonline.de'] },
  { preferred_network: 'login.microsoftonline.us', preferred_cache: 'login.microsoftonline.us', aliases: ['login.microsoftonline.us', 'login.usgovcloudapi.net'] },
  { preferred_network: 'login-us.microsoftonline.com', preferred_cache: 'login-us.microsoftonline.com', aliases: ['login-us.microsoftonline.com'] },
];

/** The tenant segment Entra writes into endpoints: the tenant id for a real tenant, else the alias itself. */
function resolvedSegment(context: Parameters<Handler>[0], segment: string): { segment: string; tenantId: string | undefined } {
  const selector = context.state.directory.resolveTenant(segment);
  return selector.kind === 'tenant'
    ? { segment: selector.tenant.tenantId, tenantId: selector.tenant.tenantId }
    : { segment: selector.kind, tenantId: undefined };
}

/** Discovery errors carry `invalid_tenant`, as Entra's discovery documents do. */
function sendDiscoveryError(exchange: Exchange, error: EntraError): void {
  sendJson(exchange, error.status, { ...entraErrorBody(error, exchange.correlationId, exchange.host), error: 'invalid_tenant' });
}

export const openIdConfiguration: Handler = (context, exchange) => {
  let resolved: { segment: string; tenantId: string | undefined };
  try {
    resolved = resolvedSegment(context, exchange.segments[0]);
  } catch (error) {
    if (error instanceof EntraErrorResponse) {
      sendDiscoveryError(exchange, error.entraError);
      return;
    }
    throw error;
  }
  const base = `https://${exchange.host}/${resolved.segment}`;
  sendJson(exchange, 200, {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: issuerFor(exchange.host, resolved.tenantId ?? '{tenantid}'),
    request_uri_parameter_supported: false,
    userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'cloud_instance_name', 'cloud_instance_host_name', 'cloud_graph_host_name', 'msgraph_host', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'at_hash', 'c_hash', 'email'],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: resolved.tenantId ? 'NA' : null,
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  });
};

/** GET /common/discovery/instance?api-version=1.1&authorization_endpoint=https://<host>/<tenant>/oauth2/v2.0/authorize */
export const instanceDiscovery: Handler = (context, exchange) => {
  const authorizationEndpoint = exchange.query.authorization_endpoint;
  let authorityHost = exchange.host;
  let tenant = '{tenant}';
  if (authorizationEndpoint !== undefined) {
    try {
      const url = new URL(authorizationEndpoint);
      authorityHost = url.host.toLowerCase();
      tenant = url.pathname.split('/').filter((s) => s !== '')[0] ?? tenant;
    } catch {
      sendJson(exchange, 400, { ...entraErrorBody(Errors.malformedRequest("'authorization_endpoint' is not a URL."), exchange.correlationId, exchange.host) });
      return;
    }
  }
  const hostName = authorityHost.replace(/:\d+$/, '');
  const known = KNOWN_CLOUDS.find((cloud) => cloud.aliases.includes(authorityHost));
  const ours = authorityHost === exchange.host || context.serverNames.includes(hostName);
  if (!known && !ours) {
    sendJson(exchange, 400, {
      ...entraErrorBody({ status: 400, error: 'invalid_instance', code: 50049, message: 'Unknown or invalid instance.' }, exchange.correlationId, exchange.host),
    });
    return;
  }
  const metadata = known ? KNOWN_CLOUDS : [{ preferred_network: authorityHost, preferred_cache: authorityHost, aliases: [authorityHost] }, ...KNOWN_CLOUDS];
  sendJson(exchange, 200, {
    tenant_discovery_endpoint: `https://${authorityHost}/${tenant}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata,
  });
};

/** GET /{tenant}/discovery/v2.0/keys (and the v1 /{tenant}/discovery/keys). */
export const jwks: Handler = (context, exchange) => {
  const segment = exchange.segments[0];
  const tenantId = isGuid(segment) ? segment.toLowerCase() : context.state.directory.tenantForDomain(segment)?.tenantId;
  sendJson(exchange, 200, { keys: [toJwk(context.state.signingKey, issuerFor(exchange.host, tenantId ?? '{tenantid}'))] });
};

/** GET /common/userrealm/{username}?api-version=1.0, which MSAL Python asks before a password grant. */
export const userRealm: Handler = (context, exchange) => {
  const username = exchange.segments[2] ?? '';
  const domain = username.includes('@') ? username.split('@').pop() ?? '' : '';
  const tenant = context.state.directory.tenantForDomain(domain);
  sendJson(exchange, 200, tenant
    ? { ver: '1.0', account_type: 'Managed', domain_name: tenant.domain, cloud_instance_name: 'microsoftonline.com', cloud_audience_urn: 'urn:federation:MicrosoftOnline' }
    : { ver: '1.0', account_type: 'Unknown', cloud_instance_name: 'microsoftonline.com', cloud_audience_urn: 'urn:federation:MicrosoftOnline' });
};
