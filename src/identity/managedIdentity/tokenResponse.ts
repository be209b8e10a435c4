// Turns a managed-identity endpoint's answer into an AccessToken or a typed error. The sources disagree on
// shapes: `expires_on` is epoch seconds (number or string), an ISO date, or "MM/DD/YYYY HH:MM:SS +00:00"
// (App Service 2017 / Azure ML); some send `expires_in`; some send `refresh_in`.
import { ClientAuthenticationError, parseErrorResponse, type ErrorResponse } from '../errors';
import type { AccessToken } from '../types';
import type { HttpResponse } from '../http/index';

const TWO_HOURS_MS = 2 * 3600 * 1000;
/** The largest time a Date holds. */
const MAX_DATE_MS = 8.64e15;

/** The AccessToken in a 200 response; throws ClientAuthenticationError (never quoting the token) otherwise. */
export function parseTokenResponse(source: string, response: HttpResponse, nowMs: number): AccessToken {
  let body: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(response.body);
    if (parsed === null || typeof parsed !== 'object') throw new Error('not an object');
    body = parsed as Record<string, unknown>;
  } catch {
    throw new ClientAuthenticationError(response.status, {
      error: 'invalid_response',
      errorDescription: `${source} returned a response that is not JSON (content type ${String(response.headers['content-type'] ?? 'unknown')}).`,
    });
  }
  const token = body.access_token;
  if (typeof token !== 'string' || token.length === 0) {
    throw new ClientAuthenticationError(response.status, {
      error: 'invalid_response',
      errorDescription: `${source} returned no access_token (fields: ${Object.keys(body).join(', ') || 'none'}).`,
    });
  }
  const expiresOnTimestamp = readExpiry(body, nowMs);
  // 1e308 seconds or a negative time is not an expiry: it would make the token live forever or never.
  if (expiresOnTimestamp === undefined || !Number.isFinite(expiresOnTimestamp) || expiresOnTimestamp <= 0 || expiresOnTimestamp > MAX_DATE_MS) {
    throw new ClientAuthenticationError(response.status, {
      error: 'invalid_response',
      errorDescription: `${source} returned a token without a readable expiry (expires_on/expires_in).`,
    });
  }
  const refreshIn = toNumber(body.refresh_in);
  let refreshAfterTimestamp: number | undefined;
  if (refreshIn !== undefined && refreshIn > 0) {
    // Never later than the expiry: a refresh_in past it would leave the token to lapse unrefreshed.
    refreshAfterTimestamp = Math.min(nowMs + refreshIn * 1000, expiresOnTimestamp);
  } else if (expiresOnTimestamp - nowMs > TWO_HOURS_MS) {
    // Long-lived managed-identity tokens (24 h) are refreshed at half-life, as MSAL does.
    refreshAfterTimestamp = nowMs + (expiresOnTimestamp - nowMs) / 2;
  }
  return { token, expiresOnTimestamp, ...(refreshAfterTimestamp !== undefined ? { refreshAfterTimestamp } : {}), tokenType: 'Bearer' };
}

function readExpiry(body: Record<string, unknown>, nowMs: number): number | undefined {
  const expiresOn = body.expires_on;
  const numeric = toNumber(expiresOn);
  if (numeric !== undefined) return numeric * 1000;
  if (typeof expiresOn === 'string' && expiresOn.length > 0) {
    const parsed = parseDateString(expiresOn);
    if (parsed !== undefined) return parsed;
  }
  const expiresIn = toNumber(body.expires_in);
  if (expiresIn !== undefined) return nowMs + expiresIn * 1000;
  return undefined;
}

/** ISO 8601, or App Service 2017's "06/20/2019 02:57:58 +00:00" / "1/16/2020 5:24:12 AM +00:00". */
function parseDateString(value: string): number | undefined {
  const appService = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2})(?: ([AP]M))? \+00:00$/i.exec(value.trim());
  if (appService) {
    const [, month, day, year, hourText, minute, second, meridiem] = appService;
    let hour = Number(hourText);
    if (meridiem) hour = (hour % 12) + (meridiem.toUpperCase() === 'PM' ? 12 : 0);
    return Date.UTC(Number(year), Number(month) - 1, Number(day), hour, Number(minute), Number(second));
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

/** The endpoint's error, parsed from the Entra shape or the App Service / IMDS shapes. */
export function parseEndpointError(source: string, response: HttpResponse): ErrorResponse {
  const entra = parseErrorResponse(response.body);
  if (entra) return entra;
  let message: string | undefined;
  try {
    const parsed: unknown = JSON.parse(response.body);
    if (parsed && typeof parsed === 'object') {
      const record = parsed as Record<string, unknown>;
      const nested = record.error && typeof record.error === 'object' ? (record.error as Record<string, unknown>) : undefined;
      const candidate = record.message ?? record.Message ?? nested?.message;
      if (typeof candidate === 'string') message = candidate;
      const code = nested?.code;
      if (typeof code === 'string') return { error: code, errorDescription: message ?? '' };
    }
  } catch {
    // not JSON: fall through to a short excerpt
  }
  const contentType = String(response.headers['content-type'] ?? '');
  if (message === undefined && (/html/i.test(contentType) || /^\s*</.test(response.body))) {
    // A proxy's or gateway's error page: its markup says nothing a person can use.
    return { error: `http_${response.status}`, errorDescription: `${source} answered HTTP ${response.status} with an HTML page instead of JSON (a proxy or gateway error page?).` };
  }
  const excerpt = response.body.replace(/\s+/g, ' ').trim().slice(0, 200);
  return { error: `http_${response.status}`, errorDescription: message ?? (excerpt || `${source} answered HTTP ${response.status}.`) };
}
