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

/**
 * The name a person knows the token's holder by, when the token carries one: a person's `name`; an app's
 * `app_displayname` (Entra's v1 tokens carry it); a managed identity's resource name, the last segment of its
 * `xms_mirid` resource id (a user-assigned identity's own name, or the VM or app a system-assigned one
 * belongs to: the name the portal shows for it). A GUID is what a label falls back to, not what it leads with.
 */
export function displayNameFromToken(token: string): string | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const text = (name: string) => (typeof claims[name] === 'string' && (claims[name] as string).trim() ? (claims[name] as string).trim() : undefined);
  return text('name') ?? text('app_displayname') ?? resourceName(text('xms_mirid'));
}

/** `/subscriptions/…/providers/Microsoft.Compute/virtualMachines/my-vm` → `my-vm`. */
function resourceName(resourceId: string | undefined): string | undefined {
  if (!resourceId) return undefined;
  const segments = resourceId.split('/').filter((x) => x.length > 0);
  return segments.length >= 2 ? segments[segments.length - 1] : undefined;
}
