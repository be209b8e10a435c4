// Wiring for the exported API and its commands, so extension.ts adds one line: the consent store, the exports
// other extensions get, "Copy Access Token…" and "Manage Extension Access".
import * as vscode from 'vscode';
import type { Account, AccountServiceContract } from '../accounts/accountServiceContract';
import { registerCopyAccessToken } from '../commands/copyAccessToken';
import { registerManageExtensionAccess } from '../commands/manageExtensionAccess';
import type { AzureIdentityExtensionExports } from './contract';
import { createExtensionAccess, createExtensionExports } from './extensionApi';
import type { ExtensionAccess } from './extensionAccess';

export interface RegisteredExtensionApi {
  readonly exports: AzureIdentityExtensionExports;
  readonly disposable: vscode.Disposable;
}

export function registerExtensionApi(
  context: vscode.ExtensionContext,
  service: AccountServiceContract,
  logger: vscode.LogOutputChannel,
  resourceManagerEndpoint: (account: Account) => string,
): RegisteredExtensionApi {
  const access = createExtensionAccess(context, logger);
  const exports = createExtensionExports({ service, access, logger, ownExtensionId: context.extension.id, resourceManagerEndpoint });
  const disposable = vscode.Disposable.from(
    registerCopyAccessToken({ service, logger, resourceManagerEndpoint }),
    registerManageExtensionAccess({ service, access, logger }),
    ...(context.extensionMode === vscode.ExtensionMode.Test ? [registerConsentTestHook(service, access)] : []),
  );
  return { exports, disposable };
}

export const ALLOW_EXTENSION_TEST_COMMAND = 'azureIdentity.test.allowExtension';

/**
 * Only under the in-host test runner (ExtensionMode.Test), where VS Code refuses every modal: stores the "Allow"
 * a person would click, as the e2e runner pre-stores VS Code's own consent. Never registered for users.
 */
function registerConsentTestHook(service: AccountServiceContract, access: ExtensionAccess): vscode.Disposable {
  return vscode.commands.registerCommand(ALLOW_EXTENSION_TEST_COMMAND, async (args?: { extensionId?: string; accountId?: string }) => {
    const account = args?.accountId ? await service.getAccount(args.accountId) : await service.getDefaultAccount();
    if (!account || !args?.extensionId) throw new Error(`${ALLOW_EXTENSION_TEST_COMMAND} needs { extensionId, accountId? } and a signed-in account.`);
    await access.allow(args.extensionId, account.id, account.label);
  });
}
