// The "Azure Identity" authentication provider behind the Accounts menu: a thin adapter from VS Code's contract
// (stable, plus the proposals authIssuers and authenticationChallenges, declared here and feature-detected) to
// the AccountService. Its decisions live in plain TypeScript beside it: scope conventions (scopeData.ts),
// challenges (challenges.ts), authorization servers (authorizationServers.ts), which account serves what and
// which session ids exist (sessionRequests.ts).
import * as vscode from 'vscode';
import type { Account, AccountServiceContract, AccountToken } from '../accounts/accountServiceContract';
import type { Logger } from '../log/logger';
import { ChallengeError, challengeRequest, type AuthenticationChallenge, type BearerChallenge } from './challenges';
import { ScopeError } from './scopeData';
import {
  SessionLedger, accountIdOfSession, eligibleAccounts, resolveRequest, sessionIdOf, tokenRequestFor, type ResolvedRequest, type SessionRequest,
} from './sessionRequests';

export const AUTHENTICATION_PROVIDER_ID = 'azure-identity';
export const AUTHENTICATION_PROVIDER_LABEL = 'Azure Identity';

/** Proposal authIssuers: what the MCP client adds to the session options. */
export interface ProposedSessionOptions extends vscode.AuthenticationProviderSessionOptions {
  readonly authorizationServer?: vscode.Uri;
  readonly clientId?: string;
  readonly resource?: string;
}

/** Proposal authenticationChallenges: what VS Code hands the provider for getSession(id, { wwwAuthenticate }). */
export interface AuthenticationConstraint {
  readonly challenges: readonly AuthenticationChallenge[];
  readonly fallbackScopes?: readonly string[];
}

/** How the provider signs someone in: the one sign-in flow, told the cloud, tenant, client and claims. */
export type ProviderSignIn = (options: {
  readonly scopes: readonly string[];
  readonly tenant?: string;
  readonly clientId?: string;
  /** The cloud an MCP authorization server lives in, when it is not the configured one. */
  readonly authorityHost?: string;
  /** Claims a challenge asked for: the sign-in must satisfy them. */
  readonly claims?: string;
}) => Promise<Account>;

function accountInformation(account: Account): vscode.AuthenticationSessionAccountInformation {
  return { id: account.id, label: account.label };
}

