// The provider's decisions that need no VS Code object: which accounts may serve a request (the account asked
// for, the cloud an MCP authorization server lives in), what to ask the AccountService for (scopes, tenant,
// claims, CAE), the session ids handed out (so removeSession accepts every one of them), and which handed-out
// sessions a renewed token changes. Plain TypeScript, unit-tested without a host.
import type { Account, AccountTokenRequest, TokenConsumer } from '../accounts/accountServiceContract';
import { authorityHostOfServer, matchingGlob, sameAuthorityHost } from './authorizationServers';
import { parseScopes, ScopeError, type ScopeData, type SessionRequestOptions } from './scopeData';

/** A session request as the provider receives it, the proposed-API options read into plain values. */
export interface SessionRequest {
  readonly scopes: readonly string[];
  readonly accountId?: string;
  /** authIssuers: the authorization server as a string (Uri.toString(true)). */
  readonly authorizationServer?: string;
  readonly clientId?: string;
  readonly resource?: string;
  /** Claims from a challenge (JSON text). */
  readonly claims?: string;
}

export interface ResolvedRequest {
  readonly data: ScopeData;
  /** The authority host the authorization server names (aliases folded), when one was given. */
  readonly authorityHost: string | undefined;
  readonly claims: string | undefined;
  readonly consumer: TokenConsumer;
}

/** Reads a request; throws ScopeError for scopes of two resources or an authorization server the provider does not claim. */
export function resolveRequest(request: SessionRequest, claimedGlobs: readonly string[]): ResolvedRequest {
  if (request.authorizationServer && !matchingGlob(claimedGlobs, request.authorizationServer)) {
    throw new ScopeError(`Azure Identity does not serve the authorization server ${request.authorizationServer}: it serves Microsoft Entra ID authorities (${claimedGlobs.filter((g) => g.endsWith('/*')).join(', ')}).`);
  }
  const options: SessionRequestOptions = { authorizationServer: request.authorizationServer, clientId: request.clientId, resource: request.resource };
  const data = parseScopes(request.scopes, options);
  return {
    data,
    authorityHost: request.authorizationServer ? authorityHostOfServer(request.authorizationServer) : undefined,
    claims: request.claims,
    // The MCP client is the only caller that names an authorization server; the resource says which server.
    consumer: request.authorizationServer ? { kind: 'mcp', server: request.resource ?? request.authorizationServer } : { kind: 'provider' },
  };
}

/** The accounts that may serve a request: the one asked for, and only accounts of the cloud an authorization server names. */
export function eligibleAccounts(accounts: readonly Account[], request: SessionRequest, resolved: ResolvedRequest): Account[] {
  return accounts.filter((account) => {
    if (request.accountId !== undefined && account.id !== request.accountId) return false;
    if (resolved.authorityHost && !sameAuthorityHost(account.authorityHost, resolved.authorityHost)) return false;
    return true;
  });
}

/**
 * What to ask the AccountService for. User accounts always declare CAE readiness (client capability cp1):
 * their tokens may live longer and a resource can revoke them with a challenge, which the provider answers.
 */
export function tokenRequestFor(account: Account, resolved: ResolvedRequest, extra: { forceRefresh?: boolean } = {}): AccountTokenRequest {
  const { data } = resolved;
  return {
    scopes: data.scopesToSend,
    ...(data.isSpecificTenant && data.tenant ? { tenantId: data.tenant } : {}),
    ...(resolved.claims ? { claims: resolved.claims } : {}),
    ...(account.kind === 'user' ? { enableCae: true } : {}),
    // Claims need no forceRefresh: MSAL goes to the authority for them, and the token then cached under those
    // claims serves the next call with the same challenge.
    ...(extra.forceRefresh ? { forceRefresh: true } : {}),
    consumer: resolved.consumer,
  };
}

/** A session's id: the account's id and the scopes' key, so the same request always maps to the same session. */
export function sessionIdOf(accountId: string, data: ScopeData): string {
  return `${accountId}|${data.sessionKey}`;
}

/** The account a session id belongs to: ids are `<account id>` (account-level sessions) or `<account id>|<scopes>`. */
export function accountIdOfSession(sessionId: string): string {
  const bar = sessionId.indexOf('|');
  return bar < 0 ? sessionId : sessionId.slice(0, bar);
}

interface HandedOut {
  readonly id: string;
  readonly accountId: string;
  /** The scopes exactly as the caller gave them: VS Code matches pending sign-in requests by these. */
  readonly scopes: readonly string[];
  readonly request: SessionRequest;
  expiresOnTimestamp: number;
}

/**
 * Sessions handed out in this window: to tell, when an account's tokens change, which of them were renewed
 * (VS Code's `changed`), and to say whether a session is new to its caller (`added`, which also clears
 * VS Code's "Sign in to use …" entry for those scopes).
 */
export class SessionLedger {
  private readonly sessions = new Map<string, HandedOut>();

  /** Records a session; true when it was not handed out before (or its account signed out since). */
  record(id: string, accountId: string, scopes: readonly string[], request: SessionRequest, expiresOnTimestamp: number): boolean {
    const known = this.sessions.get(id);
    if (known) {
      known.expiresOnTimestamp = expiresOnTimestamp;
      return false;
    }
    this.sessions.set(id, { id, accountId, scopes: [...scopes], request, expiresOnTimestamp });
    return true;
  }

  /** The sessions of an account, e.g. to renew them after its tokens changed. */
  ofAccount(accountId: string): readonly HandedOut[] {
    return [...this.sessions.values()].filter((s) => s.accountId === accountId);
  }

  private readonly unsatisfied = new Map<string, SessionRequest>();

  /**
   * Remembers a request no account could serve silently: VS Code then shows "Sign in with Azure Identity to use
   * …" for exactly those scopes, until a session for them is announced. At most 50, the newest kept.
   */
  rememberUnsatisfied(key: string, request: SessionRequest): void {
    this.unsatisfied.delete(key);
    this.unsatisfied.set(key, request);
    if (this.unsatisfied.size > 50) this.unsatisfied.delete(this.unsatisfied.keys().next().value as string);
  }

  /** The requests still waiting, to try again when an account signs in. */
  pendingRequests(): readonly [string, SessionRequest][] {
    return [...this.unsatisfied.entries()];
  }

  satisfied(key: string): void {
    this.unsatisfied.delete(key);
  }

  /** Forgets an account's sessions (signed out); returns them for the `removed` event. */
  forgetAccount(accountId: string): readonly HandedOut[] {
    const gone = this.ofAccount(accountId);
    for (const session of gone) this.sessions.delete(session.id);
    return gone;
  }
}
