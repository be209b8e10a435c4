// Activation entry point: wiring only. One AccountService is built here and given to everything that needs
// accounts or tokens; each piece lives in src/vscode and owns its disposables.
import * as vscode from 'vscode';
import { AccountService } from './vscode/accounts/accountService';
import { accountSecretStore } from './vscode/accounts/accountStore';
import { provideAuthentication } from './vscode/provider/registration';
import { AccountsTreeDataProvider, ACCOUNTS_VIEW_ID } from './vscode/tree/accountsTree';
import { createLogger, type Logger } from './vscode/log/logger';
import { registerExtensionApi } from './vscode/api/registerExtensionApi';
import type { AzureIdentityExtensionExports } from './vscode/api/contract';
import { resourceManagerEndpointOf } from './vscode/accounts/clouds';
import { registerCommands } from './vscode/commands';
import { serveVisualStudioCodeCredential } from './vscode/visualStudioCodeCredentialBridge';
import { feedOutputChannel } from './vscode/log/outputChannel';
import { registerDiagnoseCommand } from './vscode/report/diagnoseCommand';
import { createExtensionTelemetry } from './vscode/telemetry/telemetryReporter';
import { readSettings, type ExtensionSettings } from './vscode/settings';
import { registerTerminalIntegration } from './vscode/terminal/terminalIntegration';
import { AccountStatusBar } from './vscode/statusBar/statusBar';
import { FoundAccounts, createAzureCliMemo } from './vscode/tree/foundAccounts';
import { registerTreeCommands } from './vscode/tree/treeCommands';
import { watchSettings } from './vscode/settingsWatcher';
import { registerTestHooks } from './vscode/testHooks';
import { setProbeContext } from './vscode/signIn/signInPicker';
import { announceDefaultAccountChanges } from './vscode/accounts/announcements';

export function activate(context: vscode.ExtensionContext): AzureIdentityExtensionExports {
  const logger = createLogger();
  context.subscriptions.push(logger);
  const settings = settingsOrDefaults(logger);

  const accountStore = accountSecretStore(context, logger);
  const service = new AccountService({ secrets: accountStore.store, logger, persistence: settings?.persistence ?? true });
  context.subscriptions.push(accountStore, service, feedOutputChannel(logger, service));
  const telemetry = createExtensionTelemetry(context, service);
  context.subscriptions.push(registerDiagnoseCommand({ accounts: service, logger, telemetry }));

  // Registered at startup (onStartupFinished), with challenges and the Entra authorization servers for MCP.
  context.subscriptions.push(provideAuthentication(service, logger, context.extensionMode));

  context.subscriptions.push(registerCommands(service, logger), serveVisualStudioCodeCredential(service));

  context.subscriptions.push(watchSettings(service, logger), announceDefaultAccountChanges(service));

  const azureCli = createAzureCliMemo(() => quietSettings()?.resourceManagerEndpoint ?? 'https://management.azure.com');
  setProbeContext({ authorityHost: () => quietSettings()?.authorityHost ?? 'https://login.microsoftonline.com', azureCli });
  const found = new FoundAccounts({ authorityHost: () => quietSettings()?.authorityHost ?? 'https://login.microsoftonline.com', azureCli });
  const tree = new AccountsTreeDataProvider(service, found);
  context.subscriptions.push(found, tree, vscode.window.registerTreeDataProvider(ACCOUNTS_VIEW_ID, tree), registerTreeCommands(service, tree, found, logger));
  const statusBar = new AccountStatusBar(service, () => vscode.workspace.getConfiguration('azureIdentity').get<boolean>('statusBar.enabled', true));
  context.subscriptions.push(statusBar, registerTestHooks(context, tree, statusBar));

  context.subscriptions.push(registerTerminalIntegration(context, service, logger));

  // The exported API (handshake + consent) and its commands, Copy Access Token and Manage Extension Access.
  const api = registerExtensionApi(context, service, logger, (account) =>
    resourceManagerEndpointOf(account.cloud, account.authorityHost, vscode.workspace.getConfiguration('azureIdentity').get<string>('customResourceManagerEndpoint')),
  );
  context.subscriptions.push(api.disposable);

  logger.info(`Azure Identity ${context.extension.packageJSON.version as string} activated.`);
  return api.exports;
}

/** A broken setting must not stop activation: it is logged, and the defaults apply until it is fixed. */
function settingsOrDefaults(logger: Logger): ExtensionSettings | undefined {
  try {
    return readSettings();
  } catch (error) {
    logger.error(error instanceof Error ? error.message : String(error));
    return undefined;
  }
}

/** The settings, or undefined while one is broken (watchSettings reports it once). */
function quietSettings(): ExtensionSettings | undefined {
  try {
    return readSettings();
  } catch {
    return undefined;
  }
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
