// Azure Cloud Shell: MSI_ENDPOINT alone. A form POST with the resource; only the signed-in user's identity.
import { createEndpointSource, systemAssignedOnly } from './endpointSource';
import type { ManagedIdentitySource, SourceSettings } from './types';

export function createCloudShellSource(settings: SourceSettings, endpoint: string): ManagedIdentitySource {
  return createEndpointSource(
    {
      name: 'CloudShell',
      endpointName: 'Cloud Shell',
      unsupportedIdentity: settings.identity.kind === 'system' ? undefined : systemAssignedOnly('Cloud Shell'),
      build(resource) {
        return {
          method: 'POST',
          url: new URL(endpoint),
          headers: { Metadata: 'true' },
          body: new URLSearchParams({ resource }).toString(),
        };
      },
    },
    settings,
  );
}
