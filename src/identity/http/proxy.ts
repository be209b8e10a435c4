// The proxy a request goes through, from the variables every HTTP tool reads: HTTPS_PROXY for https URLs,
// HTTP_PROXY for http URLs (lower-case spellings too, upper case first), and NO_PROXY's exceptions. Loopback
// and link-local hosts (IMDS at 169.254.169.254, App Service and Arc endpoints on localhost) are always
// reached directly: a proxy elsewhere cannot reach them, and a managed-identity token must never travel
// through one.
import { describeProxy } from './redact';

export interface ProxyTarget {
  url: URL;
  /** `Basic …` from the proxy URL's user info, if it has one. */
  authorization?: string;
  /** Safe to show: no user info. */
  display: string;
}

export function proxyFor(target: URL, env: NodeJS.ProcessEnv): ProxyTarget | undefined {
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isLocal(host)) return undefined;
  const raw = target.protocol === 'https:' ? variable(env, 'HTTPS_PROXY') : variable(env, 'HTTP_PROXY');
  if (!raw) return undefined;
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  if (excluded(host, port, variable(env, 'NO_PROXY'))) return undefined;
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:') return undefined; // only plain-HTTP proxies (CONNECT for https targets)
  const authorization = url.username
    ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`
    : undefined;
  return { url, authorization, display: describeProxy(url) };
}

function variable(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name] ?? env[name.toLowerCase()];
  return value && value.trim() !== '' ? value.trim() : undefined;
}

function isLocal(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || /^169\.254\./.test(host) || host === '::1' || /^fe80:/i.test(host);
}

/** NO_PROXY: `*`, or a comma/space list of hosts, `.domain` / `*.domain` suffixes, and `host:port` entries. */
function excluded(host: string, port: string, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  for (const entry of noProxy.split(/[,\s]+/)) {
    let rule = entry.trim().toLowerCase();
    if (!rule) continue;
    if (rule === '*') return true;
    const colon = rule.lastIndexOf(':');
    if (colon > 0 && /^\d+$/.test(rule.slice(colon + 1)) && !rule.includes(']')) {
      if (rule.slice(colon + 1) !== port) continue;
      rule = rule.slice(0, colon);
    }
    rule = rule.replace(/^\*/, '');
    if (rule.startsWith('.') ? host.endsWith(rule) || host === rule.slice(1) : host === rule || host.endsWith(`.${rule}`)) return true;
  }
  return false;
}
