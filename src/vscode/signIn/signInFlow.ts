// One interactive sign-in: pick the method (unless one is given), run it with cancellable progress and a
// 5-minute bound, and hand the result to the account service. The provider's createSession, the Sign In
// command, the welcome view and "Sign in to tenant" all come through here, so there is one way to sign in.
import * as vscode from 'vscode';
import type { Account } from '../accounts/accountServiceContract';
import type { AccountService } from '../accounts/accountService';
import type { Logger } from '../logger';
import { readSettings } from '../settings';
import type { SignInMethodId } from '../settingsModel';
import { SIGN_IN_METHOD_DETAILS, pickSignInMethod } from './signInMethods';

/** A sign-in that gets no answer ends after this long, with a message saying what to try. */
export const SIGN_IN_TIMEOUT_MS = 5 * 60_000;

export interface SignInOptions {
  /** The scopes to sign in for; default: the configured cloud's Resource Manager. */
  readonly scopes?: readonly string[];
  /** A tenant other than the configured one (VSCODE_TENANT:, "Sign in to tenant"). */
  readonly tenant?: string;
  readonly clientId?: string;
  /** Skip the picker. */
  readonly method?: SignInMethodId;
}

export class SignInTimeoutError extends Error {
  constructor(method: string) {
    super(vscode.l10n.t('Signing in with {0} got no answer within 5 minutes. Try again, or pick another way to sign in (a device code works from any device).', method));
    this.name = 'SignInTimeoutError';
  }
}

export async function signIn(service: AccountService, logger: Logger, options: SignInOptions = {}): Promise<Account> {
  const settings = readSettings();
  const method = options.method ?? (await pickSignInMethod(settings.signInMethods));
  if (!method) throw new vscode.CancellationError();
  const scopes = options.scopes && options.scopes.length ? options.scopes : [`${settings.resourceManagerEndpoint}/.default`];
  const details = SIGN_IN_METHOD_DETAILS[method];
  const started = Date.now();
  logger.info(`[signIn] signing in with ${method} to ${settings.cloud} for ${scopes.join(' ')}`);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Signing in with Azure Identity…'), cancellable: true },
    async (progress, token) => {
      const cancelled = new AbortController();
      const subscription = token.onCancellationRequested(() => cancelled.abort());
      const timeout = AbortSignal.timeout(SIGN_IN_TIMEOUT_MS);
      try {
        return await details.run({
          scopes,
          tenant: options.tenant ?? settings.tenant,
          clientId: options.clientId ?? settings.clientId,
          settings,
          abortSignal: AbortSignal.any([cancelled.signal, timeout]),
          tokenCache: service.userTokenCache,
          report: (message) => progress.report({ message }),
        });
      } catch (error) {
        if (cancelled.signal.aborted) throw new vscode.CancellationError();
        if (timeout.aborted) throw new SignInTimeoutError(method);
        throw error;
      } finally {
        subscription.dispose();
      }
    },
  ).then(
    (signedIn) => signedIn,
    (error: unknown) => {
      if (error instanceof vscode.CancellationError) logger.info(`[signIn] ${method} cancelled after ${Date.now() - started} ms`);
      else logger.error(`[signIn] ${method} failed after ${Date.now() - started} ms: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    },
  );
  const account = await service.addAccount(result.account, result.credential);
  logger.info(`[signIn] signed in ${account.label} with ${method} in ${Date.now() - started} ms`);
  return account;
}
