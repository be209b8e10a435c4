// The Azure Instance Metadata Service (VMs, scale sets, AKS nodes): the source used when no other
// managed-identity environment is detected. Before the first real request it sends a quick probe (any HTTP
// answer means IMDS is there), so a developer machine learns "no IMDS" in a few hundred milliseconds; the
// verdict is shared by every credential in the process and remembered for a while.
import { raceAbort } from '../abortable';
import { CredentialUnavailableError } from '../errors';
import { unavailabilityMemory, UNAVAILABILITY_TTL_MS } from '../unavailabilityMemory';
import type { AbortSignalLike, AccessToken } from '../types';
import { HttpRequestError, sendRequest, type HttpRequest } from '../http/index';
import { endpointError, locateErrors, sendToEndpoint } from './endpointSource';
import { parseTokenResponse } from './tokenResponse';
import type { ManagedIdentityId, ManagedIdentitySource, SourceSettings, SourceTokenRequest } from './types';

const IMDS_DEFAULT_HOST = 'http://169.254.169.254';
const IMDS_TOKEN_PATH = '/metadata/identity/oauth2/token';
const IMDS_API_VERSION = '2018-02-01';

export interface ImdsProbeOptions {
  /** Send the probe before the first token request. Default true. */
  sendProbeRequest: boolean;
  /** Milliseconds to connect during the probe. Default 300 (the Python library's figure). */
  probeConnectTimeoutInMs: number;
  /** Milliseconds the probe may take in all: an endpoint that accepts and never answers is "absent". Default 400. */
  probeTimeoutInMs: number;
}

export const DEFAULT_IMDS_PROBE: ImdsProbeOptions = { sendProbeRequest: true, probeConnectTimeoutInMs: 300, probeTimeoutInMs: 400 };

const NO_RESPONSE_MESSAGE = 'ManagedIdentityCredential authentication unavailable, no response from the IMDS endpoint.';

/** Hosts whose probe got an answer in this process: they are not probed again. */
const answeredHosts = new Set<string>();
/** Probes in flight, so concurrent first calls share one. */
const probesInFlight = new Map<string, Promise<void>>();

/** Forgets probe results (tests). */
export function forgetImdsProbes(): void {
  answeredHosts.clear();
}

export function imdsHost(env: NodeJS.ProcessEnv): string {
  const override = env.AZURE_POD_IDENTITY_AUTHORITY_HOST?.trim();
  return (override ? override : IMDS_DEFAULT_HOST).replace(/\/+$/, '');
}

/** `endpoint` overrides the address (tests, private networks); the probe is kept either way. */
export function createImdsSource(settings: SourceSettings, probe: ImdsProbeOptions, endpoint?: string): ManagedIdentitySource {
  const host = endpoint ? endpoint.replace(/\/+$/, '') : imdsHost(settings.env);
  // A pod-identity host (AZURE_POD_IDENTITY_AUTHORITY_HOST) is probed too: the variable outlives the pod
  // identity add-on it named, and a refused or silent host must make the credential unavailable within the
  // probe's 400 ms, not the token request's 15 s (the reference libraries wait 19.8 s and more than 30 s).
  const skipProbe = !probe.sendProbeRequest;
  const identityKey = `imds-identity:${host}:${identityParameter(settings.identity).join('=')}`;

  return {
    name: 'Imds',
    async getToken(request: SourceTokenRequest): Promise<AccessToken> {
      const now = settings.clock.now();
      const remembered = unavailabilityMemory.recall(`imds:${host}`, now) ?? unavailabilityMemory.recall(identityKey, now);
      if (remembered) throw new CredentialUnavailableError(remembered);
      if (!skipProbe) await ensureAnswering(host, settings, probe, request.abortSignal);

      const response = await sendToEndpoint(() => tokenRequest(host, request.resource, settings.identity, true), settings, {
        endpointName: 'IMDS',
        abortSignal: request.abortSignal,
        alsoRetry: [404, 410],
        requestTimeoutInMs: request.requestTimeoutInMs,
      });
      const where = new URL(host);
      if (response.status === 200) return locateErrors('IMDS', where, () => parseTokenResponse('IMDS', response, settings.clock.now()));
      if (response.status === 400 || isDockerDesktopUnreachable(response.status, response.body)) {
        const message =
          'ManagedIdentityCredential authentication unavailable. ' +
          (settings.identity.kind === 'system'
            ? 'No identity has been assigned to this resource.'
            : 'The requested identity has not been assigned to this resource.');
        unavailabilityMemory.remember(identityKey, message, UNAVAILABILITY_TTL_MS.identityNotAssigned, settings.clock.now());
        throw new CredentialUnavailableError(message);
      }
      throw endpointError('IMDS', where, response);
    },
  };
}

