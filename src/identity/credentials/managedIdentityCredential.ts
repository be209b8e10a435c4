// ManagedIdentityCredential: the identity Azure gives the machine or service this code runs on. The source
// (Service Fabric, App Service, Azure Arc, Azure ML, Cloud Shell, workload identity, IMDS) is chosen from the
// environment when the credential is built; tokens are cached until their refresh time.
import { systemClock } from '../clock';
import { CredentialUnavailableError, InvalidArgumentError } from '../errors';
import type { CredentialLogger } from '../logger';
import { createAppServiceSource } from '../managedIdentity/appService';
import { createAzureArcSource, defaultArcKeyDirectory } from '../managedIdentity/azureArc';
import { createAzureMlSource } from '../managedIdentity/azureMl';
import { createCloudShellSource } from '../managedIdentity/cloudShell';
import { detectManagedIdentitySource, type DetectedSource } from '../managedIdentity/detectSource';
import { createImdsSource, DEFAULT_IMDS_PROBE, type ImdsProbeOptions } from '../managedIdentity/imds';
import { createServiceFabricSource } from '../managedIdentity/serviceFabric';
import type { ManagedIdentityId, ManagedIdentitySource, ManagedIdentitySourceName, SourceSettings } from '../managedIdentity/types';
import { createWorkloadIdentitySource } from '../managedIdentity/workloadIdentity';
import { scopeToResource } from '../scopes';
import { setUpCredential } from '../credentialSetup';
import type { TokenRequest, TokenRunner } from '../tokenRunner';
import type { AccessToken, GetTokenOptions, TokenCredential, TokenCredentialOptions } from '../types';
import { chainHint, type ChainHint } from './chainedTokenCredential';

/** The Python library's `identity_config`, in either spelling. */
export interface ManagedIdentityConfig {
  clientId?: string;
  objectId?: string;
  resourceId?: string;
  client_id?: string;
  object_id?: string;
  /** Resource id: `mi_res_id` and `msi_res_id` are both accepted. */
  mi_res_id?: string;
  msi_res_id?: string;
}

export interface ManagedIdentityCredentialOptions extends TokenCredentialOptions {
  /** Client id of a user-assigned identity. */
  clientId?: string;
  /** Object (principal) id of a user-assigned identity. */
  objectId?: string;
  /** ARM resource id of a user-assigned identity. */
  resourceId?: string;
  /** The same choice in the Python library's shape (`{ object_id: "..." }`). */
  identityConfig?: ManagedIdentityConfig;
  /** Probe IMDS before the first token request (a quick "is anything there?"). Default true. */
  sendProbeRequest?: boolean;
  /** Milliseconds the IMDS probe may take in all. Default 400. */
  probeTimeoutInMs?: number;
  /** Milliseconds to connect to the managed-identity endpoint for a token. Default 2 000. */
  connectTimeoutInMs?: number;
  /** Azure Arc only: the agent's token directory (tests point it elsewhere). Default the agent's. */
  arcKeyDirectory?: string;
  /**
   * The client id used for workload identity (a federated token file) when `clientId` is not given.
   * Default: AZURE_CLIENT_ID.
   */
  workloadIdentityClientId?: string;
  /** Skip instance discovery for workload identity against a private cloud or emulator. */
  disableInstanceDiscovery?: boolean;
  /**
   * The IMDS base URL, default `http://169.254.169.254` (or AZURE_POD_IDENTITY_AUTHORITY_HOST): for tests and
   * private networks. Either way the host gets the availability probe first.
   */
  imdsEndpoint?: string;
  /** Where environment variables are read from. Default `process.env`, read when the credential is built. */
  environment?: NodeJS.ProcessEnv;
}

const CREDENTIAL_NAME = 'ManagedIdentityCredential';
const DEFAULT_RETRY = { maxRetries: 5, retryDelayInMs: 800, maxRetryDelayInMs: 60_000 };
const DEFAULT_CONNECT_TIMEOUT_MS = 2_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

export class ManagedIdentityCredential implements TokenCredential {
  readonly credentialName = CREDENTIAL_NAME;
  /** Which source the environment selected. */
  readonly sourceName: ManagedIdentitySourceName;
  private readonly runner: TokenRunner;
  private readonly source: ManagedIdentitySource;
  private readonly logger: CredentialLogger;
  private readonly settings: SourceSettings;

