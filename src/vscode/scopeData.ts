// Reads the scope strings an extension passes to `vscode.authentication.getSession`, with the conventions of
// VS Code's built-in `microsoft` provider, so an extension can switch providers by changing only the id:
// `VSCODE_CLIENT_ID:<id>` and `VSCODE_TENANT:<tenant>` are instructions, not scopes, and are never sent.

const CLIENT_ID_PREFIX = 'VSCODE_CLIENT_ID:';
const TENANT_PREFIX = 'VSCODE_TENANT:';
const OIDC_SCOPES = new Set(['openid', 'email', 'profile', 'offline_access']);
/** Names that select a kind of account rather than one tenant. */
const NON_TENANT_NAMES = new Set(['common', 'organizations', 'consumers']);

export interface ScopeData {
  /** The scopes as given, sorted: the key a session is stored and logged under. */
  readonly sessionKey: string;
  /** The scopes to request from the authority: instructions stripped, sorted. */
  readonly scopesToSend: readonly string[];
  /** The client id from VSCODE_CLIENT_ID, if any. */
  readonly clientId: string | undefined;
  /** The tenant from VSCODE_TENANT, if any. */
  readonly tenant: string | undefined;
  /** True when `tenant` names one directory rather than common/organizations/consumers. */
  readonly isSpecificTenant: boolean;
}

export function parseScopes(scopes: readonly string[]): ScopeData {
  const sorted = [...new Set(scopes)].sort();
  let clientId: string | undefined;
  let tenant: string | undefined;
  const toSend: string[] = [];
  for (const scope of sorted) {
    if (scope.startsWith(CLIENT_ID_PREFIX)) clientId = scope.slice(CLIENT_ID_PREFIX.length) || undefined;
    else if (scope.startsWith(TENANT_PREFIX)) tenant = scope.slice(TENANT_PREFIX.length) || undefined;
    else toSend.push(scope);
  }
  // Entra issues no access token for OIDC scopes alone; like the built-in provider, ask for Graph's User.Read.
  if (toSend.every((s) => OIDC_SCOPES.has(s))) toSend.push('User.Read');
  return {
    sessionKey: sorted.join(' '),
    scopesToSend: toSend.sort(),
    clientId,
    tenant,
    isSpecificTenant: tenant !== undefined && !NON_TENANT_NAMES.has(tenant.toLowerCase()),
  };
}
