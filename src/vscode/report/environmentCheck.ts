// What the AZURE_* variables set up, read the way EnvironmentCredential and workload identity read them, and
// what is missing in words a person acts on ("AZURE_CLIENT_ID is set but AZURE_TENANT_ID is not").
import * as fs from 'node:fs';
import { t } from './localize';

export type EnvironmentKind = 'clientSecret' | 'clientCertificate' | 'usernamePassword';

export interface EnvironmentCheck {
  /** The service principal or user the variables configure for EnvironmentCredential, if complete. */
  readonly configuredAs?: EnvironmentKind;
  /** Why EnvironmentCredential is not (fully) configured; empty when it is, or when nothing is set. */
  readonly problems: readonly string[];
  /** Names of the AZURE_* variables that are set (never their values). */
  readonly present: readonly string[];
}

export interface WorkloadIdentityCheck {
  readonly configured: boolean;
  readonly problems: readonly string[];
}

const ENVIRONMENT_VARIABLES = [
  'AZURE_TENANT_ID',
  'AZURE_CLIENT_ID',
  'AZURE_CLIENT_SECRET',
  'AZURE_CLIENT_CERTIFICATE_PATH',
  'AZURE_CLIENT_CERTIFICATE_PASSWORD',
  'AZURE_USERNAME',
  'AZURE_PASSWORD',
  'AZURE_FEDERATED_TOKEN_FILE',
  'AZURE_AUTHORITY_HOST',
  'AZURE_TOKEN_CREDENTIALS',
] as const;

type Env = Readonly<Record<string, string | undefined>>;

function has(env: Env, name: string): boolean {
  return Boolean(env[name]?.trim());
}

function missingOf(env: Env, names: readonly string[]): string[] {
  return names.filter((n) => !has(env, n));
}

function listed(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : t('{0} and {1}', names.slice(0, -1).join(', '), names[names.length - 1]);
}

export function checkEnvironment(env: Env, fileExists: (path: string) => boolean = fs.existsSync): EnvironmentCheck {
  const present = ENVIRONMENT_VARIABLES.filter((n) => has(env, n));
  const problems: string[] = [];
  const tenant = has(env, 'AZURE_TENANT_ID');
  const client = has(env, 'AZURE_CLIENT_ID');
  const secret = has(env, 'AZURE_CLIENT_SECRET');
  const certificate = has(env, 'AZURE_CLIENT_CERTIFICATE_PATH');
  const username = has(env, 'AZURE_USERNAME');
  const password = has(env, 'AZURE_PASSWORD');

  // EnvironmentCredential's precedence: secret, then certificate, then username and password.
  if (tenant && client && secret) return { configuredAs: 'clientSecret', problems, present };
  if (tenant && client && certificate) {
    const path = env.AZURE_CLIENT_CERTIFICATE_PATH?.trim() ?? '';
    if (!fileExists(path)) problems.push(t('AZURE_CLIENT_CERTIFICATE_PATH names {0}, which does not exist.', path));
    return { configuredAs: 'clientCertificate', problems, present };
  }
  if (client && username && password) return { configuredAs: 'usernamePassword', problems, present };

  if (secret || certificate) {
    const missing = missingOf(env, ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID']);
    problems.push(missing.length > 1 ? t('{0} is set but {1} are not.', secret ? 'AZURE_CLIENT_SECRET' : 'AZURE_CLIENT_CERTIFICATE_PATH', listed(missing)) : t('{0} is set but {1} is not.', secret ? 'AZURE_CLIENT_SECRET' : 'AZURE_CLIENT_CERTIFICATE_PATH', listed(missing)));
  } else if (username || password) {
    const missing = missingOf(env, ['AZURE_CLIENT_ID', 'AZURE_USERNAME', 'AZURE_PASSWORD']);
    problems.push(missing.length > 1 ? t('{0} is set but {1} are not.', username ? 'AZURE_USERNAME' : 'AZURE_PASSWORD', listed(missing)) : t('{0} is set but {1} is not.', username ? 'AZURE_USERNAME' : 'AZURE_PASSWORD', listed(missing)));
  } else if (client && !tenant) {
    problems.push(t('AZURE_CLIENT_ID is set but AZURE_TENANT_ID is not.'));
  } else if (tenant && client && !has(env, 'AZURE_FEDERATED_TOKEN_FILE')) {
    problems.push(t('AZURE_TENANT_ID and AZURE_CLIENT_ID are set but neither AZURE_CLIENT_SECRET nor AZURE_CLIENT_CERTIFICATE_PATH is.'));
  }
  return { problems, present };
}

export function checkWorkloadIdentity(env: Env, fileExists: (path: string) => boolean = fs.existsSync): WorkloadIdentityCheck {
  if (!has(env, 'AZURE_FEDERATED_TOKEN_FILE')) return { configured: false, problems: [] };
  const problems: string[] = [];
  const missing = missingOf(env, ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID']);
  if (missing.length > 0) problems.push(missing.length > 1 ? t('{0} is set but {1} are not.', 'AZURE_FEDERATED_TOKEN_FILE', listed(missing)) : t('{0} is set but {1} is not.', 'AZURE_FEDERATED_TOKEN_FILE', listed(missing)));
  const file = env.AZURE_FEDERATED_TOKEN_FILE?.trim() ?? '';
  if (!fileExists(file)) problems.push(t('AZURE_FEDERATED_TOKEN_FILE names {0}, which does not exist.', file));
  return { configured: problems.length === 0, problems };
}
