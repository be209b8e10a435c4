// Reads who a token belongs to, for labels in the Accounts menu and tree. The token is not verified here:
// it came straight from the authority or a trusted tool and only names the account, it grants nothing.
export interface TokenIdentity {
  readonly objectId?: string;
  readonly tenantId?: string;
  /** upn / preferred_username / unique_name for people; undefined for service principals and identities. */
  readonly username?: string;
  /** appid / azp: the application a service principal token was issued to. */
  readonly appId?: string;
}

export function identityFromToken(token: string): TokenIdentity {
  const payload = token.split('.')[1];
  if (!payload) return {};
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const text = (name: string) => (typeof claims[name] === 'string' ? (claims[name] as string) : undefined);
    return {
      objectId: text('oid'),
      tenantId: text('tid'),
      username: text('upn') ?? text('preferred_username') ?? text('unique_name'),
      appId: text('appid') ?? text('azp'),
    };
  } catch {
    return {};
  }
}
