// Settings take effect without a reload: cloud, custom authority, tenant and client id are read at each
// sign-in; persistence switches the account service's store; the status bar and tree redraw themselves. This
// tells the person once about retired setting names and about a setting that cannot be used.
import * as vscode from 'vscode';
import type { AccountService } from './accounts/accountService';
import type { Logger } from './log/logger';
import { SETTINGS_SECTION, readSettings } from './settings';

const REPLACEMENTS: Record<string, string> = {
  'chain.order': 'azureIdentity.signIn.methods',
  'chain.exclude': 'azureIdentity.signIn.methods',
};

export function watchSettings(service: AccountService, logger: Logger): vscode.Disposable {
  const warned = new Set<string>();
  const check = (announce: boolean) => {
    let settings;
    try {
      settings = readSettings();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.error(message);
      if (announce) void vscode.window.showErrorMessage(vscode.l10n.t('Azure Identity: {0}', message));
      return;
    }
    void service.setPersistence(settings.persistence).catch((error: unknown) => logger.error(`[settings] persistence: ${error instanceof Error ? error.message : String(error)}`));
    for (const name of settings.deprecated) {
      if (warned.has(name)) continue;
      warned.add(name);
      const message = vscode.l10n.t('The setting azureIdentity.{0} is deprecated and still works; use {1} instead.', name, REPLACEMENTS[name] ?? '');
      logger.warn(`[settings] ${message}`);
      void vscode.window.showWarningMessage(message, vscode.l10n.t('Open Settings')).then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', REPLACEMENTS[name] ?? `azureIdentity.${name}`);
      });
    }
    logger.info(`[settings] cloud ${settings.cloud} (${settings.authorityHost}), tenant ${settings.tenant}, sign-in methods ${settings.signInMethods.join(', ')}; persistence ${settings.persistence ? 'on' : 'off'}`);
  };
  // The first check (a second read of every setting, and a log line) runs just after activate() returns:
  // activation already read the settings it needs, and this only reports them.
  const first = setImmediate(() => check(false));
  const subscription = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(SETTINGS_SECTION)) check(true);
  });
  return new vscode.Disposable(() => {
    clearImmediate(first);
    subscription.dispose();
  });
}
