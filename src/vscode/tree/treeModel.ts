// What the Accounts tree shows, as plain data: labels, descriptions, hovers and the context values menus
// match on. No `vscode` import (unit-tested); strings go through the `Localize` the tree passes in
// (vscode.l10n.t), so every user-visible word is translatable.
import type { Account, AccountTenant, InventoryToken } from '../accounts/accountServiceContract';
import { cloudDisplayName } from '../accounts/clouds';

/** vscode.l10n.t's shape: `{0}`-style placeholders. */
export type Localize = (message: string, ...args: (string | number | boolean)[]) => string;

export const CONTEXT = {
  account: 'azureIdentity.account',
  defaultAccount: 'azureIdentity.account.default',
  tenantsGroup: 'azureIdentity.tenants',
  tokensGroup: 'azureIdentity.tokens',
  tenantSignedIn: 'azureIdentity.tenant.signedIn',
  tenantDefault: 'azureIdentity.tenant.default',
  tenantSignInRequired: 'azureIdentity.tenant.signInRequired',
  tenantUnknown: 'azureIdentity.tenant.unknown',
  token: 'azureIdentity.token',
  foundGroup: 'azureIdentity.found',
  foundAccount: 'azureIdentity.foundAccount',
  message: 'azureIdentity.message',
} as const;

/** An account found on this machine (another tool's sign-in), not yet signed in here. */
export interface FoundAccount {
  readonly source: 'sharedTokenCache' | 'azureCli';
  readonly username: string;
  readonly tenantId?: string;
  /** The shared cache's home account id, or the CLI subscription's name: what tells two entries apart. */
  readonly key: string;
  readonly detail?: string;
}

export function methodName(t: Localize, method: Account['method']): string {
  switch (method) {
    case 'interactiveBrowser':
      return t('browser');
    case 'deviceCode':
      return t('device code');
    case 'azureCli':
      return t('Azure CLI');
    case 'azurePowerShell':
      return t('Azure PowerShell');
    case 'azureDeveloperCli':
      return t('Azure Developer CLI');
    case 'environment':
      return t('environment');
    case 'managedIdentity':
      return t('managed identity');
    case 'sharedTokenCache':
      return t('shared token cache');
  }
}

export function kindName(t: Localize, kind: Account['kind']): string {
  switch (kind) {
    case 'user':
      return t('user');
    case 'servicePrincipal':
      return t('service principal');
    case 'managedIdentity':
      return t('managed identity');
  }
}

/**
 * Who, then where: the display name (a person's name, an app's name, a managed identity's resource name) or
 * else the user name or client id; the description carries cloud, tenant name and kind.
 */
export function accountLabel(account: Account): string {
  return account.displayName ?? account.label;
}

export function tenantName(account: Account, tenants?: readonly AccountTenant[]): string {
  const tenantId = account.defaultTenantId ?? account.homeTenantId;
  const known = tenants?.find((x) => x.tenantId === tenantId);
  if (known?.displayName) return known.displayName;
  if (tenantId === account.homeTenantId && account.homeTenantName) return account.homeTenantName;
  return known?.defaultDomain ?? tenantId;
}

/**
 * Where, at a glance and short enough not to be cut off in a narrow side bar: the cloud and the tenant's name
 * (a service principal or managed identity also says so). The star icon marks the default; the hover has
 * the user name and the way it signed in.
 */
export function accountDescription(t: Localize, account: Account, _isDefault: boolean, tenants?: readonly AccountTenant[]): string {
  const parts = [shortCloudName(t, account), tenantName(account, tenants)];
  if (account.kind !== 'user') parts.push(kindName(t, account.kind));
  return parts.join(' · ');
}

function shortCloudName(t: Localize, account: Account): string {
  switch (account.cloud) {
    case 'AzureUSGovernment':
      return t('Azure US Gov');
    case 'AzureChinaCloud':
      return t('Azure China');
    default:
      return cloudDisplayName(account.cloud, account.authorityHost);
  }
}

