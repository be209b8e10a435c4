// Workload identity (AKS and other Kubernetes with federation): the service-account token Kubernetes writes
// to AZURE_FEDERATED_TOKEN_FILE is presented to Microsoft Entra ID as a client assertion for the app's
// token. The file is read on each request, since Kubernetes rotates it.
import { promises as fs } from 'node:fs';
import { resolveAuthorityHost } from '../authorityHosts';
import { CredentialUnavailableError } from '../errors';
import type { IdentityLogSink } from '../logger';
import type { AccessToken } from '../types';
import { requestAuthorityToken } from './authorityTokenRequest';
import type { ManagedIdentitySource, SourceSettings, SourceTokenRequest } from './types';

export interface WorkloadIdentitySettings {
  tenantId: string;
  clientId: string;
  tokenFilePath: string;
  /** From AZURE_AUTHORITY_HOST when set; else the public cloud. */
  authorityHost: string | undefined;
  disableInstanceDiscovery?: boolean;
  logSink?: IdentityLogSink;
}

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const MAX_ASSERTION_BYTES = 64 * 1024;

export function createWorkloadIdentitySource(settings: SourceSettings, workload: WorkloadIdentitySettings): ManagedIdentitySource {
  const authorityHost = resolveAuthorityHost(workload.authorityHost, settings.env);
  return {
    name: 'WorkloadIdentity',
    async getToken(request: SourceTokenRequest): Promise<AccessToken> {
      const assertion = await readAssertion(workload.tokenFilePath);
      const result = await requestAuthorityToken({
        authorityHost,
        tenantId: request.tenantId ?? workload.tenantId,
        form: {
          grant_type: 'client_credentials',
          client_id: workload.clientId,
          scope: request.scope.endsWith('/.default') ? request.scope : `${request.resource}/.default`,
          client_assertion_type: ASSERTION_TYPE,
          client_assertion: assertion,
        },
        abortSignal: request.abortSignal,
        timeoutInMs: request.requestTimeoutInMs,
        logger: settings.logger,
        clock: settings.clock,
      });
      return result.accessToken;
    },
  };
}

async function readAssertion(tokenFilePath: string): Promise<string> {
  let text: string;
  try {
    const stat = await fs.stat(tokenFilePath);
    if (stat.size > MAX_ASSERTION_BYTES) throw new Error(`larger than ${MAX_ASSERTION_BYTES} bytes`);
    text = (await fs.readFile(tokenFilePath, 'utf8')).trim();
  } catch (error) {
    throw new CredentialUnavailableError(
      `ManagedIdentityCredential: the federated token file AZURE_FEDERATED_TOKEN_FILE (${tokenFilePath}) could not be read: ${(error as Error).message}. Check the workload identity setup of the pod.`,
      { cause: error },
    );
  }
  if (!text) {
    throw new CredentialUnavailableError(`ManagedIdentityCredential: the federated token file ${tokenFilePath} is empty.`);
  }
  return text;
}
