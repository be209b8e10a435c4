// Wiring for the exported API and its commands, so extension.ts adds one line: the consent store, the exports
// other extensions get, "Copy Access Token…" and "Manage Extension Access".
import * as vscode from 'vscode';
import type { Account, AccountServiceContract } from '../accounts/accountServiceContract';
import { registerCopyAccessToken } from '../commands/copyAccessToken';
import { registerManageExtensionAccess } from '../commands/manageExtensionAccess';
import type { AzureIdentityExtensionExports } from './contract';
import { createExtensionAccess, createExtensionExports } from './extensionApi';

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
  );
  return { exports, disposable };
}
