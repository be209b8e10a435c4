// Scope parsing as Entra v2.0 does it: OpenID scopes apart, every other scope names one resource
// ("<resource>/<permission>" or "<resource>/.default"; a bare name is a Microsoft Graph permission).
import { isGuid } from './encoding';
import { Errors, fail } from './errors';

export const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);
export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

export interface ParsedScopes {
  /** The resource URI or id as the client named it, e.g. https://management.core.windows.net/ */
  readonly resource: string;
  /** Permissions asked for on the resource; ['.default'] for a .default request. */
  readonly permissions: readonly string[];
  readonly isDefault: boolean;
  readonly oidc: ReadonlySet<string>;
  /** Every scope as sent, for binding codes and refresh tokens. */
  readonly raw: readonly string[];
}

const PERMISSION = /^(\.default|[A-Za-z0-9][A-Za-z0-9._-]*)$/;

function validResource(resource: string): boolean {
  if (isGuid(resource)) {
    return true;
  }
  try {
    const url = new URL(resource);
    return url.protocol === 'api:' || ((url.protocol === 'https:' || url.protocol === 'http:') && url.host !== '');
  } catch {
    return false;
  }
}

function splitScope(scope: string): { resource: string; permission: string } {
  const slash = scope.lastIndexOf('/');
  if (slash < 0) {
    return { resource: GRAPH_RESOURCE, permission: scope };
  }
  const resource = scope.slice(0, slash);
  const permission = scope.slice(slash + 1);
  if (!validResource(resource) || !PERMISSION.test(permission)) {
    fail(Errors.invalidScope(scope));
  }
  return { resource, permission };
}

/**
 * Parses the `scope` parameter. `appOnly` applies the client-credentials rule that the single
 * resource scope must end in /.default.
 */
export function parseScopes(scopeParam: string | undefined, appOnly: boolean): ParsedScopes {
  const raw = (scopeParam ?? '').split(/\s+/).filter((scope) => scope !== '');
  if (raw.length === 0) {
    fail(Errors.missingParameter('scope'));
  }
  const oidc = new Set<string>();
  const resources = new Map<string, string[]>();
  for (const scope of raw) {
    if (OIDC_SCOPES.has(scope.toLowerCase())) {
      oidc.add(scope.toLowerCase());
      continue;
    }
    if (!/^[\x21-\x7e]+$/.test(scope)) {
      fail(Errors.invalidScope(scope));
    }
    const { resource, permission } = splitScope(scope);
    if (!PERMISSION.test(permission)) {
      fail(Errors.invalidScope(scope));
    }
    // https://management.core.windows.net/ and https://management.core.windows.net are one resource.
    const key = resource.replace(/\/+$/, '').toLowerCase();
    const entry = resources.get(key) ?? [];
    if (entry.length === 0) {
      resources.set(key, entry);
      entry.push(resource);
    }
    entry.push(permission);
  }
  if (resources.size > 1) {
    fail(Errors.multipleResources());
  }
  if (appOnly) {
    const only = [...resources.values()][0];
    if (!only || only.length !== 2 || only[1] !== '.default' || oidc.size > 0) {
      fail(Errors.scopeNeedsDefault(raw.join(' ')));
    }
  }
  // A request for OpenID scopes alone gets a Microsoft Graph token, as Entra gives.
  const [resource, ...permissions] = [...resources.values()][0] ?? [GRAPH_RESOURCE, 'User.Read'];
  return { resource, permissions, isDefault: permissions.includes('.default'), oidc, raw };
}

/** The `aud` of a token for the resource. */
export function audienceOf(resource: string): string {
  return resource.replace(/\/+$/, '').toLowerCase() === GRAPH_RESOURCE ? GRAPH_APP_ID : resource;
}

/** The `scp` claim of a delegated token. */
export function delegatedPermissions(scopes: ParsedScopes): string[] {
  return scopes.isDefault ? ['user_impersonation'] : [...scopes.permissions];
}

/** The `scope` field of a token response: the granted scopes named in the resource's terms. */
export function responseScope(scopes: ParsedScopes, delegated: boolean): string {
  const isGraph = scopes.resource.replace(/\/+$/, '').toLowerCase() === GRAPH_RESOURCE;
  const name = (permission: string) => (isGraph && permission !== '.default' ? permission : `${scopes.resource}/${permission}`);
  const granted = delegated ? [...new Set([...delegatedPermissions(scopes), ...scopes.permissions])] : ['.default'];
  const oidc = delegated ? [...scopes.oidc].filter((scope) => scope !== 'offline_access') : [];
  return [...granted.map(name), ...oidc].join(' ');
}
