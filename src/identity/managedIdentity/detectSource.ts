// Chooses the managed-identity source from the environment, in the reference libraries' order: Service
// Fabric, App Service, Azure Arc, Azure ML, Cloud Shell, workload identity (a federated token file), else
// IMDS. Detection reads variables (and, for an Arc agent installed without them, one file) and sends nothing.
import { existsSync } from 'node:fs';
import { arcAgentExecutable, DEFAULT_ARC_ENDPOINT } from './azureArc';

export type DetectedSource =
  | { name: 'ServiceFabric'; endpoint: string; identityHeader: string; thumbprint: string }
  | { name: 'AppService'; endpoint: string; identityHeader: string }
  | { name: 'AzureArc'; endpoint: string }
  | { name: 'AzureML'; endpoint: string; secret: string }
  | { name: 'CloudShell'; endpoint: string }
  | { name: 'WorkloadIdentity'; tokenFilePath: string; tenantId: string; clientId: string | undefined; authorityHost: string | undefined }
  | { name: 'Imds' };

export function detectManagedIdentitySource(env: NodeJS.ProcessEnv, options: { detectArcAgent?: boolean } = {}): DetectedSource {
  const value = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const identityEndpoint = value('IDENTITY_ENDPOINT');
  const identityHeader = value('IDENTITY_HEADER');
  if (identityEndpoint && identityHeader) {
    const thumbprint = value('IDENTITY_SERVER_THUMBPRINT');
    if (thumbprint) return { name: 'ServiceFabric', endpoint: identityEndpoint, identityHeader, thumbprint };
    return { name: 'AppService', endpoint: identityEndpoint, identityHeader };
  }
  if (identityEndpoint && value('IMDS_ENDPOINT')) return { name: 'AzureArc', endpoint: identityEndpoint };
  const msiEndpoint = value('MSI_ENDPOINT');
  if (msiEndpoint) {
    const secret = value('MSI_SECRET');
    return secret ? { name: 'AzureML', endpoint: msiEndpoint, secret } : { name: 'CloudShell', endpoint: msiEndpoint };
  }
  if (options.detectArcAgent !== false) {
    const agent = arcAgentExecutable();
    if (agent && existsSync(agent)) return { name: 'AzureArc', endpoint: DEFAULT_ARC_ENDPOINT };
  }
  const tokenFilePath = value('AZURE_FEDERATED_TOKEN_FILE');
  const tenantId = value('AZURE_TENANT_ID');
  if (tokenFilePath && tenantId) {
    return { name: 'WorkloadIdentity', tokenFilePath, tenantId, clientId: value('AZURE_CLIENT_ID'), authorityHost: value('AZURE_AUTHORITY_HOST') };
  }
  return { name: 'Imds' };
}
