// Workload identity (AKS and any Kubernetes with federation): the service-account token Kubernetes writes to
// AZURE_FEDERATED_TOKEN_FILE is the app's client assertion. The file is re-read at most every five minutes
// (as @azure/identity), since Kubernetes rotates it. Standalone here; ManagedIdentityCredential has its own
// workload-identity source for the same environment.
import { CredentialUnavailableError } from '../errors';
import { federatedTokenFileAssertion } from '../msal/clientAssertion';
import type { AssertionRequest, ClientAssertionSource } from '../msal/msalClient';
import { checkTenantId } from '../tenant';
import type { AccessToken, AuthorityValidationOptions, GetTokenOptions, MultiTenantTokenCredentialOptions, TokenCredential } from '../types';
import { chainHint, type ChainHint } from './chainedTokenCredential';
import { createAssertionRunner } from './clientAssertionCredential';
import type { TokenRunner } from '../tokenRunner';

export interface WorkloadIdentityCredentialOptions extends MultiTenantTokenCredentialOptions, AuthorityValidationOptions {
  /** The app's tenant; default AZURE_TENANT_ID. */
  tenantId?: string;
  /** The app (client) id; default AZURE_CLIENT_ID. */
  clientId?: string;
  /** The federated token file; default AZURE_FEDERATED_TOKEN_FILE. */
  tokenFilePath?: string;
}

const NAME = 'WorkloadIdentityCredential';
const TROUBLESHOOT = 'See the troubleshooting guide for more information: https://aka.ms/azsdk/js/identity/workloadidentitycredential/troubleshoot';
/** How long a read token is reused before the file is read again. */
const FILE_CACHE_MS = 5 * 60_000;

export class WorkloadIdentityCredential implements TokenCredential {
  readonly credentialName = NAME;
  private readonly runner: TokenRunner;
  private readonly readTokenFile: ClientAssertionSource;
  private fileContent: { value: string; readAt: number } | undefined;

  constructor(options: WorkloadIdentityCredentialOptions = {}) {
    const env = process.env;
    const tenantId = options.tenantId || env.AZURE_TENANT_ID;
    const clientId = options.clientId || env.AZURE_CLIENT_ID;
    const tokenFilePath = options.tokenFilePath || env.AZURE_FEDERATED_TOKEN_FILE;
    if (tenantId) checkTenantId(tenantId);
    const missing = (what: string, variable: string): CredentialUnavailableError =>
      new CredentialUnavailableError(
        `${NAME}: is unavailable. ${what} is a required parameter. In DefaultAzureCredential and ManagedIdentityCredential, this can be provided as an environment variable - "${variable}". ${TROUBLESHOOT}`,
      );
    if (!clientId) throw missing('clientId', 'AZURE_CLIENT_ID');
    if (!tenantId) throw missing('tenantId', 'AZURE_TENANT_ID');
    if (!tokenFilePath) throw missing('federatedTokenFilePath', 'AZURE_FEDERATED_TOKEN_FILE');
    this.readTokenFile = federatedTokenFileAssertion(tokenFilePath, NAME, options.tokenFilePath ? 'tokenFilePath' : 'AZURE_FEDERATED_TOKEN_FILE');
    this.runner = createAssertionRunner(NAME, tenantId, clientId, (request) => this.cachedTokenFile(request), options);
  }

  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    return this.runner.getToken(scopes, options);
  }

  /** For chains: configured means it will try (the file and the authority decide the rest). */
  [chainHint](): ChainHint {
    return { availability: 'available', speculative: false };
  }

  /** The file's token, read again once it is five minutes old (Kubernetes rotates it well before expiry). */
  private async cachedTokenFile(request: AssertionRequest): Promise<string> {
    const cached = this.fileContent;
    if (cached && Date.now() - cached.readAt < FILE_CACHE_MS) return cached.value;
    const value = await this.readTokenFile(request);
    this.fileContent = { value, readAt: Date.now() };
    return value;
  }
}
