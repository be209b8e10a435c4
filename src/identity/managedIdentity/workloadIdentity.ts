// Workload identity (AKS and other Kubernetes with federation): the service-account token Kubernetes writes
// to AZURE_FEDERATED_TOKEN_FILE is presented to Microsoft Entra ID as the app's client assertion. The grant
// goes through the library's MSAL client like every other grant to Entra ID; the file is read on each request,
// since Kubernetes rotates it.
import { resolveAuthorityHost } from '../authorityHosts';
import { federatedTokenFileAssertion } from '../msal/clientAssertion';
import { MsalClient } from '../msal/msalClient';
import type { AccessToken } from '../types';
import type { ManagedIdentitySource, SourceSettings, SourceTokenRequest } from './types';

export interface WorkloadIdentitySettings {
  tenantId: string;
  clientId: string;
  tokenFilePath: string;
  /** From AZURE_AUTHORITY_HOST when set; else the public cloud. */
  authorityHost: string | undefined;
  disableInstanceDiscovery?: boolean;
}

export function createWorkloadIdentitySource(settings: SourceSettings, workload: WorkloadIdentitySettings): ManagedIdentitySource {
  const msal = new MsalClient({
    clientId: workload.clientId,
    tenantId: workload.tenantId,
    authorityHost: resolveAuthorityHost(workload.authorityHost, settings.env),
    disableInstanceDiscovery: workload.disableInstanceDiscovery,
    clientCredential: { kind: 'assertion', getAssertion: federatedTokenFileAssertion(workload.tokenFilePath, 'ManagedIdentityCredential') },
    networkTimeoutInMs: settings.requestTimeoutInMs,
    retryOptions: settings.retry,
    logger: settings.logger,
  });
  return {
    name: 'WorkloadIdentity',
    getToken(request: SourceTokenRequest): Promise<AccessToken> {
      const scope = request.scope.endsWith('/.default') ? request.scope : `${request.resource}/.default`;
      return msal.acquireTokenByClientCredential({
        scopes: [scope],
        tenantId: request.tenantId ?? workload.tenantId,
        claims: request.claims,
        enableCae: false,
        forceRefresh: request.forceRefresh === true,
        abortSignal: request.abortSignal,
        requestTimeoutInMs: request.requestTimeoutInMs,
        getTokenOptions: {},
      });
    },
  };
}
