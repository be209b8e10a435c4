// Reads who a token belongs to, for labels in the Accounts menu and tree. The token is not verified here:
// it came straight from the authority or a trusted tool and only names the account, it grants nothing.
import type { NonSecretClaims } from './accountServiceContract';

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


/** The claims the tree may show on hover. The token itself and every other claim stay out. */
export function nonSecretClaims(token: string): NonSecretClaims {
  const payload = token.split('.')[1];
  if (!payload) return {};
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
  const text = (name: string) => (typeof claims[name] === 'string' ? (claims[name] as string) : undefined);
  const list = (name: string) => (Array.isArray(claims[name]) ? (claims[name] as unknown[]).filter((x): x is string => typeof x === 'string') : undefined);
  return {
    aud: text('aud'),
    scp: text('scp'),
    roles: list('roles'),
    tid: text('tid'),
    oid: text('oid'),
    upn: text('upn') ?? text('preferred_username'),
    exp: typeof claims.exp === 'number' ? claims.exp : undefined,
    acrs: list('acrs'),
    xms_cc: list('xms_cc'),
  };
}

/** The `name` claim (display name) of a token, when it has one. */
export function displayNameFromToken(token: string): string | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    return typeof claims.name === 'string' ? claims.name : undefined;
  } catch {
    return undefined;
  }
}
