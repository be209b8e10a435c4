// The library's typed errors. Each message tells a person what to do next and never carries a token,
// secret, password or assertion: messages end up in logs, output panels and bug reports.
import type { GetTokenOptions } from './types';

export const CredentialUnavailableErrorName = 'CredentialUnavailableError';
export const AuthenticationErrorName = 'AuthenticationError';
export const AggregateAuthenticationErrorName = 'AggregateAuthenticationError';
export const AuthenticationRequiredErrorName = 'AuthenticationRequiredError';

/**
 * The credential cannot try to authenticate here (a tool is missing, no identity is configured, ...).
 * A chain moves on to its next credential.
 */
export class CredentialUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = CredentialUnavailableErrorName;
  }
}

/** The error body Microsoft Entra ID returns, parsed. */
export interface ErrorResponse {
  /** OAuth error code, for example `invalid_client`. */
  error: string;
  /** The authority's description, starting with the AADSTS code. */
  errorDescription: string;
  /** AADSTS numbers, for example `[7000215]`. */
  errorCodes?: number[];
  timestamp?: string;
  traceId?: string;
  correlationId?: string;
}

/** Parses an Entra error body (JSON object or string); returns undefined when it is not one. */
export function parseErrorResponse(body: unknown): ErrorResponse | undefined {
  let value = body;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (value === null || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.error !== 'string') return undefined;
  const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const codes = Array.isArray(record.error_codes) ? record.error_codes.filter((c): c is number => typeof c === 'number') : undefined;
  return {
    error: record.error,
    errorDescription: asString(record.error_description) ?? '',
    errorCodes: codes,
    timestamp: asString(record.timestamp),
    traceId: asString(record.trace_id),
    correlationId: asString(record.correlation_id),
  };
}

/** The first AADSTS code of a response, for example `AADSTS7000215`, if any. */
export function aadstsCode(response: ErrorResponse | undefined): string | undefined {
  if (!response) return undefined;
  if (response.errorCodes && response.errorCodes.length > 0) return `AADSTS${response.errorCodes[0]}`;
  return /AADSTS\d+/.exec(response.errorDescription)?.[0];
}

/**
 * The authority refused or failed the request. `statusCode` is the HTTP status when there was a response;
 * `errorResponse` is the parsed Entra error (AADSTS code, description, correlation id).
 */
export class ClientAuthenticationError extends Error {
  readonly statusCode: number | undefined;
  readonly errorResponse: ErrorResponse;

  constructor(statusCode: number | undefined, errorResponse: ErrorResponse | string, options?: { message?: string; cause?: unknown }) {
    const response: ErrorResponse =
      typeof errorResponse === 'string' ? { error: 'authentication_failed', errorDescription: errorResponse } : errorResponse;
    super(options?.message ?? describeErrorResponse(statusCode, response), { cause: options?.cause });
    this.name = AuthenticationErrorName;
    this.statusCode = statusCode;
    this.errorResponse = response;
  }
}

/** @azure/identity's name for the same error. */
export { ClientAuthenticationError as AuthenticationError };

function describeErrorResponse(statusCode: number | undefined, response: ErrorResponse): string {
  const status = statusCode === undefined ? '' : ` (HTTP ${statusCode})`;
  const description = response.errorDescription ? `: ${firstLine(response.errorDescription)}` : '';
  const correlation = response.correlationId ? ` Correlation ID: ${response.correlationId}.` : '';
  return `Authentication failed with ${response.error}${status}${description}${correlation}`;
}

function firstLine(text: string): string {
  const line = text.split(/\r?\n/, 1)[0] ?? '';
  return line.trim();
}

/** Options for AuthenticationRequiredError (the @azure/identity shape). */
export interface AuthenticationRequiredErrorOptions {
  scopes: string[];
  getTokenOptions?: GetTokenOptions;
  message?: string;
  cause?: unknown;
}

/**
 * A user must sign in interactively, but the credential was told not to prompt on its own
 * (`disableAutomaticAuthentication`). Call the credential's `authenticate()` and retry.
 */
export class AuthenticationRequiredError extends Error {
  readonly scopes: string[];
  readonly getTokenOptions?: GetTokenOptions;

  constructor(options: AuthenticationRequiredErrorOptions) {
    super(
      options.message ??
        'Interactive authentication is required to get a token, and automatic authentication is disabled. Call authenticate() to sign in, then retry.',
      { cause: options.cause },
    );
    this.name = AuthenticationRequiredErrorName;
    this.scopes = options.scopes;
    this.getTokenOptions = options.getTokenOptions;
  }

  /** Additional claims required in the next authentication (the Python library's `claims`). */
  get claims(): string | undefined {
    return this.getTokenOptions?.claims;
  }
}

/** Every credential of a chain failed; `errors` holds each attempt's error in order. */
export class AggregateAuthenticationError extends Error {
  readonly errors: unknown[];

  constructor(errors: unknown[], message?: string) {
    super(message ?? `Authentication failed for every credential:\n${errors.map((e) => `\t${errorMessage(e)}`).join('\n')}`);
    this.name = AggregateAuthenticationErrorName;
    this.errors = errors;
  }
}

/** A caller's abortSignal fired before a token arrived. */
export class AbortError extends Error {
  constructor(message = 'The token request was cancelled.') {
    super(message);
    this.name = 'AbortError';
  }
}

/**
 * Bad input from the caller or the configuration: an invalid tenant id, scope, authority host, certificate,
 * redirect URI or authentication record. `argument` names the offending input.
 */
export class InvalidArgumentError extends Error {
  readonly argument: string;

  constructor(argument: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvalidArgumentError';
    this.argument = argument;
  }
}

/** A message from anything thrown, for logs and aggregated errors. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
