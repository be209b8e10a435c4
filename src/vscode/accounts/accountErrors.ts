// The typed errors of the account service. They are CredentialUnavailableErrors (same `name`), so an Azure SDK
// chain given our credential moves on to its next credential; `code` tells them apart without `instanceof`
// across bundles.
import { CredentialUnavailableError } from '../../identity/index';
import { t } from '../report/localize';

export type AccountErrorCode = 'noAccount' | 'unknownAccount';

export class AccountUnavailableError extends CredentialUnavailableError {
  constructor(readonly code: AccountErrorCode, message: string, readonly accountId?: string) {
    super(message);
  }
}

export function noAccountError(): AccountUnavailableError {
  return new AccountUnavailableError('noAccount', t('No account is signed in to Azure Identity. Sign in from the Accounts menu or the Azure Identity view (Azure Identity: Sign In).'));
}

export function unknownAccountError(accountId: string): AccountUnavailableError {
  return new AccountUnavailableError('unknownAccount', t('That account is no longer signed in to Azure Identity. Sign in again from the Accounts menu.'), accountId);
}

/** True for an AccountUnavailableError from any bundle. */
export function isAccountUnavailableError(error: unknown): error is AccountUnavailableError {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && error.name === 'CredentialUnavailableError' && (code === 'noAccount' || code === 'unknownAccount');
}

/** Whether an error means "sign in interactively first" (MFA, conditional access, consent, an expired session). */
export function needsInteractiveSignIn(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'AuthenticationRequiredError') return true;
  const response = (error as { errorResponse?: { error?: string } }).errorResponse;
  if (response?.error === 'interaction_required' || response?.error === 'consent_required' || response?.error === 'login_required') return true;
  return /interaction_required|AADSTS(50076|50079|50158|53003|50072|65001|50173|700082)\b/.test(error.message);
}

/** The first line of an error's message: enough for a tree item or a log line. */
export function shortReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split(/\r?\n/)[0]?.trim() || 'unknown error';
}
