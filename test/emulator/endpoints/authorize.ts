// GET|POST /{tenant}/oauth2/v2.0/authorize: validates the client and redirect URI (errors a redirect
// cannot carry are shown as a page, as Entra does), then signs a user in according to the interactive
// mode: 'auto' at once, 'form' through an HTML sign-in page, 'cancel' as a person closing it.
import * as crypto from 'node:crypto';
import { DEFAULT_USERNAME } from '../defaults';
import { EntraErrorResponse, Errors, type EntraError } from '../errors';
import { redirect, sendHtml, type Exchange } from '../exchange';
import { parseScopes } from '../scopes';
import { clientInfo } from '../tokens';
import type { App, Tenant, User } from '../types';
import type { Handler, HandlerContext } from './context';
import { formPostPage, messagePage, signInPage } from './pages';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether `redirectUri` is registered. Loopback registrations (http://localhost, http://127.0.0.1) accept
 * any port, as Entra does for native apps, and a registration without a path accepts any path.
 */
export function redirectUriRegistered(app: App, redirectUri: string): boolean {
  if (app.redirectUris.includes(redirectUri)) {
    return true;
  }
  let requested: URL;
  try {
    requested = new URL(redirectUri);
  } catch {
    return false;
  }
  return app.redirectUris.some((registered) => {
    let allowed: URL;
    try {
      allowed = new URL(registered);
    } catch {
      return false;
    }
    if (allowed.protocol !== 'http:' || requested.protocol !== 'http:' || !LOOPBACK_HOSTS.has(allowed.hostname) || allowed.hostname !== requested.hostname) {
      return false;
    }
    return allowed.pathname === '/' || allowed.pathname === requested.pathname;
  });
}

function errorPage(exchange: Exchange, error: EntraError): void {
  sendHtml(exchange, error.status, messagePage('Sorry, but we’re having trouble signing you in.', `AADSTS${error.code}: ${error.message}`));
}

interface ValidatedRequest {
  params: Record<string, string>;
  app: App;
  named: Tenant | undefined;
  redirectUri: string;
}

function respond(exchange: Exchange, request: ValidatedRequest, fields: Record<string, string>): void {
  const { params, redirectUri } = request;
  const withState = { ...fields, ...(params.state !== undefined ? { state: params.state } : {}) };
  if (params.response_mode === 'form_post') {
    sendHtml(exchange, 200, formPostPage(redirectUri, withState));
    return;
  }
  const target = new URL(redirectUri);
  const encoded = new URLSearchParams(withState).toString();
  if (params.response_mode === 'fragment') {
    target.hash = encoded;
  } else {
    for (const [name, value] of Object.entries(withState)) {
      target.searchParams.set(name, value);
    }
  }
  redirect(exchange, target.toString());
}

function redirectError(exchange: Exchange, request: ValidatedRequest, error: EntraError): void {
  respond(exchange, request, {
    error: error.error,
    error_description: `AADSTS${error.code}: ${error.message}\r\nCorrelation ID: ${exchange.correlationId}`,
    error_uri: `https://${exchange.host}/error?code=${error.code}`,
    ...(error.suberror ? { error_subcode: error.suberror } : {}),
  });
}

/** Validates what decides where errors may go; an Entra error thrown here is shown as a page. */
function validate(context: HandlerContext, exchange: Exchange, params: Record<string, string>): ValidatedRequest {
  const { directory } = context.state;
  const selector = directory.resolveTenant(exchange.segments[0]);
  if (selector.kind === 'consumers') {
    throw new EntraErrorResponse(Errors.consumersNotSupported());
  }
  const named = selector.kind === 'tenant' ? selector.tenant : undefined;
  const clientId = params.client_id;
  if (!clientId) {
    throw new EntraErrorResponse(Errors.missingParameter('client_id'));
  }
  const app = directory.requireAppInTenant(clientId, named, exchange.segments[0]);
  const redirectUri = params.redirect_uri;
  if (!redirectUri) {
    throw new EntraErrorResponse({ ...Errors.missingParameter('redirect_uri'), code: 900971, message: 'No reply address provided.' });
  }
  if (!redirectUriRegistered(app, redirectUri)) {
    throw new EntraErrorResponse(Errors.redirectUriMismatch(redirectUri, app.clientId));
  }
  return { params, app, named, redirectUri };
}

function tenantForUser(context: HandlerContext, request: ValidatedRequest, user: User): Tenant | EntraError {
  if (request.named) {
    const member = user.tenantId === request.named.tenantId || user.guestOf.includes(request.named.tenantId);
    return member ? request.named : Errors.userNotInTenant(request.named.tenantId);
  }
  return context.state.directory.tenantById(user.tenantId) ?? Errors.tenantNotFound(user.tenantId);
}

/** Signs `user` in: issues a code bound to the request and sends it to the redirect URI. */
function completeSignIn(context: HandlerContext, exchange: Exchange, request: ValidatedRequest, user: User): void {
  const tenant = tenantForUser(context, request, user);
  if ('code' in tenant) {
    redirectError(exchange, request, tenant);
    return;
  }
  const { params } = request;
  const scopes = parseScopes(params.scope, false);
  const code = context.state.flows.issueAuthCode({
    clientId: request.app.clientId, userObjectId: user.objectId, tenantId: tenant.tenantId, scopes: scopes.raw,
    redirectUri: request.redirectUri, codeChallenge: params.code_challenge, codeChallengeMethod: params.code_challenge_method,
    nonce: params.nonce, claims: params.claims,
  });
  respond(exchange, request, {
    code,
    ...(params.client_info === '1' ? { client_info: clientInfo(user) } : {}),
    session_state: crypto.randomUUID(),
  });
}

/** Checks everything that is reported to the redirect URI rather than shown. */
function requestError(request: ValidatedRequest): EntraError | undefined {
  const { params } = request;
  if (params.response_type !== 'code') {
    return Errors.unsupportedResponseType(params.response_type ?? '');
  }
  if (params.code_challenge_method !== undefined && params.code_challenge_method !== 'S256' && params.code_challenge_method !== 'plain') {
    return Errors.malformedRequest(`code_challenge_method '${params.code_challenge_method}' is not supported; use S256.`);
  }
  try {
    parseScopes(params.scope, false);
  } catch (error) {
    if (error instanceof EntraErrorResponse) {
      return error.entraError;
    }
    throw error;
  }
  return undefined;
}

/** Original request parameters carried through the sign-in form, without the form's own fields. */
function originalParams(params: Record<string, string>): Record<string, string> {
  const { username: _username, password: _password, emulator_action: _action, ...rest } = params;
  return rest;
}

export const authorize: Handler = (context, exchange) => {
  const posted = exchange.method === 'POST' && exchange.form !== undefined;
  const params = posted ? { ...exchange.query, ...exchange.form } : exchange.query;
  let request: ValidatedRequest;
  try {
    request = validate(context, exchange, originalParams(params));
  } catch (error) {
    if (error instanceof EntraErrorResponse) {
      errorPage(exchange, error.entraError);
      return;
    }
    throw error;
  }
  const invalid = requestError(request);
  if (invalid) {
    redirectError(exchange, request, invalid);
    return;
  }
  const { directory } = context.state;
  const signIn = context.state.interactiveSignIn;
  if (posted && params.emulator_action !== undefined) {
    // The sign-in form was submitted.
    if (params.emulator_action === 'cancel') {
      redirectError(exchange, request, Errors.userCanceled());
      return;
    }
    const user = directory.user(params.username ?? '');
    if (!user || !crypto.timingSafeEqual(
      crypto.createHash('sha256').update(params.password ?? '').digest(),
      crypto.createHash('sha256').update(user.password).digest(),
    )) {
      sendHtml(exchange, 200, signInPage(exchange.path, request.params, {
        username: params.username, appName: request.app.displayName,
        error: 'AADSTS50126: Your account or password is incorrect.',
      }));
      return;
    }
    completeSignIn(context, exchange, request, user);
    return;
  }
  switch (signIn.mode) {
    case 'cancel':
      redirectError(exchange, request, Errors.userCanceled());
      return;
    case 'form':
      sendHtml(exchange, 200, signInPage(exchange.path, request.params, { username: params.login_hint, appName: request.app.displayName }));
      return;
    case 'auto': {
      const user = directory.user(signIn.username ?? params.login_hint ?? DEFAULT_USERNAME) ?? directory.user(DEFAULT_USERNAME);
      if (!user) {
        redirectError(exchange, request, Errors.userNotFound(request.named?.tenantId ?? exchange.segments[0]));
        return;
      }
      completeSignIn(context, exchange, request, user);
    }
  }
};