/** Resolves when IMDS at `host` answers (now or earlier in this process); throws CredentialUnavailableError otherwise. */
async function ensureAnswering(host: string, settings: SourceSettings, probe: ImdsProbeOptions, abortSignal?: AbortSignalLike): Promise<void> {
  if (answeredHosts.has(host)) return;
  let inFlight = probesInFlight.get(host);
  if (!inFlight) {
    // Not tied to one caller's abort signal: other callers share this probe, and it is short anyway.
    inFlight = runProbe(host, settings, probe).finally(() => probesInFlight.delete(host));
    probesInFlight.set(host, inFlight);
  }
  await (abortSignal ? raceAbort(inFlight, abortSignal) : inFlight);
}

async function runProbe(host: string, settings: SourceSettings, probe: ImdsProbeOptions): Promise<void> {
  const remembered = unavailabilityMemory.recall(`imds:${host}`, settings.clock.now());
  if (remembered) throw new CredentialUnavailableError(remembered);
  try {
    // No Metadata header: a real IMDS rejects it at once with 400, which is all the probe needs to see.
    await sendRequest(tokenRequest(host, 'https://management.azure.com', { kind: 'system' }, false), {
      connectTimeoutInMs: probe.probeConnectTimeoutInMs,
      timeoutInMs: probe.probeTimeoutInMs,
      peer: 'the IMDS endpoint',
      env: settings.env,
    });
    answeredHosts.add(host);
    settings.logger.info(`IMDS at ${host} answered the availability probe.`);
  } catch (error) {
    const detail = error instanceof HttpRequestError ? ` (${error.message})` : '';
    settings.logger.info(`IMDS at ${host} did not answer the availability probe${detail}.`);
    unavailabilityMemory.remember(`imds:${host}`, NO_RESPONSE_MESSAGE, UNAVAILABILITY_TTL_MS.endpointSilent, settings.clock.now());
    throw error instanceof HttpRequestError ? new CredentialUnavailableError(NO_RESPONSE_MESSAGE, { cause: error }) : error;
  }
}

function tokenRequest(host: string, resource: string, identity: ManagedIdentityId, withMetadataHeader: boolean): HttpRequest {
  const url = new URL(`${host}${IMDS_TOKEN_PATH}`);
  url.searchParams.set('api-version', IMDS_API_VERSION);
  url.searchParams.set('resource', resource);
  const [name, value] = identityParameter(identity);
  if (name && value) url.searchParams.set(name, value);
  return { method: 'GET', url, headers: withMetadataHeader ? { Metadata: 'true' } : {} };
}

function identityParameter(identity: ManagedIdentityId): [string, string] | [] {
  switch (identity.kind) {
    case 'system':
      return [];
    case 'clientId':
      return ['client_id', identity.value];
    case 'objectId':
      return ['object_id', identity.value];
    case 'resourceId':
      return ['msi_res_id', identity.value];
  }
}

// Docker Desktop answers for an unreachable IMDS with 403 and this text; it means "no IMDS", not "denied".
function isDockerDesktopUnreachable(status: number, body: string): boolean {
  return status === 403 && body.includes('unreachable network');
}