/** The session VS Code uses for account-level listings and events (the Accounts menu, sign out). */
function accountSession(account: Account): vscode.AuthenticationSession {
  return { id: account.id, accessToken: '', account: accountInformation(account), scopes: [] };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Errors the caller caused (bad scopes, a challenge that is not Bearer) keep their words; others are wrapped. */
function asCallerError(error: unknown): Error {
  if (error instanceof ScopeError || error instanceof ChallengeError) return new Error(error.message);
  return error instanceof Error ? error : new Error(String(error));
}

export class AzureIdentityAuthenticationProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  readonly id = AUTHENTICATION_PROVIDER_ID;
  private readonly sessionsChanged = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.sessionsChanged.event;
  private readonly ledger = new SessionLedger();
  private readonly subscriptions: { dispose(): void }[] = [];

  constructor(
    private readonly service: AccountServiceContract,
    private readonly logger: Logger,
    private readonly signIn: ProviderSignIn,
    /** The authorization-server globs the provider claims (they follow the custom authority setting). */
    private readonly claimedGlobs: () => readonly string[],
  ) {
    this.subscriptions.push(
      service.onDidChangeAccounts(({ added, removed, changed }) => {
        const removedSessions = removed.flatMap((account) => [accountSession(account), ...this.ledger.forgetAccount(account.id).map((s) => ({ ...accountSession(account), id: s.id, scopes: s.scopes }))]);
        this.sessionsChanged.fire({ added: added.map(accountSession), removed: removedSessions, changed: changed.map(accountSession) });
        if (added.length || changed.length) void this.retryPending();
      }),
      service.onDidChangeTokens(({ accountId }) => void this.announceRenewed(accountId)),
    );
  }

  // --- vscode.AuthenticationProvider ---------------------------------------------------------------------

  async getSessions(scopes: readonly string[] | undefined, options: ProposedSessionOptions = {}): Promise<vscode.AuthenticationSession[]> {
    const accounts = await this.service.getAccounts();
    if (scopes === undefined) {
      // Core asks this for the Accounts menu, getAccounts and sign out: one session per account.
      return accounts.filter((a) => !options.account || a.id === options.account.id).map(accountSession);
    }
    const request = this.requestOf(scopes, options);
    const sessions = await this.silentSessions(accounts, request, '[getSessions]');
    if (sessions.length === 0) this.ledger.rememberUnsatisfied(pendingKey(request), request);
    return sessions;
  }

  async createSession(scopes: readonly string[], options: ProposedSessionOptions = {}): Promise<vscode.AuthenticationSession> {
    return this.create(this.requestOf(scopes, options), undefined, '[createSession]');
  }

  async removeSession(sessionId: string): Promise<void> {
    const accountId = accountIdOfSession(sessionId);
    const account = await this.service.getAccount(accountId);
    if (!account) {
      this.logger.info(`[removeSession] no account for that session; nothing to sign out`);
      return;
    }
    await this.service.signOut(accountId);
    this.logger.info(`[removeSession] signed out ${account.label}`);
  }

  // --- proposal authenticationChallenges ------------------------------------------------------------------

  async getSessionsFromChallenges(constraint: AuthenticationConstraint, options: ProposedSessionOptions = {}): Promise<readonly vscode.AuthenticationSession[]> {
    const { request, challenge } = this.challengeRequestOf(constraint, options);
    this.logger.info(`[getSessionsFromChallenges] ${describeChallenge(challenge)}`);
    const sessions = await this.silentSessions(await this.service.getAccounts(), request, '[getSessionsFromChallenges]');
    if (sessions.length && challenge.isRevocation) this.renewPlainTokens(request);
    return sessions;
  }

  async createSessionFromChallenges(constraint: AuthenticationConstraint, options: ProposedSessionOptions = {}): Promise<vscode.AuthenticationSession> {
    const { request, challenge } = this.challengeRequestOf(constraint, options);
    this.logger.info(`[createSessionFromChallenges] ${describeChallenge(challenge)}`);
    const session = await this.create(request, challenge, '[createSessionFromChallenges]');
    if (challenge.isRevocation) this.renewPlainTokens(request);
    return session;
  }

  // --- the work ---------------------------------------------------------------------------------------------

  private requestOf(scopes: readonly string[], options: ProposedSessionOptions, claims?: string): SessionRequest {
    return {
      scopes,
      ...(options.account ? { accountId: options.account.id } : {}),
      ...(options.authorizationServer ? { authorizationServer: options.authorizationServer.toString(true) } : {}),
      ...(options.clientId ? { clientId: options.clientId } : {}),
      ...(options.resource ? { resource: options.resource } : {}),
      ...(claims ? { claims } : {}),
    };
  }

  private challengeRequestOf(constraint: AuthenticationConstraint, options: ProposedSessionOptions): { request: SessionRequest; challenge: BearerChallenge } {
    try {
      const { scopes, claims, challenge } = challengeRequest(constraint.challenges, constraint.fallbackScopes);
      return { request: this.requestOf(scopes, options, claims), challenge };
    } catch (error) {
      this.logger.warn(`[challenge] ${message(error)}`);
      throw asCallerError(error);
    }
  }

  private resolve(request: SessionRequest, tag: string): ResolvedRequest {
    try {
      return resolveRequest(request, this.claimedGlobs());
    } catch (error) {
      this.logger.warn(`${tag} ${message(error)}`);
      throw asCallerError(error);
    }
  }

  /** The sessions every eligible account can give without a prompt. */
  private async silentSessions(accounts: readonly Account[], request: SessionRequest, tag: string): Promise<vscode.AuthenticationSession[]> {
    const resolved = this.resolve(request, tag);
    const sessions: vscode.AuthenticationSession[] = [];
    for (const account of eligibleAccounts(accounts, request, resolved)) {
      const session = await this.trySession(account, request, resolved, tag);
      if (session) sessions.push(session);
    }
    this.logger.info(`${tag} [${resolved.data.sessionKey}]${request.claims ? ' with claims' : ''}${request.authorizationServer ? ` for ${request.authorizationServer}` : ''}: ${sessions.length} session(s)`);
    return sessions;
  }

  /** A session silently from the account asked for (or any eligible one), else by signing in. */
  private async create(request: SessionRequest, challenge: BearerChallenge | undefined, tag: string): Promise<vscode.AuthenticationSession> {
    const resolved = this.resolve(request, tag);
    const accounts = eligibleAccounts(await this.service.getAccounts(), request, resolved);
    // A request for one account (or a challenge: the token just failed) first tries that account silently.
    if (request.accountId || challenge) {
      for (const account of accounts) {
        const session = await this.trySession(account, request, resolved, tag);
        if (session) return session;
      }
    }
    const { data } = resolved;
    this.logger.info(`${tag} [${data.sessionKey}] signing in${resolved.authorityHost ? ` to ${resolved.authorityHost}` : ''}${request.claims ? ' with the challenge\'s claims' : ''}`);
    const account = await this.signIn({
      scopes: data.scopesToSend,
      ...(data.tenant ? { tenant: data.tenant } : {}),
      ...(data.clientId ? { clientId: data.clientId } : {}),
      ...(resolved.authorityHost ? { authorityHost: resolved.authorityHost } : {}),
      ...(request.claims ? { claims: request.claims } : {}),
    });
    const session = await this.trySession(account, request, resolved, tag);
    if (!session) {
      throw new Error(vscode.l10n.t('Signed in as {0}, but no token for {1} could be had: see the Azure Identity output.', account.label, data.scopesToSend.join(' ')));
    }
    return session;
  }

  /** The account's token for the request, silently; undefined (logged) when it needs a sign-in. */
  private async trySession(account: Account, request: SessionRequest, resolved: ResolvedRequest, tag: string): Promise<vscode.AuthenticationSession | undefined> {
    let token: AccountToken;
    try {
      token = await this.service.getToken(account.id, tokenRequestFor(account, resolved));
    } catch (error) {
      this.logger.info(`${tag} [${resolved.data.sessionKey}] ${account.label}: no token without signing in (${message(error)})`);
      return undefined;
    }
    const id = sessionIdOf(account.id, resolved.data);
    const scopes = request.scopes.length ? [...request.scopes] : [...resolved.data.requestedScopes];
    const session = this.session(id, account, token, scopes);
    if (this.ledger.record(id, account.id, scopes, request, token.expiresOnTimestamp)) {
      // New to this window: `added` tells VS Code a session for exactly these scopes exists, which clears its
      // "Sign in with Azure Identity to use …" entry and badge for them.
      this.sessionsChanged.fire({ added: [session], removed: [], changed: [] });
    }
    return session;
  }

  /**
   * A session with the account's token. User accounts carry the OpenID Connect id token MSAL got with it (VS Code's
   * `idToken`, as the built-in provider sets it); service principals and managed identities have none to give,
   * as the authority issues id tokens to people who sign in, not to applications.
   */
  private session(id: string, account: Account, token: AccountToken, scopes: readonly string[]): vscode.AuthenticationSession {
    const idToken = account.kind === 'user' ? token.idToken : undefined;
    return { id, accessToken: token.token, account: accountInformation(account), scopes: [...scopes], ...(idToken ? { idToken } : {}) };
  }

  /**
   * An account's tokens changed: sessions handed out here whose token was renewed are announced as `changed`,
   * so holders ask again. Compared by expiry, so the announcement itself (a cached read) cannot loop.
   */
  private async announceRenewed(accountId: string): Promise<void> {
    const sessions = this.ledger.ofAccount(accountId);
    if (!sessions.length) return;
    const account = await this.service.getAccount(accountId);
    if (!account) return;
    const inventory = this.service.getTokens(accountId);
    const changed: vscode.AuthenticationSession[] = [];
    for (const handed of sessions) {
      let resolved: ResolvedRequest;
      try {
        resolved = resolveRequest(handed.request, this.claimedGlobs());
      } catch {
        continue;
      }
      const wanted = [...resolved.data.scopesToSend].sort().join(' ');
      const entry = inventory.find((t) => [...t.scopes].sort().join(' ') === wanted && t.expiresOnTimestamp > handed.expiresOnTimestamp);
      if (!entry) continue;
      try {
        const token = await this.service.getToken(accountId, tokenRequestFor(account, resolved));
        if (token.expiresOnTimestamp <= handed.expiresOnTimestamp) continue;
        this.ledger.record(handed.id, accountId, handed.scopes, handed.request, token.expiresOnTimestamp);
        changed.push(this.session(handed.id, account, token, handed.scopes));
      } catch (error) {
        this.logger.info(`[onDidChangeSessions] ${account.label}: renewed token not readable (${message(error)})`);
      }
    }
    if (changed.length) this.sessionsChanged.fire({ added: [], removed: [], changed });
  }

  /**
   * An account signed in: the requests no account could serve before get their sessions now, and each one's
   * `added` event (fired by trySession) clears VS Code's "Sign in with Azure Identity to use …" entry for it.
   */
  private async retryPending(): Promise<void> {
    const accounts = await this.service.getAccounts();
    for (const [key, request] of this.ledger.pendingRequests()) {
      try {
        if ((await this.silentSessions(accounts, request, '[signed in]')).length) this.ledger.satisfied(key);
      } catch {
        this.ledger.satisfied(key);
      }
    }
  }

  /** After a CAE revocation the token cached without claims is revoked too: renew it (in the background). */
  private renewPlainTokens(request: SessionRequest): void {
    void (async () => {
      const plain: SessionRequest = { ...request, claims: undefined };
      const resolved = resolveRequest(plain, this.claimedGlobs());
      for (const account of eligibleAccounts(await this.service.getAccounts(), plain, resolved)) {
        await this.service.getToken(account.id, tokenRequestFor(account, resolved, { forceRefresh: true })).then(
          () => this.logger.info(`[challenge] renewed ${account.label}'s token for ${resolved.data.sessionKey} after a revocation`),
          (error: unknown) => this.logger.info(`[challenge] ${account.label}: could not renew the revoked token (${message(error)})`),
        );
      }
    })();
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.sessionsChanged.dispose();
  }
}

function pendingKey(request: SessionRequest): string {
  return `${[...request.scopes].sort().join(' ')}|${request.authorizationServer ?? ''}|${request.accountId ?? ''}`;
}

function describeChallenge(challenge: BearerChallenge): string {
  const parts = [challenge.error ? `error=${challenge.error}` : 'no error', challenge.claims ? (challenge.isRevocation ? 'revocation claims' : 'claims') : 'no claims'];
  if (challenge.scopes) parts.push(`scope=${challenge.scopes.join(' ')}`);
  return parts.join(', ');
}
