// App Service and Azure Functions (API 2019-08-01): IDENTITY_ENDPOINT + IDENTITY_HEADER. The VS Code
// extension's terminal token endpoint speaks the same protocol, so terminal programs land here too.
import { createEndpointSource } from './endpointSource';
import type { ManagedIdentityId, ManagedIdentitySource, SourceSettings } from './types';

const API_VERSION = '2019-08-01';

export function createAppServiceSource(settings: SourceSettings, endpoint: string, identityHeader: string): ManagedIdentitySource {
  return createEndpointSource(
    {
      name: 'AppService',
      endpointName: 'App Service',
      build(resource) {
        const url = new URL(endpoint);
        url.searchParams.set('api-version', API_VERSION);
        url.searchParams.set('resource', resource);
        setIdentityParameter(url, settings.identity);
        return { method: 'GET', url, headers: { 'X-IDENTITY-HEADER': identityHeader } };
      },
    },
    settings,
  );
}

/** The 2019+ parameter names App Service and Service Fabric share. */
export function setIdentityParameter(url: URL, identity: ManagedIdentityId): void {
  if (identity.kind === 'clientId') url.searchParams.set('client_id', identity.value);
  else if (identity.kind === 'objectId') url.searchParams.set('object_id', identity.value);
  else if (identity.kind === 'resourceId') url.searchParams.set('mi_res_id', identity.value);
}
