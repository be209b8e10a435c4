// DefaultAzureCredential: the reference's chain — Environment, ManagedIdentity (workload identity included),
// SharedTokenCache (Windows only), VisualStudioCode, AzureCli, AzurePowerShell, AzureDeveloperCli (@azure/identity
// 4.13's order), and InteractiveBrowser when not excluded (it is by default). AZURE_TOKEN_CREDENTIALS narrows it to `prod`, `dev` or one credential.
//
// It remembers the credential that worked: later calls go straight to it (a cached token is then a map
// lookup in that credential), and only if it becomes unavailable is the whole chain tried again. Probes run
// concurrently where the chain allows it (see ChainedTokenCredential).
import { CredentialUnavailableError, errorMessage, InvalidArgumentError } from '../errors';
import { isCachedTokenPromise } from '../tokenCache';
import type { AccessToken, AuthorityValidationOptions, CredentialPersistenceOptions, GetTokenOptions, MultiTenantTokenCredentialOptions, TokenCredential } from '../types';
import { AzureCliCredential } from './azureCliCredential';
import { AzureDeveloperCliCredential } from './azureDeveloperCliCredential';
import { AzurePowerShellCredential } from './azurePowerShellCredential';
import { ChainedTokenCredential, isChainContinuing } from './chainedTokenCredential';
import { EnvironmentCredential } from './environmentCredential';
import { InteractiveBrowserCredential } from './interactiveBrowserCredential';
import { ManagedIdentityCredential, type ManagedIdentityCredentialOptions } from './managedIdentityCredential';
import { SharedTokenCacheCredential } from './sharedTokenCacheCredential';
import { VisualStudioCodeCredential } from './visualStudioCodeCredential';

/** Variables `requiredEnvVars` may name (the @azure/identity list). */
export type DefaultAzureCredentialEnvVars =
  | 'AZURE_TOKEN_CREDENTIALS'
  | 'AZURE_CLIENT_ID'
  | 'AZURE_TENANT_ID'
  | 'AZURE_CLIENT_SECRET'
  | 'AZURE_CLIENT_CERTIFICATE_PATH'
  | 'AZURE_CLIENT_CERTIFICATE_PASSWORD'
  | 'AZURE_ADDITIONALLY_ALLOWED_TENANTS'
  | 'AZURE_CLIENT_SEND_CERTIFICATE_CHAIN'
  | 'AZURE_FEDERATED_TOKEN_FILE';

export interface DefaultAzureCredentialOptions extends MultiTenantTokenCredentialOptions, AuthorityValidationOptions, CredentialPersistenceOptions {
  /** Tenant for the developer-tool and user credentials (not Environment or managed identity). */
  tenantId?: string;
  /** Client id of a user-assigned managed identity; default AZURE_CLIENT_ID. */
  managedIdentityClientId?: string;
  /** Resource id of a user-assigned managed identity. */
  managedIdentityResourceId?: string;
  /** Object id of a user-assigned managed identity. */
  managedIdentityObjectId?: string;
  /** Client id for workload identity; default AZURE_CLIENT_ID. */
  workloadIdentityClientId?: string;
  /** Milliseconds `az`, `pwsh` and `azd` may run. Default 10 000. */
  processTimeoutInMs?: number;
  /** Throws at construction unless every named variable is set and not empty. */
  requiredEnvVars?: DefaultAzureCredentialEnvVars | DefaultAzureCredentialEnvVars[];
  excludeEnvironmentCredential?: boolean;
  /** Excludes managed identity's workload-identity source (the federated token file). */
  excludeWorkloadIdentityCredential?: boolean;
  excludeManagedIdentityCredential?: boolean;
  /** Default true except on Windows, as the reference. */
  excludeSharedTokenCacheCredential?: boolean;
  excludeVisualStudioCodeCredential?: boolean;
  excludeAzureCliCredential?: boolean;
  excludeAzurePowerShellCredential?: boolean;
  excludeAzureDeveloperCliCredential?: boolean;
  /** Default true: a chain that opens a browser by itself surprises people. */
  excludeInteractiveBrowserCredential?: boolean;
  /** Tenant for InteractiveBrowserCredential; default tenantId, else AZURE_TENANT_ID. */
  interactiveBrowserTenantId?: string;
  /** Client id for InteractiveBrowserCredential; default the developer sign-on client. */
  interactiveBrowserClientId?: string;
  /** Username for SharedTokenCacheCredential; default AZURE_USERNAME. */
  sharedCacheUsername?: string;
  /** Tenant for SharedTokenCacheCredential; default AZURE_TENANT_ID. */
  sharedCacheTenantId?: string;
  /** Tenant for VisualStudioCodeCredential; default tenantId. */
  visualStudioCodeTenantId?: string;
  /** Managed identity: milliseconds the IMDS availability probe may take. Default 400. */
  managedIdentityProbeTimeoutInMs?: number;
  /** Managed identity: the IMDS base URL (tests, private networks). */
  imdsEndpoint?: string;
}

