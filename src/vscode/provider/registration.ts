// Registers the provider with what this VS Code supports: multiple accounts (stable), challenges (proposal
// authenticationChallenges; the extension host honours the flag without a gate) and the authorization servers
// it claims for MCP (proposal authIssuers: gated; where it is not enabled, registration falls back to the plain
// options and says so in the log — MCP servers then do not find this provider).
import * as vscode from 'vscode';
import type { AccountService } from '../accounts/accountService';
import type { Logger } from '../log/logger';
import { readSettings } from '../settings';
import { signIn } from '../signIn/signInFlow';
import { AUTHENTICATION_PROVIDER_ID, AUTHENTICATION_PROVIDER_LABEL, AzureIdentityAuthenticationProvider } from './authenticationProvider';
import { authorizationServerGlobs } from './authorizationServers';
import { registerCustomCloudCommand } from './customCloud';

/** In test mode only: calls the provider's removeSession with a session id. */
export const REMOVE_SESSION_TEST_COMMAND = 'azureIdentity.test.removeSession';

/** The registration options with the proposed fields, declared here rather than through proposal .d.ts files. */
interface ProposedProviderOptions extends vscode.AuthenticationProviderOptions {
  readonly supportsChallenges?: boolean;
  readonly supportedAuthorizationServers?: readonly vscode.Uri[];
}

export function registerAzureIdentityProvider(provider: AzureIdentityAuthenticationProvider, logger: Logger, authorizationServerGlobs: readonly string[]): vscode.Disposable {
  const base: ProposedProviderOptions = { supportsMultipleAccounts: true, supportsChallenges: true };
  const servers = authorizationServerGlobs.map((glob) => vscode.Uri.parse(glob, true));
  try {
    const registration = vscode.authentication.registerAuthenticationProvider(AUTHENTICATION_PROVIDER_ID, AUTHENTICATION_PROVIDER_LABEL, provider, { ...base, supportedAuthorizationServers: servers } as vscode.AuthenticationProviderOptions);
    logger.info(`[provider] registered for MCP authorization servers ${authorizationServerGlobs.filter((g) => g.endsWith('/*')).join(', ')}`);
    return registration;
  } catch (error) {
    logger.warn(
      `[provider] registered without MCP authorization servers: this VS Code does not enable the authIssuers proposal for Azure Identity (${error instanceof Error ? error.message : String(error)}). ` +
        'MCP servers protected by Microsoft Entra ID will not ask Azure Identity for tokens; see the README section "MCP servers".',
    );
    return vscode.authentication.registerAuthenticationProvider(AUTHENTICATION_PROVIDER_ID, AUTHENTICATION_PROVIDER_LABEL, provider, base as vscode.AuthenticationProviderOptions);
  }
}

/** The authorization servers to claim: the Entra clouds, plus the custom authority when that cloud is configured. */
export function claimedAuthorizationServerGlobs(): string[] {
  try {
    const settings = readSettings();
    return authorizationServerGlobs(settings.isCustomCloud ? settings.authorityHost : undefined);
  } catch {
    return authorizationServerGlobs();
  }
}

/**
 * Builds the provider over the account service and registers it; the one call extension.ts makes. Sign-ins go
 * through the one sign-in flow.
 */
export function provideAuthentication(service: AccountService, logger: Logger, extensionMode?: vscode.ExtensionMode): vscode.Disposable {
  const provider = new AzureIdentityAuthenticationProvider(service, logger, (options) => signIn(service, logger, options), claimedAuthorizationServerGlobs);
  let globs = claimedAuthorizationServerGlobs();
  let registration = registerAzureIdentityProvider(provider, logger, globs);
  // A custom cloud's authority is claimed for MCP too: register again when it changes.
  const watcher = vscode.workspace.onDidChangeConfiguration((event) => {
    if (!event.affectsConfiguration('azureIdentity.cloud') && !event.affectsConfiguration('azureIdentity.customAuthorityHost')) return;
    const next = claimedAuthorizationServerGlobs();
    if (next.join(' ') === globs.join(' ')) return;
    globs = next;
    registration.dispose();
    registration = registerAzureIdentityProvider(provider, logger, globs);
  });
  const command = registerCustomCloudCommand(logger);
  // Tests only: VS Code's own callers of removeSession (the Accounts menu's Sign Out) ask a modal first, which a
  // test cannot answer; this hands the provider a session id the way they do.
  const testHook =
    extensionMode === vscode.ExtensionMode.Test
      ? vscode.commands.registerCommand(REMOVE_SESSION_TEST_COMMAND, (sessionId: string) => provider.removeSession(sessionId))
      : new vscode.Disposable(() => undefined);
  return { dispose: () => vscode.Disposable.from(testHook, command, watcher, registration, provider).dispose() };
}
