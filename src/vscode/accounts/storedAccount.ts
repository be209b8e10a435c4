// What the extension remembers of the signed-in accounts: one document in SecretStorage with the accounts and
// the default account's id. No token and no secret: a user account is found again through its
// AuthenticationRecord, a tool account (Azure CLI, environment, managed identity) by asking the tool again.
// Plain logic, no `vscode` import.
import type { AuthenticationRecordData } from '../../identity/index';
import type { Account, AccountKind, SignInMethod } from './accountServiceContract';
import { cloudOfAuthorityHost, isCloudName, resourceManagerEndpointOf } from './clouds';

export interface StoredAccount extends Account {
  /** Where this account's tenants are listed (`GET /tenants`): its cloud's Resource Manager. */
  readonly resourceManagerEndpoint: string;
  /** The AuthenticationRecord of a user sign-in (browser, device code, shared cache). */
  readonly record?: AuthenticationRecordData;
}

/** The stored document: accounts in sign-in order and the one the person chose as default. */
export interface AccountsDocument {
  readonly accounts: readonly StoredAccount[];
  readonly defaultAccountId?: string;
}

export const SIGN_IN_METHODS_ALL: readonly SignInMethod[] = [
  'interactiveBrowser', 'deviceCode', 'azureCli', 'azurePowerShell', 'azureDeveloperCli', 'environment', 'managedIdentity', 'sharedTokenCache',
];

const USER_METHODS = new Set<SignInMethod>(['interactiveBrowser', 'deviceCode', 'sharedTokenCache']);

/** The kind an account's method implies when the record does not say (version 1 records). */
export function kindOfMethod(method: SignInMethod): AccountKind {
  if (method === 'managedIdentity') return 'managedIdentity';
  if (method === 'environment') return 'servicePrincipal';
  return 'user';
}

export function isUserMethod(method: SignInMethod): boolean {
  return USER_METHODS.has(method);
}

export interface ParsedDocument {
  readonly document: AccountsDocument;
  /** Records that could not be read, as they were stored, to be set aside; never logged (they may name people). */
  readonly unreadable: readonly string[];
}

/**
 * Parses what SecretStorage held: the version 2 document, or version 1's bare array of accounts. An unreadable
 * record is returned apart so the caller can set it aside and say so; the rest is kept.
 */
export function parseAccountsDocument(raw: string | undefined): ParsedDocument {
  if (raw === undefined || raw === '') return { document: { accounts: [] }, unreadable: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { document: { accounts: [] }, unreadable: [raw] };
  }
  let entries: unknown[];
  let defaultAccountId: string | undefined;
  if (Array.isArray(parsed)) {
    entries = parsed;
  } else if (typeof parsed === 'object' && parsed !== null && Array.isArray((parsed as { accounts?: unknown }).accounts)) {
    entries = (parsed as { accounts: unknown[] }).accounts;
    const id = (parsed as { defaultAccountId?: unknown }).defaultAccountId;
    defaultAccountId = typeof id === 'string' ? id : undefined;
  } else {
    return { document: { accounts: [] }, unreadable: [raw] };
  }
  const accounts: StoredAccount[] = [];
  const unreadable: string[] = [];
  for (const entry of entries) {
    const account = toStoredAccount(entry);
    if (account && !accounts.some((a) => a.id === account.id)) accounts.push(account);
    else if (!account) unreadable.push(JSON.stringify(entry));
  }
  // Version 1 had no explicit default: the first account was it.
  if (defaultAccountId === undefined && Array.isArray(parsed)) defaultAccountId = accounts[0]?.id;
  if (defaultAccountId !== undefined && !accounts.some((a) => a.id === defaultAccountId)) defaultAccountId = accounts[0]?.id;
  return { document: { accounts, defaultAccountId }, unreadable };
}

export function serializeAccountsDocument(document: AccountsDocument): string {
  return JSON.stringify({ version: 2, defaultAccountId: document.defaultAccountId, accounts: document.accounts });
}

function toStoredAccount(value: unknown): StoredAccount | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const text = (name: string): string | undefined => (typeof v[name] === 'string' && v[name] !== '' ? (v[name] as string) : undefined);
  const id = text('id');
  const label = text('label');
  const method = text('method') as SignInMethod | undefined;
  const authorityHost = text('authorityHost');
  const homeTenantId = text('homeTenantId') ?? text('tenantId');
  const clientId = text('clientId');
  if (!id || !label || !method || !SIGN_IN_METHODS_ALL.includes(method) || !authorityHost || !homeTenantId || !clientId) return undefined;
  if (typeof v.signedInAt !== 'number') return undefined;
  const record = v.record === undefined ? undefined : toRecord(v.record);
  if (v.record !== undefined && !record) return undefined;
  if (isUserMethod(method) && !record) return undefined;
  const cloud = isCloudName(v.cloud) ? v.cloud : cloudOfAuthorityHost(authorityHost);
  const kind = v.kind === 'user' || v.kind === 'servicePrincipal' || v.kind === 'managedIdentity' ? v.kind : kindOfMethod(method);
  return {
    id,
    label,
    displayName: text('displayName'),
    kind,
    method,
    cloud,
    authorityHost,
    homeTenantId,
    homeTenantName: text('homeTenantName'),
    defaultTenantId: text('defaultTenantId'),
    clientId,
    signedInAt: v.signedInAt,
    resourceManagerEndpoint: text('resourceManagerEndpoint') ?? resourceManagerEndpointOf(cloud, authorityHost),
    record,
  };
}

function toRecord(value: unknown): AuthenticationRecordData | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const fields = ['authority', 'homeAccountId', 'clientId', 'tenantId', 'username'] as const;
  if (!fields.every((f) => typeof v[f] === 'string' && v[f] !== '')) return undefined;
  return { authority: v.authority as string, homeAccountId: v.homeAccountId as string, clientId: v.clientId as string, tenantId: v.tenantId as string, username: v.username as string };
}

const METHOD_LABELS: Record<SignInMethod, string> = {
  interactiveBrowser: 'browser',
  deviceCode: 'device code',
  azureCli: 'Azure CLI',
  azurePowerShell: 'Azure PowerShell',
  azureDeveloperCli: 'Azure Developer CLI',
  environment: 'environment',
  managedIdentity: 'managed identity',
  sharedTokenCache: 'shared token cache',
};

/** How an account signed in, in a few words (English; the VS Code layer translates its own labels). */
export function describeMethod(method: SignInMethod): string {
  return METHOD_LABELS[method];
}
