// Activation entry point: wiring only. Each piece lives in src/vscode and owns its disposables.
import * as vscode from 'vscode';
import { AzureIdentityAuthenticationProvider, AUTHENTICATION_PROVIDER_ID, AUTHENTICATION_PROVIDER_LABEL } from './vscode/authenticationProvider';
import { AccountsTreeDataProvider, ACCOUNTS_VIEW_ID } from './vscode/accountsTree';
import { createLogger } from './vscode/log/logger';
import { createExtensionApi, type AzureIdentityExtensionApi } from './vscode/api';
import { registerCommands } from './vscode/commands';
import { serveVisualStudioCodeCredential } from './vscode/visualStudioCodeCredentialBridge';
import { feedOutputChannel } from './vscode/log/outputChannel';
import { registerDiagnoseCommand } from './vscode/report/diagnoseCommand';
import type { Account } from './vscode/accounts/accountServiceContract';
import { readSettings } from './vscode/settings';
import { provideTerminalTokenEndpoint } from './vscode/terminal/terminalEnvironment';

export function activate(context: vscode.ExtensionContext): AzureIdentityExtensionApi {
  const logger = createLogger();
  context.subscriptions.push(logger, feedOutputChannel(logger));

  const provider = new AzureIdentityAuthenticationProvider(context.secrets, logger);
  context.subscriptions.push(
    provider,
    vscode.authentication.registerAuthenticationProvider(AUTHENTICATION_PROVIDER_ID, AUTHENTICATION_PROVIDER_LABEL, provider, {
      supportsMultipleAccounts: true,
    }),
  );

  context.subscriptions.push(registerCommands(provider), serveVisualStudioCodeCredential(provider));

  // Until the AccountService is wired here: the report asks the provider's first account.
  context.subscriptions.push(registerDiagnoseCommand({
    logger,
    accounts: {
      getDefaultAccount: async () => {
        const [first] = await provider.accounts.list();
        return first ? ({ id: first.id, label: first.label } as Account) : undefined;
      },
      getToken: async (_id, request) => ({ ...(await provider.getTokenForDefaultAccount([...request.scopes])), accountId: '', tenantId: '' }),
    },
  }));

  const tree = new AccountsTreeDataProvider(provider);
  context.subscriptions.push(tree, vscode.window.registerTreeDataProvider(ACCOUNTS_VIEW_ID, tree));

  if (terminalEndpointEnabled(logger)) {
    void provideTerminalTokenEndpoint(context.environmentVariableCollection, provider, logger).then((d) => context.subscriptions.push(d));
  }

  logger.info(`Azure Identity ${context.extension.packageJSON.version as string} activated.`);
  return createExtensionApi(provider);
}

/** A broken setting must not stop activation: the endpoint stays on (its default) and the problem is logged. */
function terminalEndpointEnabled(logger: vscode.LogOutputChannel): boolean {
  try {
    return readSettings().terminalTokenEndpoint;
  } catch (error) {
    logger.error(error instanceof Error ? error.message : String(error));
    return vscode.workspace.getConfiguration('azureIdentity').get<boolean>('terminal.tokenEndpoint', true);
  }
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