type Member =
  | 'EnvironmentCredential'
  | 'WorkloadIdentityCredential'
  | 'ManagedIdentityCredential'
  | 'SharedTokenCacheCredential'
  | 'VisualStudioCodeCredential'
  | 'AzureCliCredential'
  | 'AzurePowerShellCredential'
  | 'AzureDeveloperCliCredential'
  | 'InteractiveBrowserCredential';

const PROD: readonly Member[] = ['EnvironmentCredential', 'WorkloadIdentityCredential', 'ManagedIdentityCredential'];
const DEV: readonly Member[] = [
  'SharedTokenCacheCredential',
  'VisualStudioCodeCredential',
  'AzureCliCredential',
  'AzurePowerShellCredential',
  'AzureDeveloperCliCredential',
  'InteractiveBrowserCredential',
];
const SINGLE_NAMES: readonly Member[] = [
  'EnvironmentCredential',
  'WorkloadIdentityCredential',
  'ManagedIdentityCredential',
  'SharedTokenCacheCredential',
  'VisualStudioCodeCredential',
  'AzureCliCredential',
  'AzurePowerShellCredential',
  'AzureDeveloperCliCredential',
];

export class DefaultAzureCredential extends ChainedTokenCredential {
  override readonly credentialName: string = 'DefaultAzureCredential';
  /** The credential that gave the last token; tried first and alone while it stays available. */
  private winner: TokenCredential | undefined;

  constructor(options: DefaultAzureCredentialOptions = {}) {
    checkRequiredVariables(options.requiredEnvVars);
    super(...buildChain(options));
  }

  override getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    const winner = this.winner;
    if (winner === undefined) return this.runFullChain(scopes, options);
    const result = winner.getToken(scopes, options) as Promise<AccessToken>;
    // A cached token cannot fail: handed on as it is, the call costs what the winner's own call costs.
    if (isCachedTokenPromise(result)) return result;
    return result.catch((error: unknown) => {
      if (!isChainContinuing(error)) throw error;
      // The remembered credential stopped working (signed out, identity removed): ask the whole chain again.
      this.winner = undefined;
      return this.runFullChain(scopes, options);
    });
  }

  /** The credentials of this chain, in order (for diagnostics such as the extension's output panel). */
  get credentials(): readonly TokenCredential[] {
    return this.sources;
  }

  private async runFullChain(scopes: string | string[], options: GetTokenOptions | undefined): Promise<AccessToken> {
    const { token, credential } = await this.runChain(this.sources, scopes, options);
    this.winner = credential;
    return token;
  }
}

