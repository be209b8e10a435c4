// A direct OAuth 2.0 token request to Microsoft Entra ID for the two grants the shared MSAL client is not
// wired for here: workload identity's federated client assertion, and redeeming a refresh token read from
// another tool's cache (read-only, so that cache is never rewritten by us). Retries 429/5xx like the others.
import { systemClock, type Clock } from '../clock';
import { ClientAuthenticationError, parseErrorResponse } from '../errors';
import type { CredentialLogger } from '../logger';
import type { AbortSignalLike, AccessToken } from '../types';
import { sendWithRetry } from './sendWithRetry';
import { parseTokenResponse } from './tokenResponse';

export interface AuthorityTokenRequest {
  /** `https://login.microsoftonline.com` (normalized, no trailing slash). */
  authorityHost: string;
  tenantId: string;
  /** The form fields of the grant (grant_type, client_id, scope, ...). Never logged. */
  form: Record<string, string>;
  abortSignal?: AbortSignalLike;
  timeoutInMs?: number;
  logger: CredentialLogger;
  clock?: Clock;
}

export interface AuthorityTokenResult {
  accessToken: AccessToken;
  /** The raw JSON body, for callers that need more fields (never logged). */
  body: Record<string, unknown>;
}

export async function requestAuthorityToken(request: AuthorityTokenRequest): Promise<AuthorityTokenResult> {
  const clock = request.clock ?? systemClock;
  const url = new URL(`${request.authorityHost}/${encodeURIComponent(request.tenantId)}/oauth2/v2.0/token`);
  const response = await sendWithRetry(
    () => ({ method: 'POST', url, headers: { Accept: 'application/json' }, body: new URLSearchParams(request.form).toString() }),
    {
      identity: { kind: 'system' },
      clock,
      logger: request.logger,
      connectTimeoutInMs: 10_000,
      requestTimeoutInMs: request.timeoutInMs ?? 30_000,
      retry: { maxRetries: 3, retryDelayInMs: 800, maxRetryDelayInMs: 60_000 },
      env: process.env,
    },
    { endpointName: 'Microsoft Entra ID token', abortSignal: request.abortSignal },
  );
  if (response.status !== 200) {
    const parsed = parseErrorResponse(response.body) ?? { error: `http_${response.status}`, errorDescription: `The authority answered HTTP ${response.status}.` };
    throw new ClientAuthenticationError(response.status, parsed);
  }
  const accessToken = parseTokenResponse('Microsoft Entra ID', response, clock.now());
  return { accessToken, body: JSON.parse(response.body) as Record<string, unknown> };
}
