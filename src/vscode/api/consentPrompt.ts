// The question a person answers before another extension gets a token for their account: a modal naming the
// extension, the account and the resource. Thin: the decision logic is ExtensionAccess's.
import * as vscode from 'vscode';
import type { ConsentAnswer, ConsentQuestion } from './extensionAccess';

export async function askForConsent(question: ConsentQuestion): Promise<ConsentAnswer> {
  const allow = vscode.l10n.t('Allow');
  const deny = vscode.l10n.t("Don't Allow");
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t("Allow '{0}' to use your Azure Identity account {1} for {2}?", question.extensionName, question.accountLabel, question.resourceName),
    {
      modal: true,
      detail: vscode.l10n.t(
        "The extension {0} will get tokens of this account without asking again. You can take this back with 'Azure Identity: Manage Extension Access'.",
        question.extensionId,
      ),
    },
    allow,
    deny,
  );
  if (answer === allow) return 'allow';
  return answer === deny ? 'deny' : 'dismiss';
}
