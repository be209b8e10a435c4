// Signs a user in with the device code flow: the user opens a URL on any device and types a code; the
// credential polls the authority until they finish, decline, or the code or `timeout` expires.
import type { AuthenticationRecord } from '../authenticationRecord';
import { AbortError, ClientAuthenticationError, InvalidArgumentError } from '../errors';
import type { DeviceCodeDetails, UserTokenResult } from '../msal/msalClient';
import { DEVELOPER_SIGN_ON_CLIENT_ID, resolveConfiguredTenant } from '../tenant';
import type { TokenRequest } from '../tokenRunner';
import type { GetTokenOptions } from '../types';
import type { DeviceCodeCredentialOptions, DeviceCodeInfo, DeviceCodePromptCallback } from './deviceCodeCredentialOptions';
import { UserCredential } from './userCredential';

const NAME = 'DeviceCodeCredential';

/** Writes the authority's instructions to stdout, as the other Azure Identity libraries do by default. */
export function defaultDeviceCodePromptCallback(info: DeviceCodeInfo): void {
  process.stdout.write(`${info.message}\n`);
}

export class DeviceCodeCredential extends UserCredential {
  private readonly prompt: DeviceCodePromptCallback;
  private readonly timeoutInSeconds: number | undefined;

  constructor(options?: DeviceCodeCredentialOptions) {
    const clientId = options?.clientId || DEVELOPER_SIGN_ON_CLIENT_ID;
    const tenant = resolveConfiguredTenant(options?.tenantId, clientId);
    if (options?.timeout !== undefined && !(options.timeout > 0)) {
      throw new InvalidArgumentError('timeout', `${NAME}: timeout is in seconds and must be positive.`);
    }
    super(NAME, options, {
      clientId,
      tenantId: tenant,
      authenticationRecord: options?.authenticationRecord,
      disableAutomaticAuthentication: options?.disableAutomaticAuthentication,
    });
    this.timeoutInSeconds = options?.timeout;
    this.prompt = promptFrom(options);
  }

  /** Runs the device code flow now and returns the signed-in account's record. */
  authenticate(scopes?: string | string[], options?: GetTokenOptions): Promise<AuthenticationRecord> {
    return this.authenticateUser(scopes, options);
  }

  protected async signIn(request: TokenRequest): Promise<UserTokenResult> {
    const timeout = this.timeoutInSeconds;
    if (timeout === undefined) return this.msal.acquireTokenByDeviceCode(request, (d) => this.show(d), undefined);
    // MSAL checks its own timeout only between polls; this timer answers on time.
    const timer = new AbortController();
    const handle = setTimeout(() => timer.abort(), timeout * 1000);
    try {
      const abortSignal = AbortSignal.any([request.abortSignal, timer.signal]);
      return await this.msal.acquireTokenByDeviceCode({ ...request, abortSignal }, (d) => this.show(d), timeout);
    } catch (error) {
      if (error instanceof AbortError && timer.signal.aborted && !request.abortSignal.aborted) {
        throw new ClientAuthenticationError(undefined, {
          error: 'user_timeout_reached',
          errorDescription: `Timed out after ${timeout} s waiting for the user to sign in with the device code. Sign in sooner, or raise timeout.`,
        });
      }
      throw error;
    } finally {
      clearTimeout(handle);
    }
  }

  private show(details: DeviceCodeDetails): void {
    try {
      this.prompt({ ...details });
    } catch {
      // A failing prompt must not hide the flow's own outcome; the user may still sign in.
    }
  }
}

function promptFrom(options: DeviceCodeCredentialOptions | undefined): DeviceCodePromptCallback {
  if (options?.userPromptCallback) return options.userPromptCallback;
  const reference = options?.promptCallback;
  if (reference) return (info) => reference(info.verificationUri, info.userCode, info.expiresOn);
  return defaultDeviceCodePromptCallback;
}
