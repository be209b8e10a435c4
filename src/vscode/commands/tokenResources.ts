// What "Copy Access Token…" offers and accepts: the usual resources of an account's cloud, and the command's
// arguments (from the Accounts view's token rows) checked before anything is asked. Plain TS.
import { checkScopes, checkTenantId } from '../../identity/core';
import type { CloudName } from '../accounts/accountServiceContract';

export interface ResourceChoice {
  readonly label: string;
  readonly scope: string;
}

const GRAPH: Record<CloudName, string> = {
  AzureCloud: 'https://graph.microsoft.com',
  AzureChinaCloud: 'https://microsoftgraph.chinacloudapi.cn',
  AzureUSGovernment: 'https://graph.microsoft.us',
  AzureGermanCloud: 'https://graph.microsoft.de',
  custom: 'https://graph.microsoft.com',
};

const KEY_VAULT: Record<CloudName, string> = {
  AzureCloud: 'https://vault.azure.net',
  AzureChinaCloud: 'https://vault.azure.cn',
  AzureUSGovernment: 'https://vault.usgovcloudapi.net',
  AzureGermanCloud: 'https://vault.microsoftazure.de',
  custom: 'https://vault.azure.net',
};

/** Resource Manager, Graph, Storage and Key Vault of the account's cloud, as `.default` scopes. */
export function resourceChoices(cloud: CloudName, resourceManagerEndpoint: string): readonly ResourceChoice[] {
  return [
    { label: 'Azure Resource Manager', scope: `${resourceManagerEndpoint.replace(/\/+$/, '')}/.default` },
    { label: 'Microsoft Graph', scope: `${GRAPH[cloud]}/.default` },
    { label: 'Azure Storage', scope: 'https://storage.azure.com/.default' },
    { label: 'Azure Key Vault', scope: `${KEY_VAULT[cloud]}/.default` },
  ];
}

export interface CopyAccessTokenArgs {
  readonly accountId?: string;
  readonly scopes?: readonly string[];
  /** The tenant the token comes from (the tree's token rows pass theirs); the account's default otherwise. */
  readonly tenantId?: string;
}

/** The command's arguments, or an Error saying what is wrong with them (undefined and {} mean "ask"). */
export function parseCopyAccessTokenArgs(args: unknown): CopyAccessTokenArgs | Error {
  if (args === undefined || args === null) return {};
  if (typeof args !== 'object') return new Error('Copy Access Token takes { accountId?, scopes?, tenantId? }.');
  const { accountId, scopes, tenantId } = args as { accountId?: unknown; scopes?: unknown; tenantId?: unknown };
  if (tenantId !== undefined) {
    if (typeof tenantId !== 'string') return new Error('tenantId must be a tenant id.');
    try {
      checkTenantId(tenantId);
    } catch (error) {
      return error as Error;
    }
  }
  if (accountId !== undefined && (typeof accountId !== 'string' || accountId === '')) return new Error('accountId must be an account id.');
  let scopeList: string[] | undefined;
  if (scopes !== undefined) {
    scopeList = typeof scopes === 'string' ? [scopes] : Array.isArray(scopes) ? (scopes as string[]) : undefined;
    if (!scopeList) return new Error('scopes must be a string or a list of strings.');
    try {
      checkScopes(scopeList);
    } catch (error) {
      return error as Error;
    }
  }
  return { accountId: accountId as string | undefined, scopes: scopeList, tenantId: tenantId as string | undefined };
}

/** Whole minutes until a token expires (for the message after copying; never the token). */
export function minutesUntil(expiresOnTimestamp: number, now: number): number {
  return Math.max(0, Math.round((expiresOnTimestamp - now) / 60_000));
}
