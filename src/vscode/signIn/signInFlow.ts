// One interactive sign-in: pick the method (unless one is given), run it with cancellable progress and a
// 5-minute bound, and hand the result to the account service. The provider's createSession, the Sign In
// command, the welcome view and "Sign in to tenant" all come through here, so there is one way to sign in.
import * as vscode from 'vscode';
import type { Account, SignedInAccount } from '../accounts/accountServiceContract';
import type { AccountService } from '../accounts/accountService';
import type { Logger } from '../log/logger';
import { readSettings } from '../settings';
import type { ExtensionSettings, SignInMethodId } from '../settingsModel';
import { CLOUDS, cloudOfAuthorityHost, resourceManagerEndpointOf } from '../accounts/clouds';
import { SIGN_IN_METHOD_DETAILS, pickSignInMethod } from './signInMethods';
import { announceSignInOutcome } from '../telemetry/signInOutcomes';

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
  /** Who is expected to sign in (the browser's sign-in page is filled in). */
  readonly loginHint?: string;
  /** Sign in to this account's cloud rather than the configured one ("Sign in to tenant" of a stored account). */
  readonly cloudOf?: Pick<SignedInAccount, 'cloud' | 'authorityHost' | 'resourceManagerEndpoint' | 'clientId'>;
  /**
   * Sign in to this authority host's cloud instead of the configured one (an MCP server's authorization server
   * in another cloud names it).
   */
  readonly authorityHost?: string;
  /** Claims a resource's challenge asked for (JSON): the sign-in's token satisfies them. */
  readonly claims?: string;
}

/** The settings with the cloud of another authority host put in, for a sign-in to that cloud. */
function settingsForCloud(settings: ExtensionSettings, authorityHost: string | undefined): ExtensionSettings {
  if (!authorityHost) return settings;
  const cloud = cloudOfAuthorityHost(authorityHost);
  if (cloud === settings.cloud && (cloud !== 'custom' || authorityHost === settings.authorityHost)) return settings;
  const host = cloud === 'custom' ? authorityHost : CLOUDS[cloud].authorityHost;
  return { ...settings, cloud, authorityHost: host, isCustomCloud: cloud === 'custom', resourceManagerEndpoint: resourceManagerEndpointOf(cloud, host) };
}

export class SignInTimeoutError extends Error {
  constructor(method: string) {
    super(vscode.l10n.t('Signing in with {0} got no answer within 5 minutes. Try again, or pick another way to sign in (a device code works from any device).', method));
    this.name = 'SignInTimeoutError';
  }
}

export async function signIn(service: AccountService, logger: Logger, options: SignInOptions = {}): Promise<Account> {
  const configured = readSettings();
  const settings = options.cloudOf
    ? { ...configured, cloud: options.cloudOf.cloud, authorityHost: options.cloudOf.authorityHost, resourceManagerEndpoint: options.cloudOf.resourceManagerEndpoint, isCustomCloud: options.cloudOf.cloud === 'custom' }
    : settingsForCloud(configured, options.authorityHost);
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
          clientId: options.clientId ?? options.cloudOf?.clientId ?? settings.clientId,
          loginHint: options.loginHint,
          settings,
          abortSignal: AbortSignal.any([cancelled.signal, timeout]),
          tokenCache: service.userTokenCache,
          report: (message) => progress.report({ message }),
          ...(options.claims ? { claims: options.claims } : {}),
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
      const cancelled = error instanceof vscode.CancellationError;
      announceSignInOutcome({ method, outcome: cancelled ? 'cancelled' : 'failed', durationMs: Date.now() - started, error });
      if (cancelled) logger.info(`[signIn] ${method} cancelled after ${Date.now() - started} ms`);
      else logger.error(`[signIn] ${method} failed after ${Date.now() - started} ms: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    },
  );
  const account = await service.addAccount(result.account, result.credential);
  announceSignInOutcome({ method, outcome: 'success', durationMs: Date.now() - started });
  logger.info(`[signIn] signed in ${account.label} with ${method} in ${Date.now() - started} ms`);
  return account;
}
