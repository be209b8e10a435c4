// A minimal Azure Resource Manager: GET /tenants, /subscriptions and /subscriptions/{id}, enough for
// `az login` and SDK smoke tests; a resource behind conditional access that answers a claims challenge; CAE
// revocation; and the cloud's metadata (`/metadata/endpoints`, no token needed). Every other call needs a
// bearer token this emulator signed, for ARM.
import { nowSeconds } from '../encoding';
import { sendJson, type Exchange } from '../exchange';
import { parseJwt, verifyJwtSignature } from '../jwt';
import { PROTECTED_RESOURCE_AUTH_CONTEXT, PROTECTED_RESOURCE_CLAIMS, PROTECTED_RESOURCE_PATH } from '../defaults';
import type { Subscription, Tenant } from '../types';
import type { Handler, HandlerContext } from './context';

export const ARM_AUDIENCES = new Set([
  'https://management.azure.com', 'https://management.azure.com/', 'https://management.core.windows.net', 'https://management.core.windows.net/',
  'https://management.usgovcloudapi.net', 'https://management.usgovcloudapi.net/', 'https://management.core.usgovcloudapi.net', 'https://management.core.usgovcloudapi.net/',
  'https://management.chinacloudapi.cn', 'https://management.chinacloudapi.cn/', 'https://management.core.chinacloudapi.cn', 'https://management.core.chinacloudapi.cn/',
]);

/** The clouds whose ARM hosts the emulator answers for, as `GET /metadata/endpoints` describes them. */
const CLOUDS: Record<string, { name: string; login: string; audiences: string[]; resourceManager: string; graph: string; portal: string }> = {
  'management.azure.com': {
    name: 'AzureCloud', login: 'https://login.microsoftonline.com', audiences: ['https://management.core.windows.net/', 'https://management.azure.com/'],
    resourceManager: 'https://management.azure.com/', graph: 'https://graph.microsoft.com/', portal: 'https://portal.azure.com',
  },
  'management.usgovcloudapi.net': {
    name: 'AzureUSGovernment', login: 'https://login.microsoftonline.us', audiences: ['https://management.core.usgovcloudapi.net/', 'https://management.usgovcloudapi.net/'],
    resourceManager: 'https://management.usgovcloudapi.net/', graph: 'https://graph.microsoft.us/', portal: 'https://portal.azure.us',
  },
  'management.chinacloudapi.cn': {
    name: 'AzureChinaCloud', login: 'https://login.chinacloudapi.cn', audiences: ['https://management.core.chinacloudapi.cn/', 'https://management.chinacloudapi.cn/'],
    resourceManager: 'https://management.chinacloudapi.cn/', graph: 'https://microsoftgraph.chinacloudapi.cn/', portal: 'https://portal.azure.cn',
  },
};
CLOUDS['management.core.windows.net'] = CLOUDS['management.azure.com'];

/**
 * ARM's cloud metadata for the host asked. Any other host (the emulator's own 127.0.0.1:<port>, a custom
 * cloud's name) is a private cloud whose authority is the emulator on that same host.
 */
