// A minimal Azure Resource Manager: GET /tenants, /subscriptions and /subscriptions/{id}, enough for
// `az login` and SDK smoke tests. Every call needs a bearer token this emulator signed, for ARM.
import { nowSeconds } from '../encoding';
import { sendJson, type Exchange } from '../exchange';
import { parseJwt, verifyJwtSignature } from '../jwt';
import type { Subscription, Tenant } from '../types';
import type { Handler, HandlerContext } from './context';

export const ARM_AUDIENCES = new Set(['https://management.azure.com', 'https://management.azure.com/', 'https://management.core.windows.net', 'https://management.core.windows.net/']);

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
  // Like Azure Stack Hub, the emulator is also Resource Manager on its own host: a custom cloud whose
  // authority and ARM share one origin (`npm start`) asks for `https://<that host>/.default`.
  const ownOrigin = `${exchange.scheme}://${exchange.host}`;
  if (typeof aud !== 'string' || !(ARM_AUDIENCES.has(aud) || aud.replace(/\/$/, '') === ownOrigin)) {
    return invalid('InvalidAuthenticationTokenAudience', `The access token has been obtained for wrong audience or resource '${String(aud)}'. It should exactly match with one of the allowed audiences 'https://management.core.windows.net/','https://management.azure.com/'.`);
  }
  if (typeof tid !== 'string' || typeof oid !== 'string') {
    return invalid('InvalidAuthenticationToken', 'The access token has no tid or oid claim.');
  }
  return { tenantId: tid, objectId: oid, isUser: idtyp === 'user' };
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