export function accountIcon(account: Account): string {
  switch (account.kind) {
    case 'user':
      return 'account';
    case 'servicePrincipal':
      return 'key';
    case 'managedIdentity':
      return 'server';
  }
}

/** The hover of an account, as Markdown lines. */
export function accountTooltip(t: Localize, account: Account, isDefault: boolean): string {
  const lines = [
    `**${escapeMarkdown(accountLabel(account))}**${isDefault ? ` — ${t('default account')}` : ''}`,
    account.kind === 'user' ? t('User name: {0}', account.label) : t('Identity: {0}', account.label),
    t('Kind: {0}', kindName(t, account.kind)),
    t('Signed in with: {0}', methodName(t, account.method)),
    t('Cloud: {0} ({1})', cloudDisplayName(account.cloud, account.authorityHost), account.authorityHost),
    t('Home tenant: {0}', account.homeTenantName ? `${account.homeTenantName} (${account.homeTenantId})` : account.homeTenantId),
    ...(account.defaultTenantId ? [t('Tokens come from tenant: {0}', account.defaultTenantId)] : []),
    t('Client id: {0}', account.clientId),
    t('Signed in: {0}', new Date(account.signedInAt).toISOString().replace('T', ' ').slice(0, 16) + ' UTC'),
  ];
  return lines.map((l, i) => (i === 0 ? l : escapeMarkdown(l))).join('  \n');
}

export function tenantLabel(tenant: AccountTenant): string {
  return tenant.displayName ?? tenant.defaultDomain ?? tenant.tenantId;
}

export function tenantDescription(t: Localize, account: Account, tenant: AccountTenant): string {
  const state = tenant.state === 'signedIn' ? t('signed in') : tenant.state === 'signInRequired' ? t('sign in required') : t('unknown');
  const parts = [state];
  if (tenant.tenantId === account.homeTenantId) parts.push(t('home'));
  if ((account.defaultTenantId ?? account.homeTenantId) === tenant.tenantId) parts.push(t('used for tokens'));
  return parts.join(' · ');
}

export function tenantContext(account: Account, tenant: AccountTenant): string {
  if (tenant.state === 'signInRequired') return CONTEXT.tenantSignInRequired;
  if (tenant.state === 'unknown') return CONTEXT.tenantUnknown;
  return (account.defaultTenantId ?? account.homeTenantId) === tenant.tenantId ? CONTEXT.tenantDefault : CONTEXT.tenantSignedIn;
}

export function tenantTooltip(t: Localize, tenant: AccountTenant): string {
  const lines = [`**${escapeMarkdown(tenantLabel(tenant))}**`, escapeMarkdown(t('Tenant id: {0}', tenant.tenantId))];
  if (tenant.defaultDomain) lines.push(escapeMarkdown(t('Domain: {0}', tenant.defaultDomain)));
  if (tenant.reason) lines.push(escapeMarkdown(tenant.reason));
  return lines.join('  \n');
}

/** "expires in 52 min", "expires in 2 h 5 min", "expired 3 min ago". */
export function expiryText(t: Localize, expiresOnTimestamp: number, now: number): string {
  const minutes = Math.round((expiresOnTimestamp - now) / 60_000);
  if (minutes < 0) return t('expired {0} ago', duration(t, -minutes));
  if (minutes === 0) return t('expires in less than a minute');
  return t('expires in {0}', duration(t, minutes));
}

function duration(t: Localize, minutes: number): string {
  if (minutes < 60) return t('{0} min', minutes);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? t('{0} h {1} min', hours, rest) : t('{0} h', hours);
}

/** Resource Manager's audiences in the public and sovereign clouds (a custom cloud names its own endpoint). */
const RESOURCE_MANAGER_HOSTS = new Set([
  'management.azure.com', 'management.core.windows.net', 'management.usgovcloudapi.net', 'management.core.usgovcloudapi.net',
  'management.chinacloudapi.cn', 'management.core.chinacloudapi.cn', 'management.microsoftazure.de', 'management.core.cloudapi.de',
]);
const GRAPH_HOSTS = new Set(['graph.microsoft.com', 'graph.microsoft.us', 'dod-graph.microsoft.us', 'microsoftgraph.chinacloudapi.cn']);

