// The one base of the credentials that take the identity a developer tool signed in with — the Azure CLI,
// Azure PowerShell, the Azure Developer CLI and VS Code (through the Azure Identity extension). Each gets a
// token by its own means (`acquire`: run the tool, or ask the extension); the base builds the logger and the
// TokenRunner over that acquirer (tenant rules, scope limits, caching until the refresh time, one run for
// concurrent callers), serves getToken through the runner, and tells a chain what such a credential is: one
// whose availability only trying tells (the tool may be missing or signed out), started speculatively.
import { setUpCredential } from '../credentialSetup';
import type { CredentialLogger } from '../logger';
import type { TokenRequest, TokenRunner } from '../tokenRunner';
import type { AccessToken, GetTokenOptions, MultiTenantTokenCredentialOptions, TokenCredential } from '../types';
import { chainHint, type ChainHint } from './chainedTokenCredential';

export interface DeveloperToolSetup {
  /** The configured tenant, already validated; undefined for the tool's own. */
  tenantId: string | undefined;
  /** How many scopes one request may carry (a tool that takes a resource takes one). */
  maxScopes?: number;
}

export abstract class DeveloperToolCredential implements TokenCredential {
  readonly credentialName: string;
  protected readonly logger: CredentialLogger;
  protected readonly runner: TokenRunner;

  /** Subclasses validate their options before calling this; `acquire` runs only from getToken, after construction. */
  protected constructor(credentialName: string, options: MultiTenantTokenCredentialOptions | undefined, setup: DeveloperToolSetup) {
    this.credentialName = credentialName;
    const { logger, runner } = setUpCredential(credentialName, options, { ...setup, acquire: (request) => this.acquire(request) });
    this.logger = logger;
    this.runner = runner;
  }

  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    return this.runner.getToken(scopes, options);
  }

  /** For chains: the tool may be missing or signed out, which only running it tells. */
  [chainHint](): ChainHint {
    return { availability: 'unknown', speculative: true };
  }

  /** One token from the tool, for a request the runner has already checked (scopes, tenant, claims). */
  protected abstract acquire(request: TokenRequest): Promise<AccessToken>;
}
