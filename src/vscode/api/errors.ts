// The errors the exported API rejects with, and the type guard that recognises them in any bundle: other
// extensions carry their own copies of every class, so they test `name` and `code`, never `instanceof`.
import type { AzureIdentityError, AzureIdentityErrorCode } from './contract';

export const AZURE_IDENTITY_ERROR_NAME = 'AzureIdentityError';

const CODES: ReadonlySet<string> = new Set<AzureIdentityErrorCode>([
  'NotSignedIn',
  'AccountNotFound',
  'ConsentRequired',
  'ConsentDenied',
  'SignInRequired',
  'InvalidRequest',
  'HandshakeFailed',
  'Cancelled',
  'TokenUnavailable',
]);

export class AzureIdentityApiError extends Error implements AzureIdentityError {
  override readonly name = AZURE_IDENTITY_ERROR_NAME;
  readonly isNotSignedInError?: true;

  constructor(
    readonly code: AzureIdentityErrorCode,
    message: string,
  ) {
    super(message);
    if (code === 'NotSignedIn') this.isNotSignedInError = true;
  }
}

/** True when `error` is an AzureIdentityError (of `code`, when given), whichever bundle made it. */
export function isAzureIdentityError(error: unknown, code?: AzureIdentityErrorCode): error is AzureIdentityError {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as { name?: unknown; code?: unknown };
  if (candidate.name !== AZURE_IDENTITY_ERROR_NAME || typeof candidate.code !== 'string' || !CODES.has(candidate.code)) return false;
  return code === undefined || candidate.code === code;
}