function buildChain(options: DefaultAzureCredentialOptions): TokenCredential[] {
  const env = process.env;
  const selected = selectMembers(env.AZURE_TOKEN_CREDENTIALS);
  const excluded = new Set<Member>();
  const exclude = (flag: boolean | undefined, member: Member): void => {
    if (flag) excluded.add(member);
  };
  exclude(options.excludeEnvironmentCredential, 'EnvironmentCredential');
  exclude(options.excludeWorkloadIdentityCredential, 'WorkloadIdentityCredential');
  exclude(options.excludeManagedIdentityCredential, 'ManagedIdentityCredential');
  exclude(options.excludeSharedTokenCacheCredential ?? process.platform !== 'win32', 'SharedTokenCacheCredential');
  exclude(options.excludeVisualStudioCodeCredential, 'VisualStudioCodeCredential');
  exclude(options.excludeAzureCliCredential, 'AzureCliCredential');
  exclude(options.excludeAzurePowerShellCredential, 'AzurePowerShellCredential');
  exclude(options.excludeAzureDeveloperCliCredential, 'AzureDeveloperCliCredential');
  exclude(options.excludeInteractiveBrowserCredential ?? true, 'InteractiveBrowserCredential');
  // A single credential named by AZURE_TOKEN_CREDENTIALS is used even where the default would leave it out.
  const single = selected.length === 1;
  const members = selected.filter((m) => !excluded.has(m) || (single && isDefaultExclusion(m, options)));

  const credentials: TokenCredential[] = [];
  // Workload identity is one of managed identity's sources: one credential serves both names, at the first's place.
  const wanted = {
    workload: members.includes('WorkloadIdentityCredential'),
    managed: members.includes('ManagedIdentityCredential'),
    single,
  };
  let managedIdentityAdded = false;
  for (const member of members) {
    if (member === 'WorkloadIdentityCredential' || member === 'ManagedIdentityCredential') {
      if (managedIdentityAdded) continue;
      managedIdentityAdded = true;
      credentials.push(create(wanted.managed ? 'ManagedIdentityCredential' : 'WorkloadIdentityCredential', () => createManagedIdentity(options, wanted)));
      continue;
    }
    credentials.push(create(member, () => createMember(member, options)));
  }
  if (credentials.length === 0) {
    credentials.push(new UnavailableCredential('DefaultAzureCredential', 'Every credential of DefaultAzureCredential is excluded by its options; remove an exclude* option.'));
  }
  return credentials;
}

/** True when `member` is left out only by default (not by an explicit exclude option). */
function isDefaultExclusion(member: Member, options: DefaultAzureCredentialOptions): boolean {
  if (member === 'SharedTokenCacheCredential') return options.excludeSharedTokenCacheCredential === undefined;
  if (member === 'InteractiveBrowserCredential') return options.excludeInteractiveBrowserCredential === undefined;
  return false;
}

function selectMembers(raw: string | undefined): Member[] {
  const value = raw?.trim().toLowerCase();
  if (!value) return [...PROD, ...DEV];
  if (value === 'prod') return [...PROD];
  if (value === 'dev') return [...DEV];
  const named = SINGLE_NAMES.find((name) => name.toLowerCase() === value);
  if (named) return [named];
  throw new InvalidArgumentError(
    'AZURE_TOKEN_CREDENTIALS',
    `Invalid value for AZURE_TOKEN_CREDENTIALS = ${(raw ?? '').slice(0, 80)}. Valid values are 'prod' or 'dev' or any of these credentials - ${SINGLE_NAMES.join(', ')}.`,
  );
}

function createMember(member: Member, options: DefaultAzureCredentialOptions): TokenCredential {
  const env = process.env;
  const common = {
    authorityHost: options.authorityHost,
    additionallyAllowedTenants: options.additionallyAllowedTenants,
    logSink: options.logSink,
    onCredentialEvent: options.onCredentialEvent,
    clock: options.clock,
  };
  switch (member) {
    case 'EnvironmentCredential':
      return new EnvironmentCredential({
        ...common,
        networkTimeoutInMs: options.networkTimeoutInMs,
        retryOptions: options.retryOptions,
        disableInstanceDiscovery: options.disableInstanceDiscovery,
        tokenCachePersistenceOptions: options.tokenCachePersistenceOptions,
      });
    case 'SharedTokenCacheCredential':
      return new SharedTokenCacheCredential({
        ...common,
        username: options.sharedCacheUsername ?? env.AZURE_USERNAME,
        tenantId: options.sharedCacheTenantId ?? env.AZURE_TENANT_ID,
      });
    case 'VisualStudioCodeCredential':
      return new VisualStudioCodeCredential({ ...common, tenantId: options.visualStudioCodeTenantId ?? options.tenantId });
    case 'AzureCliCredential':
      return new AzureCliCredential({ ...common, tenantId: options.tenantId, processTimeoutInMs: options.processTimeoutInMs });
    case 'AzurePowerShellCredential':
      return new AzurePowerShellCredential({ ...common, tenantId: options.tenantId, processTimeoutInMs: options.processTimeoutInMs });
    case 'AzureDeveloperCliCredential':
      return new AzureDeveloperCliCredential({ ...common, tenantId: options.tenantId, processTimeoutInMs: options.processTimeoutInMs });
    case 'InteractiveBrowserCredential':
      return new InteractiveBrowserCredential({
        ...common,
        tenantId: options.interactiveBrowserTenantId ?? options.tenantId ?? env.AZURE_TENANT_ID,
        clientId: options.interactiveBrowserClientId,
        disableInstanceDiscovery: options.disableInstanceDiscovery,
        tokenCachePersistenceOptions: options.tokenCachePersistenceOptions,
      });
    default:
      throw new InvalidArgumentError('member', `${member} is not created here.`);
  }
}

