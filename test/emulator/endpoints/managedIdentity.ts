// Managed-identity endpoints on the plain-HTTP listener, each with its source's request rules and
// response shape: IMDS (Metadata header), App Service 2019-08-01 (X-IDENTITY-HEADER), Cloud Shell
// (POST form), Azure Arc (401 challenge with a key file, then Basic auth) and Azure ML 2017-09-01.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AZURE_CLI_CLIENT_ID, DEFAULT_SYSTEM_ASSIGNED_IDENTITY, DEFAULT_TENANT_ID, DEFAULT_USERNAME } from '../defaults';
import { sendJson, type Exchange } from '../exchange';
import { parseScopes } from '../scopes';
import { managedIdentityTokenBody, userAccessToken, type ManagedIdentityPrincipal } from '../tokens';
import type { Handler, HandlerContext } from './context';

type Selector = { kind: 'clientId' | 'objectId' | 'resourceId'; value: string } | undefined;

/** How an identity lookup failed, in IMDS's words. */
class IdentityError extends Error {}

function selectorFrom(query: Record<string, string>, names: { clientId: string[]; objectId: string[]; resourceId: string[] }): Selector {
  for (const kind of ['clientId', 'objectId', 'resourceId'] as const) {
    for (const name of names[kind]) {
      const value = query[name];
      if (value !== undefined && value !== '') {
        return { kind, value };
      }
    }
  }
  return undefined;
}

/**
 * The identity a request names, or the one IMDS picks when none is named: the system-assigned one, else
 * the only user-assigned one.
 */
function findIdentity(context: HandlerContext, selector: Selector): ManagedIdentityPrincipal {
  const { systemAssigned, userAssigned } = context.state.directory.managedIdentities;
  const candidates: ManagedIdentityPrincipal[] = [...(systemAssigned ? [DEFAULT_SYSTEM_ASSIGNED_IDENTITY] : []), ...userAssigned];
  if (selector === undefined) {
    if (systemAssigned) {
      return DEFAULT_SYSTEM_ASSIGNED_IDENTITY;
    }
    if (userAssigned.length === 1) {
      return userAssigned[0];
    }
    throw new IdentityError(userAssigned.length === 0
      ? 'Identity not found'
      : 'Multiple user assigned identities exist, please specify the clientId / resourceId of the identity in the token request');
  }
  const wanted = selector.value.toLowerCase();
  const found = candidates.find((identity) => identity[selector.kind].toLowerCase() === wanted);
  if (!found) {
    throw new IdentityError('Identity not found');
  }
  return found;
}

function issuerHost(context: HandlerContext): string {
  return new URL(context.url).host;
}

function tokenFor(context: HandlerContext, identity: ManagedIdentityPrincipal, resource: string) {
  return managedIdentityTokenBody(context.state.signingKey, issuerHost(context), DEFAULT_TENANT_ID, identity, resource, context.state.tokenLifetime);
}

function imdsError(exchange: Exchange, status: number, description: string): void {
  sendJson(exchange, status, { error: 'invalid_request', error_description: description });
}

const IMDS_SELECTORS = { clientId: ['client_id'], objectId: ['object_id'], resourceId: ['msi_res_id', 'mi_res_id'] };

/** Shared by IMDS and Arc: checks, identity, token in the IMDS shape. */
function imdsStyleToken(context: HandlerContext, exchange: Exchange): void {
  const resource = exchange.query.resource;
  if (!resource) {
    imdsError(exchange, 400, 'Required audience parameter not specified');
    return;
  }
  try {
    sendJson(exchange, 200, tokenFor(context, findIdentity(context, selectorFrom(exchange.query, IMDS_SELECTORS)), resource));
  } catch (error) {
    if (error instanceof IdentityError) {
      imdsError(exchange, 400, error.message);
      return;
    }
    throw error;
  }
}

/** GET /metadata/identity/oauth2/token?api-version=2018-02-01&resource=…[&client_id|object_id|msi_res_id] */
export const imds: Handler = (context, exchange) => {
  // Real IMDS answers 400 at once without the header; SDK probes rely on that quick answer.
  if (exchange.headers.metadata?.toLowerCase() !== 'true') {
    imdsError(exchange, 400, 'Required metadata header not specified');
    return;
  }
  if (exchange.method !== 'GET') {
    sendJson(exchange, 405, { error: 'invalid_request', error_description: 'Only GET is supported' });
    return;
  }
  if (!exchange.query['api-version']) {
    imdsError(exchange, 400, 'Required parameter api-version not specified');
    return;
  }
  imdsStyleToken(context, exchange);
};

/** GET /msi/token?api-version=2019-08-01&resource=…[&client_id|principal_id|object_id|mi_res_id], X-IDENTITY-HEADER. */
export const appService: Handler = (context, exchange) => {
  const sent = exchange.headers['x-identity-header'] ?? '';
  const expected = context.state.identityHeader;
  const headerOk = sent.length === expected.length && crypto.timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
  if (!headerOk) {
    sendJson(exchange, 401, { statusCode: 401, message: 'Unauthorized: the X-IDENTITY-HEADER request header is missing or does not match IDENTITY_HEADER.' });
    return;
  }
  if (exchange.query['api-version'] !== '2019-08-01') {
    sendJson(exchange, 400, { statusCode: 400, message: "api-version must be '2019-08-01'." });
    return;
  }
  const resource = exchange.query.resource;
  if (!resource) {
    sendJson(exchange, 400, { statusCode: 400, message: 'The resource query parameter is required.' });
    return;
  }
  const selector = selectorFrom(exchange.query, { clientId: ['client_id'], objectId: ['principal_id', 'object_id'], resourceId: ['mi_res_id', 'msi_res_id'] });
  try {
    const body = tokenFor(context, findIdentity(context, selector), resource);
    sendJson(exchange, 200, { access_token: body.access_token, expires_on: body.expires_on, resource: body.resource, token_type: body.token_type, client_id: body.client_id });
  } catch (error) {
    if (error instanceof IdentityError) {
      sendJson(exchange, 400, { statusCode: 400, message: `No managed identity matches the request: ${error.message}.` });
      return;
    }
    throw error;
  }
};

