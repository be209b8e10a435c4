// EnvironmentCredential: a service principal or user configured by environment variables, read when the
// credential is built, in the reference's precedence:
//   1. AZURE_TENANT_ID + AZURE_CLIENT_ID + AZURE_CLIENT_SECRET            → ClientSecretCredential
//   2. AZURE_TENANT_ID + AZURE_CLIENT_ID + AZURE_CLIENT_CERTIFICATE_PATH  → CertificateCredential
//      (+ AZURE_CLIENT_CERTIFICATE_PASSWORD, AZURE_CLIENT_SEND_CERTIFICATE_CHAIN)
//   3. AZURE_CLIENT_ID + AZURE_USERNAME + AZURE_PASSWORD (+ AZURE_TENANT_ID, default organizations)
//                                                                        → UsernamePasswordCredential
// AZURE_ADDITIONALLY_ALLOWED_TENANTS (";"-separated) extends the tenants the credential may serve.
import { CredentialUnavailableError, errorMessage } from '../errors';
import { emitCredentialEvent, hasCredentialEventListeners } from '../events';
import { createCredentialLogger } from '../logger';
import type { AccessToken, AuthorityValidationOptions, CredentialPersistenceOptions, GetTokenOptions, MultiTenantTokenCredentialOptions, TokenCredential } from '../types';
import { CertificateCredential } from './certificateCredential';
import { chainHint, type ChainHint } from './chainedTokenCredential';
import { ClientSecretCredential } from './clientSecretCredential';
import { UsernamePasswordCredential } from './usernamePasswordCredential';

export interface EnvironmentCredentialOptions extends MultiTenantTokenCredentialOptions, AuthorityValidationOptions, CredentialPersistenceOptions {
  /** Where the variables are read from. Default `process.env`. */
  environment?: NodeJS.ProcessEnv;
}

/** Every variable EnvironmentCredential reads. */
export const ENVIRONMENT_CREDENTIAL_VARIABLES = [
  'AZURE_TENANT_ID',
  'AZURE_CLIENT_ID',
  'AZURE_CLIENT_SECRET',
  'AZURE_CLIENT_CERTIFICATE_PATH',
  'AZURE_CLIENT_CERTIFICATE_PASSWORD',
  'AZURE_CLIENT_SEND_CERTIFICATE_CHAIN',
  'AZURE_USERNAME',
  'AZURE_PASSWORD',
  'AZURE_ADDITIONALLY_ALLOWED_TENANTS',
] as const;

const CREDENTIAL_NAME = 'EnvironmentCredential';

export type EnvironmentCredentialKind = 'ClientSecretCredential' | 'CertificateCredential' | 'UsernamePasswordCredential';

export class EnvironmentCredential implements TokenCredential {
  readonly credentialName = CREDENTIAL_NAME;
  /** Which credential the variables configure, if any. */
  readonly configuredAs: EnvironmentCredentialKind | undefined;
  private readonly inner: TokenCredential | undefined;
  private readonly unavailableMessage: string;
  private readonly options: EnvironmentCredentialOptions;

  constructor(options: EnvironmentCredentialOptions = {}) {
    this.options = options;
    const env = options.environment ?? process.env;
    const value = (name: string): string | undefined => {
      const v = env[name]?.trim();
      return v ? v : undefined;
    };
    const logger = createCredentialLogger(CREDENTIAL_NAME, options.logSink);
    const tenantId = value('AZURE_TENANT_ID');
    const clientId = value('AZURE_CLIENT_ID');
    const secret = value('AZURE_CLIENT_SECRET');
    const certificatePath = value('AZURE_CLIENT_CERTIFICATE_PATH');
    const username = value('AZURE_USERNAME');
    const password = value('AZURE_PASSWORD');
    const allowed = value('AZURE_ADDITIONALLY_ALLOWED_TENANTS')?.split(';').map((t) => t.trim()).filter(Boolean);
    const innerOptions = { ...options, additionallyAllowedTenants: [...(options.additionallyAllowedTenants ?? []), ...(allowed ?? [])] };
    delete (innerOptions as { environment?: unknown }).environment;
    const present = ENVIRONMENT_CREDENTIAL_VARIABLES.filter((name) => value(name) !== undefined);
    logger.info(`Found these environment variables: ${present.join(', ') || 'none'}.`);

    if (tenantId && clientId && secret) {
      this.configuredAs = 'ClientSecretCredential';
      this.inner = new ClientSecretCredential(tenantId, clientId, secret, innerOptions);
    } else if (tenantId && clientId && certificatePath) {
      this.configuredAs = 'CertificateCredential';
      const chain = (value('AZURE_CLIENT_SEND_CERTIFICATE_CHAIN') ?? '').toLowerCase();
      this.inner = new CertificateCredential(
        tenantId,
        clientId,
        { certificatePath, certificatePassword: value('AZURE_CLIENT_CERTIFICATE_PASSWORD') },
        { ...innerOptions, sendCertificateChain: chain === 'true' || chain === '1' },
      );
    } else if (clientId && username && password) {
      this.configuredAs = 'UsernamePasswordCredential';
      logger.warning('The environment configures username and password sign-in, which cannot satisfy multi-factor authentication. Prefer a more secure credential.');
      this.inner = new UsernamePasswordCredential(tenantId ?? 'organizations', clientId, username, password, innerOptions);
    }
    if (this.configuredAs) logger.info(`Using ${this.configuredAs} configured by environment variables.`);
    this.unavailableMessage = describeMissing(value);
  }

  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    if (this.inner) return this.inner.getToken(scopes, options) as Promise<AccessToken>;
    const error = new CredentialUnavailableError(this.unavailableMessage);
    if (hasCredentialEventListeners(this.options.onCredentialEvent)) {
      const now = Date.now();
      emitCredentialEvent(
        {
          credential: CREDENTIAL_NAME,
          outcome: 'unavailable',
          durationMs: 0,
          cached: false,
          scopes: typeof scopes === 'string' ? [scopes] : [...scopes],
          tenantId: options?.tenantId,
          reason: errorMessage(error),
          errorName: error.name,
          timestamp: now,
        },
        this.options.onCredentialEvent,
      );
    }
    return Promise.reject(error);
  }

  [chainHint](): ChainHint {
    return { availability: this.inner ? 'available' : 'unavailable', speculative: false };
  }
}

/** Names what is missing for the configuration the variables come closest to. */
function describeMissing(value: (name: string) => string | undefined): string {
  const missing = (names: string[]): string[] => names.filter((n) => value(n) === undefined);
  const options = [
    missing(['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET']),
    missing(['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_CERTIFICATE_PATH']),
    missing(['AZURE_CLIENT_ID', 'AZURE_USERNAME', 'AZURE_PASSWORD']),
  ];
  const closest = options.reduce((best, current) => (current.length < best.length ? current : best));
  const nothingSet = options.every((o) => o.length === 3);
  const detail = nothingSet
    ? 'None of its variables are set: set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH), or AZURE_CLIENT_ID, AZURE_USERNAME and AZURE_PASSWORD.'
    : `Missing: ${closest.join(', ')}.`;
  return `EnvironmentCredential is unavailable. Environment variables are not fully configured. ${detail} To troubleshoot, visit https://aka.ms/azsdk/js/identity/environmentcredential/troubleshoot.`;
}
