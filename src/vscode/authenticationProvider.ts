// The "Azure Identity" authentication provider behind the Accounts menu. Sessions are kept in SecretStorage so
// they survive a window reload.
import * as vscode from 'vscode';
import type { Logger } from './logger';

export const AUTHENTICATION_PROVIDER_ID = 'azure-identity';
export const AUTHENTICATION_PROVIDER_LABEL = 'Azure Identity';
const SESSIONS_SECRET_KEY = 'azure-identity.sessions';

export class AzureIdentityAuthenticationProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  readonly id = AUTHENTICATION_PROVIDER_ID;
  private readonly sessionsChanged = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.sessionsChanged.event;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly logger: Logger,
  ) {}

  async getSessions(
    scopes: readonly string[] | undefined,
    _options: vscode.AuthenticationProviderSessionOptions,
  ): Promise<vscode.AuthenticationSession[]> {
    const sessions = await this.readSessions();
    if (!scopes || scopes.length === 0) return sessions;
    const wanted = [...scopes].sort().join(' ');
    return sessions.filter((s) => [...s.scopes].sort().join(' ') === wanted);
  }

  async createSession(
    scopes: readonly string[],
    _options: vscode.AuthenticationProviderSessionOptions,
  ): Promise<vscode.AuthenticationSession> {
    this.logger.info(`[createSession] [${[...scopes].sort().join(' ')}] sign-in requested`);
    throw new Error('Signing in is not available in this build of Azure Identity yet.');
  }

  async removeSession(sessionId: string): Promise<void> {
    const sessions = await this.readSessions();
    const removed = sessions.filter((s) => s.id === sessionId);
    if (removed.length === 0) return;
    await this.secrets.store(SESSIONS_SECRET_KEY, JSON.stringify(sessions.filter((s) => s.id !== sessionId)));
    this.sessionsChanged.fire({ added: [], removed, changed: [] });
  }

  private async readSessions(): Promise<vscode.AuthenticationSession[]> {
    const raw = await this.secrets.get(SESSIONS_SECRET_KEY);
    if (!raw) return [];
    try {
      const parsed: unknown = JSON.parse(raw);
      return Array.isArray(parsed) ? (parsed as vscode.AuthenticationSession[]) : [];
    } catch {
      this.logger.warn('[getSessions] the stored sessions were unreadable and have been ignored');
      return [];
    }
  }

  dispose(): void {
    this.sessionsChanged.dispose();
  }
}
