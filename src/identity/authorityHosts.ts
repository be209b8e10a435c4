// The clouds' authority hosts, and the one rule for picking a credential's host: the option, else
// AZURE_AUTHORITY_HOST, else the public cloud. Hosts are validated as https URLs.
import { InvalidArgumentError } from './errors';

/** Authority hosts of the Azure clouds (full URLs, as @azure/identity spells them). */
export enum AzureAuthorityHosts {
  AzureChina = 'https://login.chinacloudapi.cn',
  /** Retired cloud, kept so existing configuration still parses. */
  AzureGermany = 'https://login.microsoftonline.de',
  AzureGovernment = 'https://login.microsoftonline.us',
  AzurePublicCloud = 'https://login.microsoftonline.com',
}

/** The Python library's names for the same hosts (bare host names, as azure.identity spells them). */
export const KnownAuthorities = {
  AZURE_CHINA: 'login.chinacloudapi.cn',
  AZURE_GERMANY: 'login.microsoftonline.de',
  AZURE_GOVERNMENT: 'login.microsoftonline.us',
  AZURE_PUBLIC_CLOUD: 'login.microsoftonline.com',
} as const;

export const DEFAULT_AUTHORITY_HOST = AzureAuthorityHosts.AzurePublicCloud;

/** Hosts Microsoft's instance discovery knows; anything else needs `disableInstanceDiscovery`. */
const microsoftHosts = new Set<string>([
  'login.microsoftonline.com',
  'login.windows.net',
  'login.microsoft.com',
  'sts.windows.net',
  'login.chinacloudapi.cn',
  'login.partner.microsoftonline.cn',
  'login.microsoftonline.us',
  'login.usgovcloudapi.net',
  'login-us.microsoftonline.com',
  'login.microsoftonline.de',
]);

/**
 * The authority host to use, normalized to `https://host[:port]` without a trailing slash.
 * A bare host name (`login.microsoftonline.us`, the Python spelling) is accepted and given `https://`.
 */
export function resolveAuthorityHost(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.AZURE_AUTHORITY_HOST;
  const raw = option ?? (fromEnv && fromEnv.trim() !== '' ? fromEnv : undefined) ?? DEFAULT_AUTHORITY_HOST;
  return normalizeAuthorityHost(raw, option !== undefined ? 'authorityHost' : 'AZURE_AUTHORITY_HOST');
}

export function normalizeAuthorityHost(raw: string, source = 'authorityHost'): string {
  const text = raw.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new InvalidArgumentError(source, `The authority host "${raw}" is not a valid URL. Use an https URL such as ${DEFAULT_AUTHORITY_HOST}.`);
  }
  if (url.protocol !== 'https:') {
    throw new InvalidArgumentError(source, `The authority host "${raw}" must use https. Use an https URL such as ${DEFAULT_AUTHORITY_HOST}.`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new InvalidArgumentError(source, `The authority host "${raw}" must not carry credentials, a query or a fragment.`);
  }
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}`;
}

/** `host[:port]` of an authority host URL: what MSAL calls the environment and records call `authority`. */
export function authorityHostName(authorityHost: string): string {
  return new URL(authorityHost).host;
}

/** Whether Microsoft's instance discovery knows this host (so it may stay on). */
export function isMicrosoftAuthorityHost(authorityHost: string): boolean {
  return microsoftHosts.has(new URL(authorityHost).hostname.toLowerCase());
}

/** The ARM management scope of a cloud, used as the default scope of `authenticate()`. */
export function defaultManagementScope(authorityHost: string): string {
  const host = new URL(authorityHost).hostname.toLowerCase();
  if (host === 'login.chinacloudapi.cn') return 'https://management.chinacloudapi.cn/.default';
  if (host === 'login.microsoftonline.us') return 'https://management.usgovcloudapi.net/.default';
  if (host === 'login.microsoftonline.de') return 'https://management.microsoftazure.de/.default';
  return 'https://management.azure.com/.default';
}
