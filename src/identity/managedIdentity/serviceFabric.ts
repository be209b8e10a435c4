// Service Fabric (API 2019-07-01-preview): IDENTITY_ENDPOINT + IDENTITY_HEADER + IDENTITY_SERVER_THUMBPRINT.
// The cluster's endpoint presents a certificate no public CA signs; it is pinned to the thumbprint the
// environment names instead of being trusted blindly.
import { setIdentityParameter } from './appService';
import { createEndpointSource } from './endpointSource';
import type { ManagedIdentitySource, SourceSettings } from './types';

const API_VERSION = '2019-07-01-preview';

export function createServiceFabricSource(settings: SourceSettings, endpoint: string, identityHeader: string, thumbprint: string): ManagedIdentitySource {
  return createEndpointSource(
    {
      name: 'ServiceFabric',
      endpointName: 'Service Fabric',
      serverCertificateThumbprint: thumbprint,
      build(resource) {
        const url = new URL(endpoint);
        url.searchParams.set('api-version', API_VERSION);
        url.searchParams.set('resource', resource);
        setIdentityParameter(url, settings.identity);
        return { method: 'GET', url, headers: { secret: identityHeader } };
      },
    },
    settings,
  );
}
