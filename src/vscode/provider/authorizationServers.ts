// Which OAuth authorization servers the provider claims for VS Code's MCP client, and the matching the workbench
// does with them (its `match(glob, uri.toString(true), { ignoreCase: true })`): `*` is any run of characters but
// `/`, `**` any run at all, `?` one character but `/`. The manifest's `authorizationServerGlobs` and the
// registration's `supportedAuthorizationServers` both come from here. Plain TypeScript (vscode-uri, no vscode).
import { URI } from 'vscode-uri';

/**
 * Entra authority hosts of the public, US Government and China clouds. The built-in `microsoft` provider
 * claims only login.microsoftonline.com; `microsoft-sovereign-cloud` claims none.
 */
export const ENTRA_AUTHORITY_HOSTS: readonly string[] = [
  'https://login.microsoftonline.com',
  'https://login.microsoftonline.us',
  'https://login.chinacloudapi.cn',
  'https://login.partner.microsoftonline.cn',
];

/** The cloud each host belongs to, and hosts that are aliases of another (same accounts, same tokens). */
const HOST_ALIASES: Record<string, string> = {
  'login.windows.net': 'login.microsoftonline.com',
  'login.microsoft.com': 'login.microsoftonline.com',
  'sts.windows.net': 'login.microsoftonline.com',
  'login.partner.microsoftonline.cn': 'login.chinacloudapi.cn',
  'login.usgovcloudapi.net': 'login.microsoftonline.us',
  'login-us.microsoftonline.com': 'login.microsoftonline.us',
};

/** The globs for one authority host: `https://<host>/*` (v1 style) and `https://<host>/*\/v2.0` (v2 issuers). */
export function globsForAuthorityHost(authorityHost: string): string[] {
  const base = normaliseHost(authorityHost);
  return [`${base}/*`, `${base}/*/v2.0`, `${base}/*/v2.0/`];
}

/** Every glob the provider claims: the Entra clouds plus the configured custom authority, without duplicates. */
export function authorizationServerGlobs(customAuthorityHost?: string): string[] {
  const hosts = [...ENTRA_AUTHORITY_HOSTS, ...(customAuthorityHost ? [customAuthorityHost] : [])];
  return [...new Set(hosts.flatMap(globsForAuthorityHost))];
}

/** `https://host[:port][/path]`, lower-case host, no trailing slash. Throws for a value that is no https URL. */
function normaliseHost(authorityHost: string): string {
  const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(authorityHost.trim()) ? authorityHost.trim() : `https://${authorityHost.trim()}`);
  if (url.protocol !== 'https:') throw new Error(`The authority host "${authorityHost}" must be an https URL.`);
  return `https://${url.host.toLowerCase()}${url.pathname.replace(/\/+$/, '')}`;
}

function globToRegExp(glob: string): RegExp {
  let pattern = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        pattern += '.*';
        i++;
      } else {
        pattern += '[^/]*';
      }
    } else if (c === '?') {
      pattern += '[^/]';
    } else {
      pattern += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${pattern}$`, 'i');
}

/** The string the workbench matches globs against: vscode-uri's `toString(true)`, as URI.toString does there. */
export function authorizationServerString(authorizationServer: string): string {
  return URI.parse(authorizationServer).toString(true);
}

/** Whether a glob matches an authorization server URI, with the workbench's rules. */
export function globMatches(glob: string, authorizationServer: string): boolean {
  const value = authorizationServerString(authorizationServer);
  const globValue = URI.parse(glob).toString(true);
  return globValue.toLowerCase() === value.toLowerCase() || globToRegExp(globValue).test(value);
}

/** The first glob that matches, or undefined: "is this authorization server one the provider claims?". */
export function matchingGlob(globs: readonly string[], authorizationServer: string): string | undefined {
  return globs.find((glob) => globMatches(glob, authorizationServer));
}

/**
 * The authority host an authorization server lives on, with aliases folded to their cloud's host
 * (`https://login.windows.net/x` → `https://login.microsoftonline.com`). Accounts of that host serve it.
 */
export function authorityHostOfServer(authorizationServer: string): string {
  const url = new URL(authorizationServer);
  const host = url.host.toLowerCase();
  return `https://${HOST_ALIASES[host] ?? host}`;
}

/** Whether two authority hosts are the same cloud (aliases folded, case and trailing slash ignored). */
export function sameAuthorityHost(a: string, b: string): boolean {
  const fold = (value: string) => {
    const host = new URL(value).host.toLowerCase();
    return HOST_ALIASES[host] ?? host;
  };
  try {
    return fold(a) === fold(b);
  } catch {
    return false;
  }
}
