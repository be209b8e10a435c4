// Reads the scope strings an extension (or VS Code's MCP client) passes to the provider, with the conventions
// of VS Code's built-in `microsoft` provider, so an extension can switch providers by changing only the id:
// `VSCODE_CLIENT_ID:<id>` and `VSCODE_TENANT:<tenant>` are instructions, not scopes, and are never sent; OIDC
// scopes alone get Graph's User.Read; an MCP authorization server names the tenant. Plain TypeScript.

const CLIENT_ID_PREFIX = 'VSCODE_CLIENT_ID:';
const TENANT_PREFIX = 'VSCODE_TENANT:';
/** Scopes of OpenID Connect itself: they name no resource, MSAL adds them to every user request anyway. */
export const OIDC_SCOPES: ReadonlySet<string> = new Set(['openid', 'email', 'profile', 'offline_access']);
/** The scope the built-in provider tacks on when only OIDC scopes are left, so Entra issues a (Graph) token. */
export const GRAPH_TACK_ON_SCOPE = 'User.Read';
/** Names that select a kind of account rather than one tenant. */
const NON_TENANT_NAMES = new Set(['common', 'organizations', 'consumers']);
const GRAPH_RESOURCE = 'https://graph.microsoft.com';
const GRAPH_ALIASES = new Set([GRAPH_RESOURCE, '00000003-0000-0000-c000-000000000000']);
const TENANT_PATTERN = /^[0-9a-zA-Z._-]+$/;
const CLIENT_ID_PATTERN = /^[0-9a-zA-Z._-]+$/;

/** A request the provider cannot turn into one token request; the message names what to change. */
export class ScopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScopeError';
  }
}

/** What the MCP client (and proposed API `authIssuers`) adds to a session request. */
export interface SessionRequestOptions {
  /** The OAuth authorization server, e.g. https://login.microsoftonline.com/<tenant>/v2.0: names the tenant. */
  readonly authorizationServer?: string;
  /** The client id from mcp.json `oauth.clientId`; wins over VSCODE_CLIENT_ID. */
  readonly clientId?: string;
  /**
   * The RFC 8707 resource indicator (the protected resource metadata's `resource`). Never sent to Entra ID v2
   * (AADSTS9010010): used only to ask for `<resource>/.default` when no scope was given.
   */
  readonly resource?: string;
}

export interface ScopeData {
  /** The scopes as given, deduplicated and sorted: the key a session is stored and logged under. */
  readonly sessionKey: string;
  /** The scopes as given (for the session's `scopes`), or `<resource>/.default` when none were. */
  readonly requestedScopes: readonly string[];
  /** The scopes to request from the authority: instructions stripped, sorted. */
  readonly scopesToSend: readonly string[];
  /** The client id from the options or VSCODE_CLIENT_ID, if any. */
  readonly clientId: string | undefined;
  /** The tenant from the authorization server or VSCODE_TENANT, if any. */
  readonly tenant: string | undefined;
  /** True when `tenant` names one directory rather than common/organizations/consumers. */
  readonly isSpecificTenant: boolean;
  /** The one resource the scopes belong to (e.g. https://management.azure.com), undefined for OIDC-only requests. */
  readonly resource: string | undefined;
}

/**
 * The resource a scope belongs to, normalised for comparison (lower case, no trailing slash, Graph's aliases
 * folded), or undefined for OIDC scopes and instructions. A bare name (User.Read) is a Microsoft Graph permission.
 */
export function resourceOfScope(scope: string): string | undefined {
  if (OIDC_SCOPES.has(scope) || scope.startsWith('VSCODE_')) return undefined;
  const slash = scope.lastIndexOf('/');
  // "https://host" alone or "api://x" alone is a resource with no permission: treat it as the resource itself.
  const resource = slash < 0 ? GRAPH_RESOURCE : /^[a-z][a-z0-9+.-]*:\/\/[^/]*$/i.test(scope) ? scope : scope.slice(0, slash);
  const normalised = resource.toLowerCase().replace(/\/+$/, '');
  return GRAPH_ALIASES.has(normalised) ? GRAPH_RESOURCE : normalised || GRAPH_RESOURCE;
}

