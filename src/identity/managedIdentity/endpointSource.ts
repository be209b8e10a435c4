// What the environment-configured sources (App Service, Service Fabric, Azure Arc, Azure ML, Cloud Shell)
// have in common: build one request, send it with retries, read the token or the error. Each source file
// only says how its request looks.
import { ClientAuthenticationError, CredentialUnavailableError } from '../errors';
import type { AccessToken } from '../types';
import type { EndpointRequest, EndpointResponse } from './httpRequest';
import { sendWithRetry } from './sendWithRetry';
import { parseEndpointError, parseTokenResponse } from './tokenResponse';
import { describeIdentity, type ManagedIdentitySource, type ManagedIdentitySourceName, type SourceSettings, type SourceTokenRequest } from './types';

export interface EndpointSourceSpec {
  name: ManagedIdentitySourceName;
  /** For messages: "App Service", "Azure Arc", ... */
  endpointName: string;
  build(resource: string): EndpointRequest;
  serverCertificateThumbprint?: string;
  /**
   * Azure Arc's handshake: given a 401, the request to send instead (with the proof it asks for).
   * Throws a typed error when the challenge cannot be met.
   */
  answerChallenge?(response: EndpointResponse, request: EndpointRequest): Promise<EndpointRequest>;
  /** Why this source cannot serve the configured identity, when it cannot. */
  unsupportedIdentity?: string;
}

export function createEndpointSource(spec: EndpointSourceSpec, settings: SourceSettings): ManagedIdentitySource {
  return {
    name: spec.name,
    async getToken(request: SourceTokenRequest): Promise<AccessToken> {
      if (spec.unsupportedIdentity) throw new CredentialUnavailableError(spec.unsupportedIdentity);
      const send = (build: () => EndpointRequest): Promise<EndpointResponse> =>
        sendWithRetry(build, settings, {
          endpointName: spec.endpointName,
          abortSignal: request.abortSignal,
          serverCertificateThumbprint: spec.serverCertificateThumbprint,
          requestTimeoutInMs: request.requestTimeoutInMs,
        });
      let response = await send(() => spec.build(request.resource));
      if (response.status === 401 && spec.answerChallenge) {
        const answered = await spec.answerChallenge(response, spec.build(request.resource));
        response = await send(() => answered);
      }
      if (response.status === 200) return parseTokenResponse(spec.endpointName, response, settings.clock.now());
      if (response.status === 400) {
        // The endpoint exists but has no such identity (or, for the VS Code terminal endpoint, nobody is signed in).
        const detail = parseEndpointError(spec.endpointName, response).errorDescription;
        throw new CredentialUnavailableError(
          `ManagedIdentityCredential authentication unavailable: the ${spec.endpointName} endpoint has no token for ${describeIdentity(settings.identity)}${detail ? ` (${detail})` : ''}.`,
        );
      }
      throw new ClientAuthenticationError(response.status, parseEndpointError(spec.endpointName, response));
    },
  };
}

/** The message for a source that supports only the system-assigned identity. */
export function systemAssignedOnly(endpointName: string): string {
  return (
    `User assigned managed identities are not supported by ${endpointName}. To authenticate with the system assigned identity ` +
    'omit the client id when constructing the credential, and if authenticating with DefaultAzureCredential ensure the ' +
    'AZURE_CLIENT_ID environment variable is not set.'
  );
}
