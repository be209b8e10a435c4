// What the extension remembers of a signed-in account. No token and no secret: a user account is found again
// through its AuthenticationRecord, a tool account (Azure CLI, environment, managed identity) by asking the
// tool again.
import type { AuthenticationRecordData } from '../../identity/index';
import type { SignInMethodId } from '../settings';

export interface StoredAccount {
  /** Stable id: the record's homeAccountId for users, `<method>:<object id>.<tenant>` for tool accounts. */
  readonly id: string;
  /** What the Accounts menu shows: the user name, or the tool and the identity it holds. */
  readonly label: string;
  /** How the account signed in, so it signs in the same way when a token is needed. */
  readonly method: SignInMethodId;
  readonly authorityHost: string;
  readonly tenantId: string;
  readonly clientId: string;
  /** The AuthenticationRecord of a user sign-in (browser, device code). */
  readonly record?: AuthenticationRecordData;
  /** When it signed in, in ms since the epoch. */
  readonly signedInAt: number;
}

const METHOD_LABELS: Record<SignInMethodId, string> = {
  interactiveBrowser: 'browser',
  deviceCode: 'device code',
  azureCli: 'Azure CLI',
  azurePowerShell: 'Azure PowerShell',
  environment: 'environment',
  managedIdentity: 'managed identity',
};

export function describeMethod(method: SignInMethodId): string {
  return METHOD_LABELS[method];
}

/** Parses what SecretStorage held; anything malformed is dropped, and the caller says so. */
export function parseStoredAccounts(raw: string | undefined): { accounts: StoredAccount[]; dropped: number } {
  if (!raw) return { accounts: [], dropped: 0 };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { accounts: [], dropped: 1 };
  }
  if (!Array.isArray(parsed)) return { accounts: [], dropped: 1 };
  const accounts = parsed.filter(isStoredAccount);
  return { accounts, dropped: parsed.length - accounts.length };
}

function isStoredAccount(value: unknown): value is StoredAccount {
  const v = value as Partial<StoredAccount> | null;
  return (
    typeof v === 'object' && v !== null &&
    typeof v.id === 'string' && typeof v.label === 'string' && typeof v.method === 'string' &&
    typeof v.authorityHost === 'string' && typeof v.tenantId === 'string' && typeof v.clientId === 'string' &&
    typeof v.signedInAt === 'number'
  );
}