function createManagedIdentity(options: DefaultAzureCredentialOptions, wanted: { workload: boolean; managed: boolean; single: boolean }): TokenCredential {
  const env = process.env;
  const miOptions: ManagedIdentityCredentialOptions = {
    logSink: options.logSink,
    onCredentialEvent: options.onCredentialEvent,
    clock: options.clock,
    workloadIdentityClientId: options.workloadIdentityClientId,
    authorityHost: options.authorityHost,
    disableInstanceDiscovery: options.disableInstanceDiscovery,
    probeTimeoutInMs: options.managedIdentityProbeTimeoutInMs,
    imdsEndpoint: options.imdsEndpoint,
    // Named alone by AZURE_TOKEN_CREDENTIALS, it behaves as when used directly: no probe (as @azure/identity).
    sendProbeRequest: !(wanted.single && wanted.managed),
  };
  if (options.managedIdentityResourceId) miOptions.resourceId = options.managedIdentityResourceId;
  else if (options.managedIdentityObjectId) miOptions.objectId = options.managedIdentityObjectId;
  else miOptions.clientId = options.managedIdentityClientId ?? (env.AZURE_CLIENT_ID?.trim() || undefined);
  const credential = new ManagedIdentityCredential(miOptions);
  const isWorkload = credential.sourceName === 'WorkloadIdentity';
  if (isWorkload && !wanted.workload) {
    return new UnavailableCredential('WorkloadIdentityCredential', 'WorkloadIdentityCredential is excluded (excludeWorkloadIdentityCredential or AZURE_TOKEN_CREDENTIALS).');
  }
  if (!isWorkload && !wanted.managed) {
    return new UnavailableCredential(
      'WorkloadIdentityCredential',
      'WorkloadIdentityCredential authentication unavailable: set AZURE_FEDERATED_TOKEN_FILE, AZURE_TENANT_ID and AZURE_CLIENT_ID (workload identity is not configured here).',
    );
  }
  return credential;
}

/** Builds a member; a constructor error (a malformed variable, say) becomes an unavailable member that says why. */
function create(member: Member, build: () => TokenCredential): TokenCredential {
  try {
    return build();
  } catch (error) {
    return new UnavailableCredential(member, `${member} could not be created: ${errorMessage(error)}`);
  }
}

/** A placeholder for a member that could not be built or does not apply: always unavailable, with the reason. */
class UnavailableCredential implements TokenCredential {
  constructor(
    readonly credentialName: string,
    private readonly message: string,
  ) {}

  getToken(): Promise<AccessToken> {
    return Promise.reject(new CredentialUnavailableError(this.message));
  }
}

function checkRequiredVariables(required: DefaultAzureCredentialEnvVars | DefaultAzureCredentialEnvVars[] | undefined): void {
  if (!required) return;
  const names = Array.isArray(required) ? required : [required];
  const missing = names.filter((name) => !process.env[name]?.trim());
  if (missing.length > 0) {
    const plural = missing.length > 1;
    throw new InvalidArgumentError(
      'requiredEnvVars',
      `Required environment ${plural ? 'variables' : 'variable'} '${missing.join(', ')}' for DefaultAzureCredential ${plural ? 'are' : 'is'} not set or empty.`,
    );
  }
}

/** A new DefaultAzureCredential with default options, as @azure/identity's getDefaultAzureCredential. */
export function getDefaultAzureCredential(): TokenCredential {
  return new DefaultAzureCredential();
}
