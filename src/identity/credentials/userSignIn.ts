// What the user credentials share: try MSAL's cache / refresh token for the known account first, prompt only
// when that fails (or throw AuthenticationRequiredError when prompting is disabled), remember the account
// that signed in, and implement `authenticate()` → AuthenticationRecord.
import { AuthenticationRecord, type AuthenticationRecordData } from '../authenticationRecord';
import { defaultManagementScope } from '../authorityHosts';
import { AuthenticationRequiredError, ClientAuthenticationError } from '../errors';
import type { CredentialLogger } from '../logger';
import type { MsalAccountInfo } from '../msal/loadMsal';
import type { MsalClient, UserTokenResult } from '../msal/msalClient';
import type { TokenRequest, TokenRunner } from '../tokenRunner';
import type { AccessToken, GetTokenOptions } from '../types';

export interface UserSignInOptions {
  credentialName: string;
  msal: MsalClient;
  logger: CredentialLogger;
  authenticationRecord?: AuthenticationRecordData;
  disableAutomaticAuthentication?: boolean;
  /** The flow that involves the user (or their password, or a code): runs when silent acquisition cannot. */
  signIn: (request: TokenRequest) => Promise<UserTokenResult>;
}

export class UserSignIn {
  private account: MsalAccountInfo | undefined;
  private record: AuthenticationRecord | undefined;

  constructor(private readonly options: UserSignInOptions) {
    if (options.authenticationRecord) {
      this.record = new AuthenticationRecord(options.authenticationRecord);
      if (this.record.clientId !== options.msal.clientId) {
        options.logger.warning(
          `The authentication record was written for client ${this.record.clientId}, but this credential uses client ${options.msal.clientId}; its cached tokens will not be found.`,
        );
      }
    }
  }

  /** The record of the account signed in so far, if any. */
  get authenticationRecord(): AuthenticationRecord | undefined {
    return this.record;
  }

  /** The TokenAcquirer for the credential's runner. */
  readonly acquire = async (request: TokenRequest): Promise<AccessToken> => {
    const account = await this.knownAccount(request.enableCae);
    let signInRequest = request;
    if (account) {
      try {
        return (await this.options.msal.acquireTokenSilent(request, account)).accessToken;
      } catch (error) {
        if (!(error instanceof AuthenticationRequiredError)) throw error;
        this.options.logger.info(`Silent token acquisition failed; ${this.options.disableAutomaticAuthentication ? 'automatic authentication is disabled' : 'signing in again'}.`);
        if (this.options.disableAutomaticAuthentication) throw error;
        // The authority may have answered with a claims challenge (MFA, CAE): the sign-in must carry it.
        if (error.claims) signInRequest = { ...request, claims: error.claims };
      }
    } else if (this.options.disableAutomaticAuthentication) {
      throw new AuthenticationRequiredError({
        scopes: request.scopes,
        getTokenOptions: request.getTokenOptions,
        message: `${this.options.credentialName} needs a user to sign in, and disableAutomaticAuthentication is set. Call authenticate() to sign in, then retry.`,
      });
    }
    return (await this.signIn(signInRequest)).accessToken;
  };

  /** Signs the user in (always with the user), caches the token, and returns the account's record. */
  async authenticate(runner: TokenRunner, scopes: string | string[] | undefined, getTokenOptions?: GetTokenOptions): Promise<AuthenticationRecord> {
    const scopeList = scopes === undefined ? [defaultManagementScope(this.options.msal.authorityHost)] : typeof scopes === 'string' ? [scopes] : scopes;
    await runner.runUncached(scopeList, getTokenOptions, async (request) => (await this.signIn(request)).accessToken);
    if (!this.record) {
      throw new ClientAuthenticationError(undefined, { error: 'no_account', errorDescription: 'Sign-in returned no account.' });
    }
    return this.record;
  }

  private async signIn(request: TokenRequest): Promise<UserTokenResult> {
    const result = await this.options.signIn(request);
    this.account = result.account;
    this.record = this.options.msal.toRecord(result.account);
    this.options.logger.info(`Signed in to tenant ${result.account.tenantId || 'unknown'} with client ${this.options.msal.clientId}.`);
    return result;
  }

  private async knownAccount(enableCae: boolean): Promise<MsalAccountInfo | undefined> {
    if (this.account) return this.account;
    if (!this.record) return undefined;
    // Only a persistent cache (or an earlier sign-in by this process) can hold the record's account.
    this.account = await this.options.msal.findAccount(this.record, enableCae);
    if (!this.account) this.options.logger.info('The authentication record\'s account is not in the token cache; the user must sign in.');
    return this.account;
  }
}
