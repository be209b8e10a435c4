// What the environment-configured sources (App Service, Service Fabric, Azure Arc, Azure ML, Cloud Shell)
// have in common: build one request, send it with retries, read the token or the error. Each source file
// only says how its request looks.
import { AbortError, ClientAuthenticationError, CredentialUnavailableError } from '../errors';
import { HttpRequestError, sendWithRetry, type HttpRequest, type HttpResponse } from '../http/index';
import type { AbortSignalLike, AccessToken } from '../types';
import { parseEndpointError, parseTokenResponse } from './tokenResponse';
import { describeIdentity, type ManagedIdentitySource, type ManagedIdentitySourceName, type SourceSettings, type SourceTokenRequest } from './types';

export interface EndpointSourceSpec {
  name: ManagedIdentitySourceName;
  /** For messages: "App Service", "Azure Arc", ... */
  endpointName: string;
  build(resource: string): HttpRequest;
  serverCertificateThumbprint?: string;
  /**
   * Azure Arc's handshake: given a 401, the request to send instead (with the proof it asks for).
   * Throws a typed error when the challenge cannot be met.
   */
  answerChallenge?(response: HttpResponse, request: HttpRequest): Promise<HttpRequest>;
  /** Why this source cannot serve the configured identity, when it cannot. */
  unsupportedIdentity?: string;
}

export function createEndpointSource(spec: EndpointSourceSpec, settings: SourceSettings): ManagedIdentitySource {
  return {
    name: spec.name,
    async getToken(request: SourceTokenRequest): Promise<AccessToken> {
      if (spec.unsupportedIdentity) throw new CredentialUnavailableError(spec.unsupportedIdentity);
      const send = (build: () => HttpRequest): Promise<HttpResponse> =>
        sendToEndpoint(build, settings, {
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
      const where = spec.build(request.resource).url;
      if (response.status === 200) return locateErrors(spec.endpointName, where, () => parseTokenResponse(spec.endpointName, response, settings.clock.now()));
      if (response.status === 400) {
        // The endpoint exists but has no such identity (or, for the VS Code terminal endpoint, nobody is signed in).
        const detail = parseEndpointError(spec.endpointName, response).errorDescription;
        throw new CredentialUnavailableError(
          `ManagedIdentityCredential authentication unavailable: the ${spec.endpointName} endpoint has no token for ${describeIdentity(settings.identity)}${detail ? ` (${detail})` : ''}.`,
        );
      }
      throw endpointError(spec.endpointName, where, response);
    },
  };
}

/** The endpoint's error answer as a typed error that names the endpoint's host (never its path or query). */
export function endpointError(endpointName: string, url: URL, response: HttpResponse): ClientAuthenticationError {
  return locate(endpointName, url, new ClientAuthenticationError(response.status, parseEndpointError(endpointName, response)));
}

/** Runs `read`; a ClientAuthenticationError it throws gains the endpoint's host. */
export function locateErrors<T>(endpointName: string, url: URL, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw error instanceof ClientAuthenticationError ? locate(endpointName, url, error) : error;
  }
}

function locate(endpointName: string, url: URL, error: ClientAuthenticationError): ClientAuthenticationError {
  return new ClientAuthenticationError(error.statusCode, error.errorResponse, { message: `${error.message} (the ${endpointName} endpoint at ${url.host})`, cause: error.cause });
}

export interface EndpointSendOptions {
  /** For messages: "IMDS", "App Service", ... */
  endpointName: string;
  abortSignal?: AbortSignalLike;
  /** Statuses worth retrying besides 429 and 5xx (IMDS: 404, 410). */
  alsoRetry?: readonly number[];
  serverCertificateThumbprint?: string;
  /** Overrides `settings.requestTimeoutInMs` for this call. */
  requestTimeoutInMs?: number;
}

/**
 * A managed-identity endpoint request through the library's HTTP client with the source settings' timeouts
 * and retries. No response at all means nothing is there to give a token: CredentialUnavailableError.
 */
export async function sendToEndpoint(build: () => HttpRequest, settings: SourceSettings, options: EndpointSendOptions): Promise<HttpResponse> {
  let host = '';
  try {
    host = build().url.host;
  } catch {
    // the request is built again below, where a failure surfaces
  }
  try {
    return await sendWithRetry(build, {
      connectTimeoutInMs: settings.connectTimeoutInMs,
      timeoutInMs: options.requestTimeoutInMs ?? settings.requestTimeoutInMs,
      abortSignal: options.abortSignal,
      serverCertificateThumbprint: options.serverCertificateThumbprint,
      peer: host ? `the ${options.endpointName} endpoint at ${host}` : `the ${options.endpointName} endpoint`,
      maxBodyBytes: 256 * 1024,
      env: settings.env,
      retry: { ...settings.retry, alsoRetry: options.alsoRetry },
      log: (message) => settings.logger.info(`${options.endpointName}: ${message}`),
      now: () => settings.clock.now(),
    });
  } catch (error) {
    if (error instanceof HttpRequestError && error.failure === 'aborted') throw new AbortError();
    if (error instanceof HttpRequestError) throw noResponse(options.endpointName, error);
    throw error;
  }
}

/** No HTTP response at all: nothing is there to give a token, so the credential is unavailable. */
function noResponse(endpointName: string, error: HttpRequestError): CredentialUnavailableError {
  return new CredentialUnavailableError(
    `ManagedIdentityCredential authentication unavailable: no response from the ${endpointName} endpoint (${error.message})`,
    { cause: error },
  );
}

/** The message for a source that supports only the system-assigned identity. */
export function systemAssignedOnly(endpointName: string): string {
  return (
    `User assigned managed identities are not supported by ${endpointName}. To authenticate with the system assigned identity ` +
    'omit the client id when constructing the credential, and if authenticating with DefaultAzureCredential ensure the ' +
    'AZURE_CLIENT_ID environment variable is not set.'
  );
}
