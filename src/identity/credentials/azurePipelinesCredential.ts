// Azure Pipelines workload identity federation: a pipeline job asks Azure DevOps for the OIDC token of a
// service connection (POST $SYSTEM_OIDCREQUESTURI?api-version=7.1&serviceConnectionId=…, authorized by the
// job's System.AccessToken) and presents it to Microsoft Entra ID as the app's client assertion.
import { AbortError, ClientAuthenticationError, CredentialUnavailableError, InvalidArgumentError } from '../errors';
import { HttpRequestError, sendWithRetry, type HttpResponse } from '../http/index';
import { createCredentialLogger, type CredentialLogger } from '../logger';
import type { AssertionRequest } from '../msal/msalClient';
import type { TokenRunner } from '../tokenRunner';
import type { AccessToken, AuthorityValidationOptions, CredentialPersistenceOptions, GetTokenOptions, MultiTenantTokenCredentialOptions, TokenCredential } from '../types';
import { createAssertionRunner } from './clientAssertionCredential';

export interface AzurePipelinesCredentialOptions extends MultiTenantTokenCredentialOptions, CredentialPersistenceOptions, AuthorityValidationOptions {}

const NAME = 'AzurePipelinesCredential';
const OIDC_API_VERSION = '7.1';
const TROUBLESHOOT = 'See the troubleshooting guide for more information: https://aka.ms/azsdk/js/identity/azurepipelinescredential/troubleshoot';
const DEFAULT_TIMEOUT_MS = 30_000;

export class AzurePipelinesCredential implements TokenCredential {
  readonly credentialName = NAME;
  private readonly runner: TokenRunner;

  /**
   * @param tenantId - the tenant of the app the service connection uses
   * @param clientId - the client id of that app (or user-assigned managed identity)
   * @param serviceConnectionId - the service connection's id (not its name)
   * @param systemAccessToken - the job's `$(System.AccessToken)`. Never logged.
   */
  constructor(tenantId: string, clientId: string, serviceConnectionId: string, systemAccessToken: string, options: AzurePipelinesCredentialOptions = {}) {
    const required = (name: string, value: unknown): void => {
      if (typeof value !== 'string' || value.trim() === '') throw new CredentialUnavailableError(`${NAME}: is unavailable. ${name} is a required parameter.`);
    };
    required('clientId', clientId);
    required('tenantId', tenantId);
    required('serviceConnectionId', serviceConnectionId);
    required('systemAccessToken', systemAccessToken);
    const requestUri = process.env.SYSTEM_OIDCREQUESTURI?.trim();
    if (!requestUri) {
      throw new CredentialUnavailableError(
        `${NAME}: is unavailable. Ensure that you're running this task in an Azure Pipeline, so that following missing system variable(s) can be defined- "SYSTEM_OIDCREQUESTURI"`,
      );
    }
    const url = oidcRequestUrl(requestUri, serviceConnectionId);
    const logger = createCredentialLogger(NAME, options.logSink);
    logger.info(`Using tenant ${tenantId}, client ${clientId} and service connection ${serviceConnectionId}.`);
    const timeoutInMs = options.networkTimeoutInMs ?? DEFAULT_TIMEOUT_MS;
    const getAssertion = (request: AssertionRequest): Promise<string> =>
      requestOidcToken(url, systemAccessToken, { logger, timeoutInMs: request.timeoutInMs ?? timeoutInMs, abortSignal: request.abortSignal, options });
    this.runner = createAssertionRunner(NAME, tenantId, clientId, getAssertion, options);
  }

  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    return this.runner.getToken(scopes, options);
  }
}