function cloudMetadata(exchange: Exchange): void {
  const apiVersion = exchange.query['api-version'];
  if (!apiVersion) {
    armError(exchange, 400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.");
    return;
  }
  const host = exchange.host.replace(/:443$/, '');
  const known = CLOUDS[host.toLowerCase()];
  const cloud = known ?? {
    name: 'EmulatorCloud', login: `https://${host}`, audiences: ['https://management.core.windows.net/', 'https://management.azure.com/'],
    resourceManager: `https://${host}/`, graph: 'https://graph.microsoft.com/', portal: `https://${host}/portal`,
  };
  const document = {
    portal: cloud.portal,
    authentication: { loginEndpoint: `${cloud.login}/`, audiences: cloud.audiences, tenant: 'common', identityProvider: 'AAD' },
    media: 'https://rest.media.azure.net',
    graphAudience: 'https://graph.windows.net/',
    graph: 'https://graph.windows.net/',
    name: cloud.name,
    resourceManager: cloud.resourceManager,
    microsoftGraphResourceId: cloud.graph,
  };
  // 2020-06-01 and older answer a list of clouds; 2022-09-01 answers the one cloud of this endpoint.
  sendJson(exchange, 200, apiVersion < '2022-09-01' ? [document] : document);
}

/** The WWW-Authenticate ARM sends with a 401, naming the authority a client should go to. */
export function armChallenge(error: string, description: string, claims?: string): string {
  const parts = [`Bearer authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"`, `error="${error}"`, `error_description="${description}"`];
  if (claims !== undefined) {
    parts.splice(1, 0, 'realm=""');
    parts.push(`claims="${Buffer.from(claims).toString('base64')}"`);
  }
  return parts.join(', ');
}

function armError(exchange: Exchange, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  sendJson(exchange, status, { error: { code, message } }, headers);
}

interface Caller {
  tenantId: string;
  objectId: string;
  isUser: boolean;
  /** Authentication contexts the token satisfies (`acrs`). */
  acrs: readonly string[];
}

function authenticate(context: HandlerContext, exchange: Exchange): Caller | undefined {
  const authorization = exchange.headers.authorization;
  if (!authorization?.toLowerCase().startsWith('bearer ')) {
    armError(exchange, 401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.",
      { 'WWW-Authenticate': armChallenge('invalid_token', "The authentication failed because of missing 'Authorization' header.") });
    return undefined;
  }
  const jwt = parseJwt(authorization.slice(7).trim());
  const key = context.state.signingKey;
  const invalid = (code: string, message: string) => {
    armError(exchange, 401, code, message, { 'WWW-Authenticate': armChallenge('invalid_token', message) });
    return undefined;
  };
  if (!jwt || jwt.header.kid !== key.kid || !verifyJwtSignature(jwt, key.publicKey)) {
    return invalid('InvalidAuthenticationToken', 'The access token is invalid.');
  }
  const { aud, exp, tid, oid, idtyp } = jwt.payload;
  if (typeof exp !== 'number' || exp < nowSeconds()) {
    return invalid('ExpiredAuthenticationToken', 'The access token expiry UTC time is earlier than current UTC time.');
  }
  if (typeof aud !== 'string' || !ARM_AUDIENCES.has(aud)) {
    return invalid('InvalidAuthenticationTokenAudience', `The access token has been obtained for wrong audience or resource '${String(aud)}'. It should exactly match with one of the allowed audiences 'https://management.core.windows.net/','https://management.azure.com/'.`);
  }
  if (typeof tid !== 'string' || typeof oid !== 'string') {
    return invalid('InvalidAuthenticationToken', 'The access token has no tid or oid claim.');
  }
  const xmsCc = jwt.payload.xms_cc;
  const caeCapable = Array.isArray(xmsCc) && xmsCc.some((c) => typeof c === 'string' && c.toLowerCase() === 'cp1');
  const revoked = caeCapable && idtyp === 'user' ? context.state.isRevoked(jwt.payload) : undefined;
  if (revoked) {
    // Continuous access evaluation: the client declared CP1, so ARM may refuse a token the moment the user's
    // sessions are revoked, and asks for one issued after that time.
    const claims = `{"access_token":{"nbf":{"essential":true, "value":"${revoked.revokedAt}"}}}`;
    armError(exchange, 401, 'InvalidAuthenticationToken', 'The access token has been revoked (continuous access evaluation): get a new one.',
      { 'WWW-Authenticate': armChallenge('insufficient_claims', 'Continuous access evaluation resulted in challenge with result: InteractionRequired and code: TokenIssuedBeforeRevocationTimestamp', claims) });
    return undefined;
  }
  const acrs = Array.isArray(jwt.payload.acrs) ? jwt.payload.acrs.filter((a): a is string => typeof a === 'string') : [];
  return { tenantId: tid, objectId: oid, isUser: idtyp === 'user', acrs };
}

function subscriptionJson(subscription: Subscription) {
  return {
    id: `/subscriptions/${subscription.subscriptionId}`,
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    subscriptionId: subscription.subscriptionId,
    tenantId: subscription.tenantId,
    displayName: subscription.displayName,
    state: 'Enabled',
    subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
  };
}

function tenantJson(tenant: Tenant, caller: Caller, homeTenantId: string) {
  return {
    id: `/tenants/${tenant.tenantId}`,
    tenantId: tenant.tenantId,
    countryCode: 'US',
    displayName: tenant.displayName,
    domains: [tenant.domain],
    tenantCategory: caller.isUser && tenant.tenantId !== homeTenantId ? 'ProjectedBy' : 'Home',
    defaultDomain: tenant.domain,
    tenantType: 'AAD',
  };
}

export const arm: Handler = (context, exchange) => {
  if (exchange.segments.map((s) => s.toLowerCase()).join('/') === 'metadata/endpoints') {
    cloudMetadata(exchange);
    return;
  }
  const caller = authenticate(context, exchange);
  if (!caller) {
    return;
  }
  const { directory } = context.state;
  const [first, second, ...rest] = exchange.segments.map((s) => s.toLowerCase());
  if (exchange.method !== 'GET') {
    armError(exchange, 405, 'MethodNotAllowed', 'The emulator ARM only answers GET.');
    return;
  }
  if (`/${exchange.segments.join('/')}`.toLowerCase() === PROTECTED_RESOURCE_PATH.toLowerCase()) {
    if (!caller.acrs.includes(PROTECTED_RESOURCE_AUTH_CONTEXT)) {
      armError(exchange, 401, 'InvalidAuthenticationToken', `A conditional access policy requires the authentication context ${PROTECTED_RESOURCE_AUTH_CONTEXT} for this resource.`,
        { 'WWW-Authenticate': armChallenge('insufficient_claims', 'A claims challenge is required: the token lacks the required authentication context.', PROTECTED_RESOURCE_CLAIMS) });
      return;
    }
    sendJson(exchange, 200, { id: PROTECTED_RESOURCE_PATH, name: 'protected', properties: { tenantId: caller.tenantId, objectId: caller.objectId, authenticationContexts: caller.acrs } });
    return;
  }
  if (first === 'tenants' && second === undefined) {
    const user = caller.isUser ? directory.userById(caller.objectId) : undefined;
    const tenants = user ? directory.tenantsOfUser(user) : [directory.tenantById(caller.tenantId)].filter((t): t is Tenant => t !== undefined);
    sendJson(exchange, 200, { value: tenants.map((tenant) => tenantJson(tenant, caller, user?.tenantId ?? caller.tenantId)) });
    return;
  }
  if (first === 'subscriptions' && second === undefined) {
    const subscriptions = directory.subscriptionsOfTenant(caller.tenantId).map(subscriptionJson);
    sendJson(exchange, 200, { count: { type: 'Total', value: subscriptions.length }, value: subscriptions });
    return;
  }
  if (first === 'subscriptions' && second !== undefined && rest.length === 0) {
    const subscription = directory.subscription(second);
    if (!subscription || subscription.tenantId !== caller.tenantId) {
      armError(exchange, 404, 'SubscriptionNotFound', `The subscription '${second}' could not be found.`);
      return;
    }
    sendJson(exchange, 200, subscriptionJson(subscription));
    return;
  }
  armError(exchange, 404, 'NotFound', `The emulator ARM does not serve ${exchange.path}.`);
};
