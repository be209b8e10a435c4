// "Azure Identity: Manage Extension Access": which extensions may use which account through the exported API,
// with a check box each; clearing one takes the access back (the extension is asked again next time). The
// Accounts view calls it with { accountId } for one account. Programmatic callers may only take access away:
// { extensionId, accountId?, revoke: true }; nothing here gives access without the person choosing it.
import * as vscode from 'vscode';
import type { AccountServiceContract } from '../accounts/accountServiceContract';
import type { ExtensionAccess } from '../api/extensionAccess';
import { isExtensionId } from '../api/extensionAccess';

export const MANAGE_EXTENSION_ACCESS_COMMAND = 'azureIdentity.manageExtensionAccess';

export interface ManageExtensionAccessDependencies {
  readonly service: Pick<AccountServiceContract, 'getAccount'>;
  readonly access: ExtensionAccess;
  readonly logger: vscode.LogOutputChannel;
}

interface AccessItem extends vscode.QuickPickItem {
  readonly extensionId: string;
  readonly accountId: string;
  readonly accountLabel: string;
  readonly allowed: boolean;
}

export function registerManageExtensionAccess(deps: ManageExtensionAccessDependencies): vscode.Disposable {
  return vscode.commands.registerCommand(MANAGE_EXTENSION_ACCESS_COMMAND, async (args?: unknown): Promise<number | undefined> => {
    const { accountId, extensionId, revoke } = (typeof args === 'object' && args !== null ? args : {}) as { accountId?: unknown; extensionId?: unknown; revoke?: unknown };
    if (revoke === true) {
      if (!isExtensionId(extensionId)) throw new Error('Manage Extension Access: revoke needs an extensionId (publisher.name).');
      const removed = await deps.access.revoke(extensionId, typeof accountId === 'string' ? accountId : undefined);
      if (removed > 0) deps.logger.info(`Extension access: ${extensionId} may no longer use ${removed === 1 ? 'an account' : `${removed} accounts`} (revoked by a command).`);
      return removed;
    }
    await manage(deps, typeof accountId === 'string' ? accountId : undefined);
    return undefined;
  });
}

async function manage(deps: ManageExtensionAccessDependencies, accountId: string | undefined): Promise<void> {
  const items: AccessItem[] = [];
  for (const grant of deps.access.grants({ accountId })) {
    const account = await deps.service.getAccount(grant.accountId);
    const used = grant.lastUsedAt ? vscode.l10n.t('last used {0} for {1}', new Date(grant.lastUsedAt).toLocaleString(), grant.resources.join(', ')) : vscode.l10n.t('not used yet');
    items.push({
      label: extensionName(grant.extensionId),
      description: account?.label ?? vscode.l10n.t('{0} (signed out)', grant.accountLabel),
      detail: vscode.l10n.t('Allowed {0}; {1}', new Date(grant.grantedAt).toLocaleString(), used),
      picked: true,
      extensionId: grant.extensionId,
      accountId: grant.accountId,
      accountLabel: grant.accountLabel,
      allowed: true,
    });
  }
  for (const denial of deps.access.denials()) {
    if (accountId !== undefined && denial.accountId !== accountId) continue;
    items.push({
      label: denial.extensionName,
      description: denial.accountLabel,
      detail: vscode.l10n.t('Not allowed in this window (asked for {0})', denial.resourceName),
      picked: false,
      extensionId: denial.extensionId,
      accountId: denial.accountId,
      accountLabel: denial.accountLabel,
      allowed: false,
    });
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No extension has asked to use your Azure Identity accounts through its API yet.'));
    return;
  }
  const chosen = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    title: vscode.l10n.t('Manage Extension Access'),
    placeHolder: vscode.l10n.t('Checked extensions may use the account without asking; clear one to take its access back.'),
  });
  if (!chosen) return;
  const keep = new Set(chosen);
  for (const item of items) {
    if (item.allowed && !keep.has(item)) {
      await deps.access.revoke(item.extensionId, item.accountId);
      deps.logger.info(`Extension access: ${item.extensionId} may no longer use ${item.accountLabel}.`);
    } else if (!item.allowed && keep.has(item)) {
      await deps.access.allow(item.extensionId, item.accountId, item.accountLabel);
      deps.logger.info(`Extension access: ${item.extensionId} may use ${item.accountLabel} (allowed in Manage Extension Access).`);
    }
  }
}

function extensionName(extensionId: string): string {
  const displayName: unknown = vscode.extensions.getExtension(extensionId)?.packageJSON?.displayName;
  return typeof displayName === 'string' && displayName !== '' ? displayName : extensionId;
}
