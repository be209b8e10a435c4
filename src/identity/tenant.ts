// Tenant ids: validation, the defaults the reference libraries use, and per-request tenant resolution with
// the `additionallyAllowedTenants` allow-list. Messages follow @azure/identity's so users can search them.
import { InvalidArgumentError } from './errors';

/** The developer sign-on (Azure CLI) client id, the reference's default for user credentials. */
export const DEVELOPER_SIGN_ON_CLIENT_ID = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';

/** Names that address a group of tenants rather than one tenant. */
export const MULTI_TENANT_NAMES: readonly string[] = ['organizations', 'common', 'consumers'];

const TENANT_ID_PATTERN = /^[0-9a-zA-Z-.]+$/;
const INVALID_TENANT_MESSAGE =
  'Invalid tenant id provided. You can locate your tenant id by following the instructions listed here: https://learn.microsoft.com/partner-center/find-ids-and-domain-names';

/** Throws InvalidArgumentError unless `tenantId` is a GUID, a domain, `adfs`, or a multi-tenant name. */
export function checkTenantId(tenantId: string, argument = 'tenantId'): void {
  if (!TENANT_ID_PATTERN.test(tenantId)) {
    throw new InvalidArgumentError(argument, `${INVALID_TENANT_MESSAGE} (got "${printable(tenantId)}"; only letters, digits, "-" and "." are allowed).`);
  }
}

/** The tenant a credential uses when none is configured: `organizations` for the developer client, else `common`. */
function defaultTenantFor(clientId: string | undefined): string {
  return clientId === undefined || clientId === DEVELOPER_SIGN_ON_CLIENT_ID ? 'organizations' : 'common';
}

/** Validates and returns the configured tenant, or the default for the client. */
export function resolveConfiguredTenant(tenantId: string | undefined, clientId: string | undefined): string {
  if (tenantId === undefined || tenantId === '') return defaultTenantFor(clientId);
  checkTenantId(tenantId);
  return tenantId;
}

function isMultiTenantAuthDisabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.AZURE_IDENTITY_DISABLE_MULTITENANTAUTH;
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/** Normalizes the allow-list; rejects malformed entries early so the mistake shows at construction. */
export function normalizeAllowedTenants(tenants: readonly string[] | undefined): readonly string[] {
  if (!tenants) return [];
  for (const tenant of tenants) {
    if (tenant !== '*') checkTenantId(tenant, 'additionallyAllowedTenants');
  }
  return [...tenants];
}

/**
 * The tenant one request goes to. A requested tenant other than the configured one must be allowed by
 * `additionallyAllowedTenants` ("*" allows any); AZURE_IDENTITY_DISABLE_MULTITENANTAUTH and the `adfs`
 * tenant pin every request to the configured tenant.
 */
export function resolveRequestTenant<T extends string | undefined>(
  configuredTenant: T,
  requestedTenant: string | undefined,
  allowedTenants: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): T | string {
  if (requestedTenant === undefined || requestedTenant === configuredTenant) return configuredTenant;
  if (configuredTenant === 'adfs' || isMultiTenantAuthDisabled(env)) return configuredTenant;
  checkTenantId(requestedTenant);
  // A credential without a tenant of its own (a developer tool's) follows whatever tenant is asked for.
  if (configuredTenant === undefined) return requestedTenant;
  if (allowedTenants.includes('*') || allowedTenants.some((t) => t.toLowerCase() === requestedTenant.toLowerCase())) {
    return requestedTenant;
  }
  throw new InvalidArgumentError(
    'tenantId',
    `The current credential is not configured to acquire tokens for tenant ${requestedTenant}. To enable acquiring tokens for this tenant add it to the AdditionallyAllowedTenants on the credential options, or add "*" to AdditionallyAllowedTenants to allow acquiring tokens for any tenant.`,
  );
}

// Shows what was wrong without echoing control characters or an endless string into a log.
function printable(value: string): string {
  const cleaned = value.replace(/[^\x20-\x7e]/g, '?');
  return cleaned.length > 80 ? `${cleaned.slice(0, 77)}...` : cleaned;
}