/**
 * POST /oauth2/token with form resource=… and Metadata: true. Cloud Shell's endpoint answers for the
 * person signed in to Cloud Shell, so this token is the default user's (through the Azure CLI client).
 */
export const cloudShell: Handler = (context, exchange) => {
  if (exchange.headers.metadata?.toLowerCase() !== 'true') {
    imdsError(exchange, 400, 'Required metadata header not specified');
    return;
  }
  const resource = exchange.form?.resource ?? exchange.query.resource;
  if (exchange.method !== 'POST' || !resource) {
    imdsError(exchange, 400, 'POST a form with the resource parameter');
    return;
  }
  const { directory } = context.state;
  const user = directory.user(DEFAULT_USERNAME);
  const app = directory.app(AZURE_CLI_CLIENT_ID);
  const tenant = directory.tenantById(DEFAULT_TENANT_ID);
  if (!user || !app || !tenant) {
    imdsError(exchange, 400, 'The Cloud Shell user is not signed in (the emulator was changed after reset()).');
    return;
  }
  const lifetime = context.state.tokenLifetime;
  const scope = resource.endsWith('/.default') ? resource : `${resource.replace(/\/$/, '')}/.default`;
  const accessToken = userAccessToken(context.state.signingKey, {
    host: issuerHost(context), tenant, app, user, scopes: parseScopes(scope, false), claims: undefined, nonce: undefined,
    authMethod: 0, lifetime, wantsClientInfo: false,
  });
  const now = Math.floor(Date.now() / 1000);
  sendJson(exchange, 200, {
    access_token: accessToken, refresh_token: '', expires_in: String(lifetime.expiresInSeconds),
    expires_on: String(now + lifetime.expiresInSeconds), not_before: String(now), resource, token_type: 'Bearer',
  });
};

/** Keys handed out by the Arc challenge, valid for one token request each. */
const ARC_KEY_LIMIT = 1000;

/**
 * GET /arc/metadata/identity/oauth2/token?api-version=2020-06-01&resource=… with Metadata: true.
 * Without Authorization it writes a key file and answers 401 WWW-Authenticate: Basic realm=<file>;
 * with Authorization: Basic <file content> it answers a token.
 */
export function createArcHandler(keyDirectory: string): { handler: Handler; dispose: () => void } {
  const issued = new Map<string, string>();
  const handler: Handler = (context, exchange) => {
    if (exchange.headers.metadata?.toLowerCase() !== 'true') {
      imdsError(exchange, 400, 'Required metadata header not specified');
      return;
    }
    const authorization = exchange.headers.authorization ?? '';
    const secret = authorization.toLowerCase().startsWith('basic ') ? authorization.slice(6).trim() : undefined;
    const file = secret !== undefined ? issued.get(secret) : undefined;
    if (secret === undefined || file === undefined) {
      fs.mkdirSync(keyDirectory, { recursive: true, mode: 0o700 });
      const key = crypto.randomBytes(32).toString('hex');
      const keyFile = path.join(keyDirectory, `${crypto.randomUUID()}.key`);
      fs.writeFileSync(keyFile, key, { mode: 0o600 });
      issued.set(key, keyFile);
      if (issued.size > ARC_KEY_LIMIT) {
        const [oldest, oldestFile] = issued.entries().next().value as [string, string];
        issued.delete(oldest);
        fs.rmSync(oldestFile, { force: true });
      }
      sendJson(exchange, 401, { error: 'unauthorized_client', error_description: 'Authorization header required; read the key file named in WWW-Authenticate.' },
        { 'WWW-Authenticate': `Basic realm=${keyFile}` });
      return;
    }
    issued.delete(secret);
    fs.rmSync(file, { force: true });
    imdsStyleToken(context, exchange);
  };
  const dispose = () => {
    for (const file of issued.values()) {
      fs.rmSync(file, { force: true });
    }
    issued.clear();
  };
  return { handler, dispose };
}

/** GET /MSI/auth?api-version=2017-09-01&resource=…&clientid=… with header secret: MSI_SECRET. */
export const machineLearning: Handler = (context, exchange) => {
  const sent = exchange.headers.secret ?? '';
  const expected = context.state.identityHeader;
  if (sent.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(sent), Buffer.from(expected))) {
    sendJson(exchange, 401, { error: 'unauthorized', error_description: 'The secret request header is missing or does not match MSI_SECRET.' });
    return;
  }
  const resource = exchange.query.resource;
  if (!resource) {
    imdsError(exchange, 400, 'Required audience parameter not specified');
    return;
  }
  try {
    const body = tokenFor(context, findIdentity(context, selectorFrom(exchange.query, { clientId: ['clientid', 'client_id'], objectId: [], resourceId: [] })), resource);
    sendJson(exchange, 200, { access_token: body.access_token, expires_on: body.expires_on, resource: body.resource, token_type: body.token_type, client_id: body.client_id });
  } catch (error) {
    if (error instanceof IdentityError) {
      imdsError(exchange, 400, error.message);
      return;
    }
    throw error;
  }
};