/** The `.default` scope of a resource indicator, as Entra v2 spells it (`https://x/.default`, `api://id/.default`). */
export function defaultScopeOf(resource: string): string {
  const trimmed = resource.trim();
  if (!trimmed) throw new ScopeError('The resource is empty: give at least one scope or a resource.');
  return `${trimmed.replace(/\/+$/, '')}/.default`;
}

/** The tenant an Entra authorization server names: the first path segment of https://<host>/<tenant>[/v2.0]. */
export function tenantOfAuthorizationServer(authorizationServer: string): string | undefined {
  let url: URL;
  try {
    url = new URL(authorizationServer);
  } catch {
    throw new ScopeError(`The authorization server "${authorizationServer}" is not a URL.`);
  }
  const first = url.pathname.split('/').filter(Boolean)[0];
  if (!first) return undefined;
  const tenant = decodeURIComponent(first);
  if (!TENANT_PATTERN.test(tenant)) throw new ScopeError(`The authorization server "${authorizationServer}" names "${tenant}", which is not a tenant id or domain.`);
  return tenant;
}

export function parseScopes(scopes: readonly string[], options: SessionRequestOptions = {}): ScopeData {
  let given = [...new Set(scopes.map((s) => s.trim()).filter(Boolean))].sort();
  // The MCP client passes the authorization server's scopes_supported (for Entra only the OIDC ones) when the
  // protected resource names none: those get no token for the server, so ask for the resource's .default.
  if (options.resource && !given.some((s) => !s.startsWith('VSCODE_') && !OIDC_SCOPES.has(s))) given = [...given, defaultScopeOf(options.resource)].sort();
  let clientId: string | undefined;
  let tenant: string | undefined;
  const toSend: string[] = [];
  for (const scope of given) {
    if (scope.startsWith(CLIENT_ID_PREFIX)) clientId = scope.slice(CLIENT_ID_PREFIX.length) || undefined;
    else if (scope.startsWith(TENANT_PREFIX)) tenant = scope.slice(TENANT_PREFIX.length) || undefined;
    else if (/\s/.test(scope)) throw new ScopeError(`"${scope}" holds white space: pass each scope as its own string.`);
    else toSend.push(scope);
  }
  if (options.authorizationServer) tenant = tenantOfAuthorizationServer(options.authorizationServer) ?? tenant;
  if (options.clientId?.trim()) clientId = options.clientId.trim();
  if (tenant !== undefined && !TENANT_PATTERN.test(tenant)) throw new ScopeError(`VSCODE_TENANT:${tenant} is not a tenant id or domain.`);
  if (clientId !== undefined && !CLIENT_ID_PATTERN.test(clientId)) throw new ScopeError(`VSCODE_CLIENT_ID:${clientId} is not a client id.`);

  const resources = new Map<string, string>();
  for (const scope of toSend) {
    const resource = resourceOfScope(scope);
    if (resource && !resources.has(resource)) resources.set(resource, scope);
  }
  if (resources.size > 1) {
    const named = [...resources.entries()].map(([resource, scope]) => `${resource} (${scope})`);
    throw new ScopeError(
      `The scopes name ${resources.size} resources: ${named.join(' and ')}. Microsoft Entra ID issues a token for one resource at a time: ask for each resource in its own getSession call.`,
    );
  }
  // Entra issues no access token for OIDC scopes alone; like the built-in provider, ask for Graph's User.Read.
  if (toSend.every((s) => OIDC_SCOPES.has(s))) toSend.push(GRAPH_TACK_ON_SCOPE);
  const [resource] = resources.keys();
  return {
    sessionKey: given.join(' '),
    requestedScopes: given,
    scopesToSend: toSend.sort(),
    clientId,
    tenant,
    isSpecificTenant: tenant !== undefined && !NON_TENANT_NAMES.has(tenant.toLowerCase()),
    resource: resource ?? (toSend.includes(GRAPH_TACK_ON_SCOPE) ? GRAPH_RESOURCE : undefined),
  };
}
