// Azure Machine Learning compute (API 2017-09-01): MSI_ENDPOINT + MSI_SECRET. A user-assigned identity is
// chosen by client id only (`clientid`); without one, the compute's DEFAULT_IDENTITY_CLIENT_ID is asked for.
import { createEndpointSource } from './endpointSource';
import type { ManagedIdentitySource, SourceSettings } from './types';

const API_VERSION = '2017-09-01';

export function createAzureMlSource(settings: SourceSettings, endpoint: string, secret: string): ManagedIdentitySource {
  const { identity } = settings;
  const clientId = identity.kind === 'clientId' ? identity.value : settings.env.DEFAULT_IDENTITY_CLIENT_ID;
  return createEndpointSource(
    {
      name: 'AzureML',
      endpointName: 'Azure ML',
      unsupportedIdentity:
        identity.kind === 'objectId' || identity.kind === 'resourceId'
          ? 'Azure ML managed identity supports only a client id to select a user-assigned identity; pass clientId instead of an object or resource id.'
          : undefined,
      build(resource) {
        const url = new URL(endpoint);
        url.searchParams.set('api-version', API_VERSION);
        url.searchParams.set('resource', resource);
        if (clientId) url.searchParams.set('clientid', clientId);
        return { method: 'GET', url, headers: { secret } };
      },
    },
    settings,
  );
}
