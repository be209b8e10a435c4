// The few lines every credential's constructor repeats: its logger and its TokenRunner, built from the
// common options. Credentials of either library issue (#3 and #4) start here.
import { createCredentialLogger, type CredentialLogger } from './logger';
import { TokenRunner, type TokenAcquirer } from './tokenRunner';
import type { MultiTenantTokenCredentialOptions } from './types';

export interface CredentialSetup {
  logger: CredentialLogger;
  runner: TokenRunner;
}

export function setUpCredential(
  credentialName: string,
  options: MultiTenantTokenCredentialOptions | undefined,
  params: { tenantId: string | undefined; acquire: TokenAcquirer; maxScopes?: number },
): CredentialSetup {
  const logger = createCredentialLogger(credentialName, options?.logSink);
  return { logger, runner: createTokenRunner(credentialName, options, { ...params, logger }) };
}

/** The runner alone, for a credential that made its logger first (the user credentials' base). */
export function createTokenRunner(
  credentialName: string,
  options: MultiTenantTokenCredentialOptions | undefined,
  params: { tenantId: string | undefined; acquire: TokenAcquirer; logger: CredentialLogger; maxScopes?: number },
): TokenRunner {
  return new TokenRunner({
    credentialName,
    tenantId: params.tenantId,
    additionallyAllowedTenants: options?.additionallyAllowedTenants,
    maxScopes: params.maxScopes,
    logger: params.logger,
    onCredentialEvent: options?.onCredentialEvent,
    clock: options?.clock,
    acquire: params.acquire,
  });
}