  constructor(clientId?: string, options?: ManagedIdentityCredentialOptions);
  constructor(options?: ManagedIdentityCredentialOptions);
  constructor(clientIdOrOptions?: string | ManagedIdentityCredentialOptions, maybeOptions?: ManagedIdentityCredentialOptions) {
    const options: ManagedIdentityCredentialOptions =
      typeof clientIdOrOptions === 'string' ? { ...maybeOptions, clientId: clientIdOrOptions } : (clientIdOrOptions ?? {});
    const env = options.environment ?? process.env;
    const setup = setUpCredential(CREDENTIAL_NAME, options, { tenantId: undefined, maxScopes: 1, acquire: (request) => this.acquire(request) });
    this.logger = setup.logger;
    this.runner = setup.runner;
    const identity = identityFromOptions(options);
    const clock = options.clock ?? systemClock;
    this.settings = {
      identity,
      clock,
      logger: this.logger,
      connectTimeoutInMs: options.connectTimeoutInMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      requestTimeoutInMs: options.networkTimeoutInMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      retry: {
        maxRetries: options.retryOptions?.maxRetries ?? DEFAULT_RETRY.maxRetries,
        retryDelayInMs: options.retryOptions?.retryDelayInMs ?? DEFAULT_RETRY.retryDelayInMs,
        maxRetryDelayInMs: options.retryOptions?.maxRetryDelayInMs ?? DEFAULT_RETRY.maxRetryDelayInMs,
      },
      env,
    };
    const detected = detectManagedIdentitySource(env);
    this.sourceName = detected.name;
    this.source = this.createSource(detected, options);
    this.logger.info(`Using the ${detected.name} managed identity source.`);
  }

  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    return this.runner.getToken(scopes, options);
  }

  /** For chains: an environment-declared endpoint decides; IMDS must first be probed. */
  [chainHint](): ChainHint {
    return { availability: this.sourceName === 'Imds' ? 'unknown' : 'available', speculative: true };
  }

  private acquire(request: TokenRequest): Promise<AccessToken> {
    const scope = request.scopes[0];
    return this.source.getToken({
      resource: scopeToResource(scope),
      scope,
      abortSignal: request.abortSignal,
      claims: request.claims,
      forceRefresh: request.forceRefresh,
      tenantId: request.tenantId,
      requestTimeoutInMs: request.requestTimeoutInMs,
    });
  }

  private createSource(detected: DetectedSource, options: ManagedIdentityCredentialOptions): ManagedIdentitySource {
    const settings = this.settings;
    switch (detected.name) {
      case 'ServiceFabric':
        return createServiceFabricSource(settings, detected.endpoint, detected.identityHeader, detected.thumbprint);
      case 'AppService':
        return createAppServiceSource(settings, detected.endpoint, detected.identityHeader);
      case 'AzureArc':
        return createAzureArcSource(settings, detected.endpoint, options.arcKeyDirectory ?? defaultArcKeyDirectory());
      case 'AzureML':
        return createAzureMlSource(settings, detected.endpoint, detected.secret);
      case 'CloudShell':
        return createCloudShellSource(settings, detected.endpoint);
      case 'WorkloadIdentity': {
        const clientId = settings.identity.kind === 'clientId' ? settings.identity.value : (options.workloadIdentityClientId ?? detected.clientId);
        if (!clientId) {
          return unavailableSource(
            'WorkloadIdentity',
            'ManagedIdentityCredential: workload identity needs a client id. Set AZURE_CLIENT_ID or pass clientId.',
          );
        }
        return createWorkloadIdentitySource(settings, {
          tenantId: detected.tenantId,
          clientId,
          tokenFilePath: detected.tokenFilePath,
          authorityHost: detected.authorityHost,
          disableInstanceDiscovery: options.disableInstanceDiscovery,
        });
      }
      case 'Imds': {
        const probe: ImdsProbeOptions = {
          ...DEFAULT_IMDS_PROBE,
          sendProbeRequest: options.sendProbeRequest ?? DEFAULT_IMDS_PROBE.sendProbeRequest,
          probeTimeoutInMs: options.probeTimeoutInMs ?? DEFAULT_IMDS_PROBE.probeTimeoutInMs,
          probeConnectTimeoutInMs: Math.min(DEFAULT_IMDS_PROBE.probeConnectTimeoutInMs, options.probeTimeoutInMs ?? Infinity),
        };
        return createImdsSource(settings, probe, options.imdsEndpoint);
      }
    }
  }
}

function identityFromOptions(options: ManagedIdentityCredentialOptions): ManagedIdentityId {
  const config = options.identityConfig ?? {};
  const candidates: ManagedIdentityId[] = [];
  const clientId = options.clientId || config.clientId || config.client_id;
  const objectId = options.objectId || config.objectId || config.object_id;
  const resourceId = options.resourceId || config.resourceId || config.mi_res_id || config.msi_res_id;
  if (clientId) candidates.push({ kind: 'clientId', value: clientId });
  if (objectId) candidates.push({ kind: 'objectId', value: objectId });
  if (resourceId) candidates.push({ kind: 'resourceId', value: resourceId });
  if (candidates.length > 1) {
    throw new InvalidArgumentError(
      'clientId',
      'ManagedIdentityCredential: choose a user-assigned identity by one id only — clientId, objectId or resourceId, not several.',
    );
  }
  for (const candidate of candidates) {
    if (candidate.kind !== 'system' && /[\s&#?]/.test(candidate.value)) {
      throw new InvalidArgumentError(candidate.kind, `ManagedIdentityCredential: the ${candidate.kind} must not contain spaces, "&", "#" or "?".`);
    }
  }
  return candidates[0] ?? { kind: 'system' };
}

function unavailableSource(name: ManagedIdentitySourceName, message: string): ManagedIdentitySource {
  return {
    name,
    getToken: () => Promise.reject(new CredentialUnavailableError(message)),
  };
}
