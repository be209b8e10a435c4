// What of a request may appear in a log line or an error: the origin and path of a URL, never its query (a
// managed-identity client id, an authorization code), its body (secrets, assertions, refresh tokens) or the
// user name and password of a proxy URL.

/** `https://host[:port]/path`: the query string, the fragment and any credentials are left out. */
export function describeUrl(url: URL | string): string {
  try {
    const parsed = typeof url === 'string' ? new URL(url) : url;
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '<invalid url>';
  }
}

/** A proxy URL as it may be shown: scheme, host and port only. */
export function describeProxy(url: URL): string {
  return `${url.protocol}//${url.host}`;
}
