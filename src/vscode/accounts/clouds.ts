// The clouds an account can live in: each one's authority host and Azure Resource Manager endpoint, and the
// scope a plain sign-in asks for there. Plain data, no `vscode` import.
import type { CloudName } from './accountServiceContract';

export interface CloudEndpoints {
  readonly authorityHost: string;
  readonly resourceManagerEndpoint: string;
}

export const CLOUDS: Readonly<Record<Exclude<CloudName, 'custom'>, CloudEndpoints>> = {
  AzureCloud: { authorityHost: 'https://login.microsoftonline.com', resourceManagerEndpoint: 'https://management.azure.com' },
  AzureChinaCloud: { authorityHost: 'https://login.chinacloudapi.cn', resourceManagerEndpoint: 'https://management.chinacloudapi.cn' },
  AzureUSGovernment: { authorityHost: 'https://login.microsoftonline.us', resourceManagerEndpoint: 'https://management.usgovcloudapi.net' },
  AzureGermanCloud: { authorityHost: 'https://login.microsoftonline.de', resourceManagerEndpoint: 'https://management.microsoftazure.de' },
};

export const CLOUD_NAMES = [...Object.keys(CLOUDS), 'custom'] as readonly CloudName[];

export function isCloudName(value: unknown): value is CloudName {
  return typeof value === 'string' && (CLOUD_NAMES as readonly string[]).includes(value);
}

/** The cloud an authority host belongs to: `custom` for any host none of the four clouds uses. */
export function cloudOfAuthorityHost(authorityHost: string): CloudName {
  const host = hostOf(authorityHost);
  for (const [name, endpoints] of Object.entries(CLOUDS)) {
    if (hostOf(endpoints.authorityHost) === host) return name as CloudName;
  }
  if (host === 'login.windows.net' || host === 'login.microsoft.com' || host === 'sts.windows.net') return 'AzureCloud';
  if (host === 'login.partner.microsoftonline.cn') return 'AzureChinaCloud';
  if (host === 'login.usgovcloudapi.net' || host === 'login-us.microsoftonline.com') return 'AzureUSGovernment';
  return 'custom';
}

/**
 * The Resource Manager endpoint of a cloud. A custom cloud names its own; without one the authority's own host
 * is assumed (Azure Stack Hub and the local emulator serve both from one host).
 */
export function resourceManagerEndpointOf(cloud: CloudName, authorityHost: string, custom?: string): string {
  if (cloud !== 'custom') return CLOUDS[cloud].resourceManagerEndpoint;
  return trimSlash(custom && custom.trim() !== '' ? custom.trim() : authorityHost);
}

/** `https://management.azure.com` → `https://management.azure.com/.default`: what a plain sign-in asks for. */
export function resourceManagerScope(resourceManagerEndpoint: string): string {
  return `${trimSlash(resourceManagerEndpoint)}/.default`;
}

/** A short name for labels: "Azure", "Azure China", "Azure US Government", or the custom host. */
export function cloudDisplayName(cloud: CloudName, authorityHost: string): string {
  switch (cloud) {
    case 'AzureCloud':
      return 'Azure';
    case 'AzureChinaCloud':
      return 'Azure China';
    case 'AzureUSGovernment':
      return 'Azure US Government';
    case 'AzureGermanCloud':
      return 'Azure Germany';
    case 'custom':
      return hostOf(authorityHost);
  }
}

function hostOf(url: string): string {
  try {
    return new URL(/^[a-z]+:\/\//i.test(url) ? url : `https://${url}`).host.toLowerCase();
  } catch {
    return url.toLowerCase();
  }
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
