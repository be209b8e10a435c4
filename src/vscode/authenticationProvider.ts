// The "Azure Identity" authentication provider behind the Accounts menu. Accounts are remembered in
// SecretStorage (AccountStore); a session is an account plus the scopes an extension asked for, its token
// fetched silently through the account's credential. Signing in offers the ways the chain has.
import * as vscode from 'vscode';
import { AccountStore } from './accounts/accountStore';
import { AccountCredentials } from './accounts/accountCredentials';
import type { StoredAccount } from './accounts/storedAccount';
import { CredentialUnavailableError, type AccessToken, type GetTokenOptions } from '../identity/index';
import type { Logger } from './logger';
import { parseScopes, type ScopeData } from './scopeData';
import { readSettings } from './settings';
import { SIGN_IN_METHOD_DETAILS, pickSignInMethod } from './signIn/signInMethods';

export const AUTHENTICATION_PROVIDER_ID = 'azure-identity';
export const AUTHENTICATION_PROVIDER_LABEL = 'Azure Identity';

/** A session's id is the account's id and the scopes' key, so the same request maps to the same session. */
function sessionId(account: StoredAccount, data: ScopeData): string {
  return `${account.id}|${data.sessionKey}`;
}

function accountInformation(account: StoredAccount): vscode.AuthenticationSessionAccountInformation {
  return { id: account.id, label: account.label };
}

/** The session shape VS Code uses for account-level events and listings, where no token was asked for. */
function accountSession(account: StoredAccount): vscode.AuthenticationSession {
  return { id: account.id, accessToken: '', account: accountInformation(account), scopes: [] };
}

export class AzureIdentityAuthenticationProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  readonly id = AUTHENTICATION_PROVIDER_ID;
  private readonly sessionsChanged = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.sessionsChanged.event;
  readonly accounts: AccountStore;
  readonly credentials: AccountCredentials;
  private readonly subscription: vscode.Disposable;

  constructor(secrets: vscode.SecretStorage, private readonly logger: Logger) {
    this.accounts = new AccountStore(secrets, logger);
    this.credentials = new AccountCredentials(secrets);
    this.subscription = this.accounts.onDidChange(({ added, removed }) => {
      for (const account of removed) this.credentials.forget(account.id);
      this.sessionsChanged.fire({ added: added.map(accountSession), removed: removed.map(accountSession), changed: [] });
    });
  }

  async getSessions(scopes: readonly string[] | undefined, options: vscode.AuthenticationProviderSessionOptions): Promise<vscode.AuthenticationSession[]> {
    let accounts = await this.accounts.list();
    if (options.account) accounts = accounts.filter((a) => a.id === options.account?.id);
    if (!scopes || scopes.length === 0) return accounts.map(accountSession);
    const data = parseScopes(scopes);
    const sessions: vscode.AuthenticationSession[] = [];
    for (const account of accounts) {
      const session = await this.trySession(account, data, scopes);
      if (session) sessions.push(session);
    }
    return sessions;
  }

  async createSession(scopes: readonly string[], options: vscode.AuthenticationProviderSessionOptions): Promise<vscode.AuthenticationSession> {
    const data = parseScopes(scopes);
    if (options.account) {
      const known = await this.accounts.get(options.account.id);
      const session = known && (await this.trySession(known, data, scopes));
      if (session) return session;
    }
    const settings = readSettings();
    const method = await pickSignInMethod(settings.signInMethods);
    if (!method) throw new vscode.CancellationError();
    const started = Date.now();
    this.logger.info(`[createSession] [${data.sessionKey}] signing in with ${method}`);
    const account = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Signing in with Azure Identity…', cancellable: true },
      (_progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return SIGN_IN_METHOD_DETAILS[method].run(
          { scopes: data.scopesToSend, tenant: data.tenant ?? settings.tenant, clientId: data.clientId ?? settings.clientId, settings, abortSignal: abort.signal },
          this.credentials,
        );
      },
    ).then(
      (signedIn) => signedIn,
      (error: unknown) => {
        this.logger.error(`[createSession] ${method} failed after ${Date.now() - started} ms: ${error instanceof Error ? error.message : String(error)}`);
        throw error;
      },
    );
    this.logger.info(`[createSession] signed in ${account.label} with ${method} in ${Date.now() - started} ms`);
    await this.accounts.upsert(account);
    const session = await this.trySession(account, data, scopes);
    if (!session) throw new Error(`Signed in as ${account.label}, but no token for ${data.scopesToSend.join(' ')} could be had: see the Azure Identity output.`);
    return session;
  }

  async removeSession(id: string): Promise<void> {
    const accountId = id.split('|')[0];
    const account = await this.accounts.get(accountId);
    if (!account) return;
    await this.accounts.remove(accountId);
    this.logger.info(`[removeSession] signed out ${account.label}`);
  }

  /**
   * A token for the default account (the first signed in), for the exported API and the terminal endpoint.
   * Never prompts: without an account it says to sign in from the Accounts menu.
   */
  async getTokenForDefaultAccount(scopes: string | string[], options: GetTokenOptions = {}): Promise<AccessToken> {
    const [account] = await this.accounts.list();
    if (!account) throw new CredentialUnavailableError('No account is signed in to Azure Identity. Sign in from the Accounts menu (Sign in with Azure Identity).');
    const token = await this.credentials.for(account).getToken(scopes, options);
    if (!token) throw new CredentialUnavailableError(`No token for ${account.label}; sign in again from the Accounts menu.`);
    return token;
  }

  /** The account's token for these scopes, silently; undefined (logged) when it cannot be had without a prompt. */
  private async trySession(account: StoredAccount, data: ScopeData, scopes: readonly string[]): Promise<vscode.AuthenticationSession | undefined> {
    try {
      const token = await this.credentials.for(account).getToken([...data.scopesToSend], data.isSpecificTenant ? { tenantId: data.tenant } : {});
      if (!token) return undefined;
      return { id: sessionId(account, data), accessToken: token.token, account: accountInformation(account), scopes: [...scopes] };
    } catch (error) {
      this.logger.info(`[getSessions] [${data.sessionKey}] ${account.label}: no token without signing in again (${error instanceof Error ? error.message : String(error)})`);
      return undefined;
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.accounts.dispose();
    this.sessionsChanged.dispose();
  }
}