function oidcRequestUrl(requestUri: string, serviceConnectionId: string): URL {
  let url: URL;
  try {
    url = new URL(requestUri);
  } catch {
    throw new InvalidArgumentError('SYSTEM_OIDCREQUESTURI', `${NAME}: SYSTEM_OIDCREQUESTURI is not a URL; it is set by Azure Pipelines for the job.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidArgumentError('SYSTEM_OIDCREQUESTURI', `${NAME}: SYSTEM_OIDCREQUESTURI must be an https URL.`);
  }
  url.searchParams.set('api-version', OIDC_API_VERSION);
  url.searchParams.set('serviceConnectionId', serviceConnectionId);
  return url;
}

interface OidcRequestSettings {
  logger: CredentialLogger;
  timeoutInMs: number;
  abortSignal: AbortSignal | undefined;
  options: AzurePipelinesCredentialOptions;
}

async function requestOidcToken(url: URL, systemAccessToken: string, settings: OidcRequestSettings): Promise<string> {
  const { logger, options } = settings;
  logger.info('Requesting the OIDC token from Azure Pipelines.');
  let response: HttpResponse;
  try {
    response = await sendWithRetry(
      () => ({
        method: 'POST',
        url,
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          Authorization: `Bearer ${systemAccessToken}`,
          // No sign-in redirect for automation: a bad token gets a plain 401.
          'X-TFS-FedAuthRedirect': 'Suppress',
          'Content-Length': '0',
        },
      }),
      {
        connectTimeoutInMs: Math.min(10_000, settings.timeoutInMs),
        timeoutInMs: settings.timeoutInMs,
        abortSignal: settings.abortSignal,
        peer: 'the Azure Pipelines OIDC endpoint',
        retry: { maxRetries: options.retryOptions?.maxRetries ?? 3, retryDelayInMs: options.retryOptions?.retryDelayInMs ?? 800, maxRetryDelayInMs: options.retryOptions?.maxRetryDelayInMs ?? 60_000 },
        log: (message) => logger.info(`Azure Pipelines OIDC: ${message}`),
      },
    );
  } catch (error) {
    if (error instanceof AbortError || (error instanceof HttpRequestError && error.failure === 'aborted')) throw new AbortError();
    const reason = error instanceof Error ? error.message : String(error);
    throw new ClientAuthenticationError(
      undefined,
      { error: 'network_error', errorDescription: `No response from the Azure Pipelines OIDC endpoint ${url.origin}: ${reason}` },
      { message: `${NAME}: Authentication Failed. No response from the Azure Pipelines OIDC endpoint ${url.origin} (${reason}). ${TROUBLESHOOT}`, cause: error },
    );
  }
  return handleOidcResponse(response);
}

/** The oidcToken of a 200 answer; otherwise a typed error with Azure DevOps' message and diagnostic ids. */
export function handleOidcResponse(response: HttpResponse): string {
  let parsed: unknown;
  try {
    parsed = response.body ? JSON.parse(response.body) : undefined;
  } catch {
    parsed = undefined;
  }
  const record = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  if (response.status === 200 && typeof record.oidcToken === 'string' && record.oidcToken !== '') return record.oidcToken;
  const header = (name: string): string => {
    const value = response.headers[name];
    return (Array.isArray(value) ? value[0] : value) ?? 'none';
  };
  const serviceMessage = typeof record.message === 'string' ? record.message.slice(0, 500) : undefined;
  const advice =
    response.status === 401 || response.status === 403
      ? ' The systemAccessToken was refused: pass $(System.AccessToken) of this job (map it into the environment of the step).'
      : response.status === 404
        ? ' Check serviceConnectionId: it is the id of the service connection (Project settings > Service connections), not its name.'
        : '';
  const error = `${NAME}: Authentication Failed. oidcToken field not detected in the response.`;
  const errorDescription = `Response status ${response.status}${serviceMessage ? `: ${serviceMessage}` : ''}. Response headers ["x-vss-e2eid"] = ${header('x-vss-e2eid')} and ["x-msedge-ref"] = ${header('x-msedge-ref')}.${advice} ${TROUBLESHOOT}`;
  throw new ClientAuthenticationError(response.status, { error, errorDescription }, { message: `${error} ${errorDescription}` });
}
