// Activation entry point: wiring only. Each piece lives in src/vscode and owns its disposables.
import * as vscode from 'vscode';
import { AzureIdentityAuthenticationProvider, AUTHENTICATION_PROVIDER_ID, AUTHENTICATION_PROVIDER_LABEL } from './vscode/authenticationProvider';
import { AccountsTreeDataProvider, ACCOUNTS_VIEW_ID } from './vscode/accountsTree';
import { createLogger } from './vscode/logger';
import { createExtensionApi, type AzureIdentityExtensionApi } from './vscode/api';
import { registerCommands } from './vscode/commands';
import { serveVisualStudioCodeCredential } from './vscode/visualStudioCodeCredentialBridge';
import { logCredentialEvents } from './vscode/credentialLog';
import { registerTerminalIntegration } from './vscode/terminal/terminalIntegration';
import { interimTerminalAccountSource } from './vscode/terminal/interimAccountSource';

export function activate(context: vscode.ExtensionContext): AzureIdentityExtensionApi {
  const logger = createLogger();
  context.subscriptions.push(logger, logCredentialEvents(logger));

  const provider = new AzureIdentityAuthenticationProvider(context.secrets, logger);
  context.subscriptions.push(
    provider,
    vscode.authentication.registerAuthenticationProvider(AUTHENTICATION_PROVIDER_ID, AUTHENTICATION_PROVIDER_LABEL, provider, {
      supportsMultipleAccounts: true,
    }),
  );

  context.subscriptions.push(registerCommands(provider), serveVisualStudioCodeCredential(provider));

  const tree = new AccountsTreeDataProvider(provider);
  context.subscriptions.push(tree, vscode.window.registerTreeDataProvider(ACCOUNTS_VIEW_ID, tree));

  context.subscriptions.push(registerTerminalIntegration(context, interimTerminalAccountSource(provider), logger));

  logger.info(`Azure Identity ${context.extension.packageJSON.version as string} activated.`);
  return createExtensionApi(provider);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
