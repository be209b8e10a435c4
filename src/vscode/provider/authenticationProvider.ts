// The "Azure Identity" authentication provider behind the Accounts menu: a thin adapter from VS Code's
// contract to the AccountService. A session is an account plus the scopes an extension asked for, its token
// fetched silently through the service; creating a session signs in through the one sign-in flow.
import * as vscode from 'vscode';
import type { Account } from '../accounts/accountServiceContract';
import type { AccountService } from '../accounts/accountService';
import type { Logger } from '../logger';
import { parseScopes, type ScopeData } from '../scopeData';
import { signIn } from '../signIn/signInFlow';

export const AUTHENTICATION_PROVIDER_ID = 'azure-identity';
export const AUTHENTICATION_PROVIDER_LABEL = 'Azure Identity';

/** A session's id is the account's id and the scopes' key, so the same request maps to the same session. */
function sessionId(account: Account, data: ScopeData): string {
  return `${account.id}|${data.sessionKey}`;
}

function accountInformation(account: Account): vscode.AuthenticationSessionAccountInformation {
  return { id: account.id, label: account.label };
}

/** The session shape VS Code uses for account-level events and listings, where no token was asked for. */
function accountSession(account: Account): vscode.AuthenticationSession {
  return { id: account.id, accessToken: '', account: accountInformation(account), scopes: [] };
}

export class AzureIdentityAuthenticationProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  readonly id = AUTHENTICATION_PROVIDER_ID;
  private readonly sessionsChanged = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.sessionsChanged.event;
  private readonly subscription: { dispose(): void };

  constructor(private readonly service: AccountService, private readonly logger: Logger) {
    this.subscription = service.onDidChangeAccounts(({ added, removed, changed }) => {
      this.sessionsChanged.fire({ added: added.map(accountSession), removed: removed.map(accountSession), changed: changed.map(accountSession) });
    });
  }

  async getSessions(scopes: readonly string[] | undefined, options: vscode.AuthenticationProviderSessionOptions): Promise<vscode.AuthenticationSession[]> {
    let accounts = await this.service.getAccounts();
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
      const known = await this.service.getAccount(options.account.id);
      const session = known && (await this.trySession(known, data, scopes));
      if (session) return session;
    }
    const account = await signIn(this.service, this.logger, { scopes: data.scopesToSend, tenant: data.tenant, clientId: data.clientId });
    const session = await this.trySession(account, data, scopes);
    if (!session) {
      throw new Error(vscode.l10n.t('Signed in as {0}, but no token for {1} could be had: see the Azure Identity output.', account.label, data.scopesToSend.join(' ')));
    }
    return session;
  }

  async removeSession(id: string): Promise<void> {
    const accountId = id.split('|')[0];
    const account = await this.service.getAccount(accountId);
    if (!account) return;
    await this.service.signOut(accountId);
    this.logger.info(`[removeSession] signed out ${account.label}`);
  }

  /** The account's token for these scopes, silently; undefined (logged) when it cannot be had without a prompt. */
  private async trySession(account: Account, data: ScopeData, scopes: readonly string[]): Promise<vscode.AuthenticationSession | undefined> {
    try {
      const token = await this.service.getToken(account.id, {
        scopes: data.scopesToSend,
        tenantId: data.isSpecificTenant ? data.tenant : undefined,
        consumer: { kind: 'provider' },
      });
      return { id: sessionId(account, data), accessToken: token.token, account: accountInformation(account), scopes: [...scopes] };
    } catch (error) {
      this.logger.info(`[getSessions] [${data.sessionKey}] ${account.label}: no token without signing in again (${error instanceof Error ? error.message : String(error)})`);
      return undefined;
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.sessionsChanged.dispose();
  }
}
