// One managed-identity token request with the retries the reference libraries make: 429 and 5xx always,
// 404/410 for IMDS (its identity extension may still be starting), a dropped connection; exponential
// back-off from `retryDelayInMs`, honouring Retry-After, never longer than `maxRetryDelayInMs` per wait.
import { abortableDelay } from '../abortable';
import { AbortError, CredentialUnavailableError } from '../errors';
import type { AbortSignalLike } from '../types';
import { EndpointRequestError, sendEndpointRequest, type EndpointRequest, type EndpointResponse } from './httpRequest';
import type { SourceSettings } from './types';

export interface SendWithRetryOptions {
  /** For messages: "IMDS", "App Service", ... */
  endpointName: string;
  abortSignal?: AbortSignalLike;
  /** Extra statuses worth retrying besides 429 and 5xx. */
  alsoRetry?: readonly number[];
  serverCertificateThumbprint?: string;
  /** Overrides `settings.requestTimeoutInMs` for this call. */
  requestTimeoutInMs?: number;
}

export async function sendWithRetry(
  build: () => EndpointRequest,
  settings: SourceSettings,
  options: SendWithRetryOptions,
): Promise<EndpointResponse> {
  const { retry } = settings;
  for (let attempt = 0; ; attempt++) {
    let response: EndpointResponse | undefined;
    let networkError: EndpointRequestError | undefined;
    try {
      response = await sendEndpointRequest(build(), {
        connectTimeoutInMs: settings.connectTimeoutInMs,
        timeoutInMs: options.requestTimeoutInMs ?? settings.requestTimeoutInMs,
        abortSignal: options.abortSignal,
        serverCertificateThumbprint: options.serverCertificateThumbprint,
      });
    } catch (error) {
      if (!(error instanceof EndpointRequestError)) throw error;
      if (error.failure === 'aborted') throw new AbortError();
      networkError = error;
    }
    const retriable = response
      ? response.status === 429 || (response.status >= 500 && response.status <= 599) || (options.alsoRetry ?? []).includes(response.status)
      : networkError?.failure === 'dropped';
    if (!retriable || attempt >= retry.maxRetries) {
      if (response) return response;
      throw noResponse(options.endpointName, networkError as EndpointRequestError);
    }
    const delay = retryDelay(attempt, response, settings);
    settings.logger.info(
      `${options.endpointName} answered ${response ? `HTTP ${response.status}` : networkError?.failure}; retry ${attempt + 1} of ${retry.maxRetries} in ${delay} ms.`,
    );
    await abortableDelay(delay, options.abortSignal);
  }
}

/** No HTTP response at all: nothing is there to give a token, so the credential is unavailable. */
export function noResponse(endpointName: string, error: EndpointRequestError): CredentialUnavailableError {
  return new CredentialUnavailableError(
    `ManagedIdentityCredential authentication unavailable: no response from the ${endpointName} endpoint (${error.message})`,
    { cause: error },
  );
}

function retryDelay(attempt: number, response: EndpointResponse | undefined, settings: SourceSettings): number {
  const { retryDelayInMs, maxRetryDelayInMs } = settings.retry;
  const fromHeader = response ? retryAfterMs(response.headers['retry-after'], settings.clock.now()) : undefined;
  const exponential = retryDelayInMs * 2 ** attempt;
  return Math.max(0, Math.min(fromHeader ?? exponential, maxRetryDelayInMs));
}

function retryAfterMs(value: string | string[] | undefined, nowMs: number): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
