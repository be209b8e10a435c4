// Where the accounts and their token cache are kept. Desktop VS Code's SecretStorage is one store for all
// windows (with change events across them), so it is used as is. A browser workbench with a remote extension
// host (code-server, `code serve-web`) keeps secrets per window (see fileSecretStore.ts): there the accounts
// live in files on the extension host's machine, beside the extension's global storage, and what an earlier
// version stored in SecretStorage is moved there once.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ACCOUNTS_KEY } from './accountService';
import { FileSecretStore, migrateSecrets } from './fileSecretStore';
import type { AccountLogger, SecretStore } from './secretStore';
import { LEGACY_TOKEN_CACHE_KEY, TOKEN_CACHE_KEY } from './secretStorageTokenCache';

export function accountSecretStore(context: vscode.ExtensionContext, logger: AccountLogger): { store: SecretStore; dispose(): void } {
  const perWindow = vscode.env.uiKind === vscode.UIKind.Web && context.globalStorageUri.scheme === 'file';
  if (!perWindow) return { store: context.secrets, dispose: () => undefined };
  const files = new FileSecretStore(path.join(context.globalStorageUri.fsPath, 'accounts'), { logger });
  const store: SecretStore = {
    get: (key) => migrated.then(() => files.get(key)),
    store: (key, value) => migrated.then(() => files.store(key, value)),
    delete: (key) => migrated.then(() => files.delete(key)),
    onDidChange: files.onDidChange,
    exclusive: (work) => migrated.then(() => files.exclusive(work)),
  };
  const migrated = files
    .exclusive(() => migrateSecrets(context.secrets, files, [ACCOUNTS_KEY, TOKEN_CACHE_KEY, LEGACY_TOKEN_CACHE_KEY]))
    .then(
      (moved) => {
        if (moved.length) logger.info(`[accounts] the accounts are now kept in ${files.dir}, shared by every window of this machine.`);
      },
      (error: unknown) => logger.warn(`[accounts] the accounts of an earlier version could not be moved to ${files.dir}: ${(error as Error)?.message}`),
    );
  logger.info(`[accounts] this workbench keeps secrets per window; the accounts are kept in ${files.dir} (encrypted), shared by every window.`);
  return { store, dispose: () => files.dispose() };
}
