// Signing out the default account never silently hands its role to another: the person is told which
// account is the default now (the service fires onDidReassignDefaultAccount in the window that signed out).
import * as vscode from 'vscode';
import type { AccountService } from './accountService';

export function announceDefaultAccountChanges(service: AccountService): vscode.Disposable {
  const subscription = service.onDidReassignDefaultAccount(({ previous, current }) => {
    if (current) {
      const change = vscode.l10n.t('Choose Another');
      void vscode.window
        .showInformationMessage(vscode.l10n.t('{0} signed out. {1} is now the default Azure Identity account: extensions, terminals and the status bar use it.', previous.label, current.label), change)
        .then((choice) => {
          if (choice) void vscode.commands.executeCommand('azureIdentity.statusBar.switch');
        });
    } else {
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} signed out. No Azure Identity account is signed in now.', previous.label));
    }
  });
  return new vscode.Disposable(() => subscription.dispose());
}
