// Which resource a request's scopes are for, and the name a person knows it by ("Azure Resource Manager"), for the
// consent question, the Copy Access Token warning and the log. Plain TS, no `vscode` import.

const OIDC_SCOPES = new Set(['openid', 'email', 'profile', 'offline_access']);
const GRAPH = 'https://graph.microsoft.com';

/** Well-known resources by host (sovereign clouds included); a `*.` entry matches any sub-domain. */
const KNOWN_RESOURCES: ReadonlyArray<readonly [host: string, name: string]> = [
  ['management.azure.com', 'Azure Resource Manager'],
  ['management.core.windows.net', 'Azure Resource Manager'],
  ['management.chinacloudapi.cn', 'Azure Resource Manager'],
  ['management.core.chinacloudapi.cn', 'Azure Resource Manager'],
  ['management.usgovcloudapi.net', 'Azure Resource Manager'],
  ['management.core.usgovcloudapi.net', 'Azure Resource Manager'],
  ['management.microsoftazure.de', 'Azure Resource Manager'],
  ['graph.microsoft.com', 'Microsoft Graph'],
  ['graph.microsoft.us', 'Microsoft Graph'],
  ['dod-graph.microsoft.us', 'Microsoft Graph'],
  ['microsoftgraph.chinacloudapi.cn', 'Microsoft Graph'],
  ['storage.azure.com', 'Azure Storage'],
  ['*.blob.core.windows.net', 'Azure Storage'],
  ['*.queue.core.windows.net', 'Azure Storage'],
  ['*.table.core.windows.net', 'Azure Storage'],
  ['*.dfs.core.windows.net', 'Azure Storage'],
  ['vault.azure.net', 'Azure Key Vault'],
  ['*.vault.azure.net', 'Azure Key Vault'],
  ['vault.azure.cn', 'Azure Key Vault'],
  ['vault.usgovcloudapi.net', 'Azure Key Vault'],
  ['managedhsm.azure.net', 'Azure Key Vault Managed HSM'],
  ['database.windows.net', 'Azure SQL Database'],
  ['ossrdbms-aad.database.windows.net', 'Azure Database for PostgreSQL and MySQL'],
  ['cognitiveservices.azure.com', 'Azure AI services'],
  ['servicebus.azure.net', 'Azure Service Bus'],
  ['eventhubs.azure.net', 'Azure Event Hubs'],
  ['cosmos.azure.com', 'Azure Cosmos DB'],
  ['*.documents.azure.com', 'Azure Cosmos DB'],
  ['api.loganalytics.io', 'Azure Monitor Logs'],
  ['monitor.azure.com', 'Azure Monitor'],
  ['*.kusto.windows.net', 'Azure Data Explorer'],
  ['kusto.kusto.windows.net', 'Azure Data Explorer'],
  ['appconfig.azure.com', 'Azure App Configuration'],
  ['*.azconfig.io', 'Azure App Configuration'],
  ['ai.azure.com', 'Azure AI Foundry'],
  ['6dae42f8-4368-4678-94ff-3960e28e3630', 'Azure Kubernetes Service'],
  ['499b84ac-1321-427f-aa17-267ca6975798', 'Azure DevOps'],
];

export class ScopeResourceError extends Error {
  override readonly name = 'ScopeResourceError';
}

/**
 * The resource a scope belongs to: `https://management.azure.com/.default` → `https://management.azure.com`,
 * `https://storage.azure.com/user_impersonation` → `https://storage.azure.com`, `User.Read` → Microsoft Graph,
 * `api://<app>/access` → `api://<app>`. OpenID Connect scopes belong to no resource (undefined).
 */
export function resourceOfScope(scope: string): string | undefined {
  if (OIDC_SCOPES.has(scope)) return undefined;
  const schemeEnd = scope.indexOf('://');
  if (schemeEnd < 0) {
    // A GUID/permission form ("<app id>/.default") names an application; a bare permission is Graph's.
    const slash = scope.indexOf('/');
    return slash > 0 ? scope.slice(0, slash) : GRAPH;
  }
  const lastSlash = scope.lastIndexOf('/');
  const resource = lastSlash > schemeEnd + 2 ? scope.slice(0, lastSlash) : scope;
  return resource.replace(/\/+$/, '');
}

/** The one resource of a request's scopes; throws ScopeResourceError for none or for scopes of two resources. */
export function resourceOfScopes(scopes: readonly string[]): string {
  const resources = [...new Set(scopes.map(resourceOfScope).filter((r): r is string => r !== undefined).map((r) => r.toLowerCase()))];
  if (resources.length === 0) return GRAPH;
  if (resources.length > 1) {
    throw new ScopeResourceError(`A token is for one resource, but these scopes name ${resources.length}: ${resources.join(' and ')}. Ask for each resource's token separately.`);
  }
  return resourceOfScope(scopes.find((s) => resourceOfScope(s)?.toLowerCase() === resources[0]) ?? scopes[0]) ?? resources[0];
}

/** "Azure Resource Manager" for `https://management.azure.com`; the resource itself when it is not a well-known one. */
export function resourceDisplayName(resource: string): string {
  const host = hostOf(resource);
  for (const [pattern, name] of KNOWN_RESOURCES) {
    if (pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) : host === pattern) return name;
  }
  return resource;
}

/** The display name of the resource `scopes` are for; the scopes themselves when they name two resources. */
export function scopesDisplayName(scopes: readonly string[]): string {
  try {
    return resourceDisplayName(resourceOfScopes(scopes));
  } catch {
    return scopes.join(' ');
  }
}

function hostOf(resource: string): string {
  const match = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]+)/i.exec(resource);
  return (match ? match[1] : resource.split('/')[0]).toLowerCase().replace(/:\d+$/, '');
}