function hostOf(resource: string): string {
  try {
    return new URL(resource).host.toLowerCase();
  } catch {
    return resource.toLowerCase();
  }
}

/**
 * What a token is for, as a person names it: "Azure Resource Manager" (any cloud's, a custom cloud's own
 * endpoint too), "Microsoft Graph", else the resource without its scheme; then the permissions of several scopes.
 */
export function tokenLabel(t: Localize, token: InventoryToken, account?: { readonly resourceManagerEndpoint?: string }): string {
  const permissions = token.scopes.map((s) => s.slice(s.lastIndexOf('/') + 1)).filter((p) => p !== '.default' && p !== '');
  const host = hostOf(token.resource);
  const resource =
    RESOURCE_MANAGER_HOSTS.has(host) || (account?.resourceManagerEndpoint && hostOf(account.resourceManagerEndpoint) === host)
      ? t('Azure Resource Manager')
      : GRAPH_HOSTS.has(host)
        ? t('Microsoft Graph')
        : token.resource.replace(/^https:\/\//, '').replace(/\/+$/, '');
  return permissions.length ? `${resource} (${permissions.join(', ')})` : resource;
}

export function tokenDescription(t: Localize, token: InventoryToken, now: number, tenants?: readonly AccountTenant[]): string {
  const tenant = tenants?.find((x) => x.tenantId === token.tenantId);
  return [expiryText(t, token.expiresOnTimestamp, now), t('tenant {0}', tenant ? tenantLabel(tenant) : token.tenantId), ...(token.cae ? ['CAE'] : [])].join(' · ');
}

/** The hover of a token: when it refreshes and its non-secret claims. Never the token. */
export function tokenTooltip(t: Localize, token: InventoryToken, now: number, account?: { readonly resourceManagerEndpoint?: string }): string {
  const time = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
  const c = token.claims;
  const claim = (name: string, value: string | number | readonly string[] | undefined) =>
    value === undefined || (Array.isArray(value) && value.length === 0) ? [] : [`\`${name}\`: ${escapeMarkdown(Array.isArray(value) ? value.join(', ') : String(value))}`];
  const lines = [
    `**${escapeMarkdown(tokenLabel(t, token, account))}**`,
    escapeMarkdown(t('Resource: {0}', token.resource)),
    escapeMarkdown(t('Scopes: {0}', token.scopes.join(' '))),
    escapeMarkdown(`${t('Expires: {0}', time(token.expiresOnTimestamp))} (${expiryText(t, token.expiresOnTimestamp, now)})`),
    ...(token.refreshAfterTimestamp ? [escapeMarkdown(t('Refreshed after: {0}', time(token.refreshAfterTimestamp)))] : []),
    escapeMarkdown(t('Issued by tenant: {0}', token.tenantId)),
    '',
    escapeMarkdown(t('Claims (the token itself is never shown):')),
    ...claim('aud', c.aud),
    ...claim('scp', c.scp),
    ...claim('roles', c.roles),
    ...claim('tid', c.tid),
    ...claim('oid', c.oid),
    ...claim('upn', c.upn),
    ...claim('exp', c.exp),
    ...claim('acrs', c.acrs),
    ...claim('xms_cc', c.xms_cc),
  ];
  return lines.join('  \n');
}

export function foundAccountDescription(t: Localize, found: FoundAccount): string {
  const source = found.source === 'azureCli' ? t('Azure CLI') : t('shared token cache');
  return [source, ...(found.detail ? [found.detail] : found.tenantId ? [found.tenantId] : [])].join(' · ');
}

export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_{}[\]()#+\-.!<>|])/g, '\\$1');
}
