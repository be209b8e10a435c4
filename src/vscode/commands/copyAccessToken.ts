// "Azure Identity: Copy Access Token…": pick an account and a resource (or take them from the Accounts view's
// row), warn — every time, naming the resource — then put the token on the clipboard. The token is never returned
// to whoever ran the command, so a command call from another extension or a task gets nothing but the question.
import * as vscode from 'vscode';
import type { Account, AccountServiceContract } from '../accounts/accountServiceContract';
import { scopesDisplayName } from '../api/resourceNames';
import { minutesUntil, parseCopyAccessTokenArgs, resourceChoices } from './tokenResources';

export const COPY_ACCESS_TOKEN_COMMAND = 'azureIdentity.copyAccessToken';

export interface CopyAccessTokenDependencies {
  readonly service: Pick<AccountServiceContract, 'getAccounts' | 'getAccount' | 'getDefaultAccount' | 'getToken'>;
  readonly logger: vscode.LogOutputChannel;
  resourceManagerEndpoint(account: Account): string;
}

export function registerCopyAccessToken(deps: CopyAccessTokenDependencies): vscode.Disposable {
  return vscode.commands.registerCommand(COPY_ACCESS_TOKEN_COMMAND, async (args?: unknown): Promise<void> => {
    await copyAccessToken(deps, args);
  });
}

async function copyAccessToken(deps: CopyAccessTokenDependencies, rawArgs: unknown): Promise<void> {
  const args = parseCopyAccessTokenArgs(rawArgs);
  if (args instanceof Error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Copy Access Token: {0}', args.message));
    return;
  }
  const account = await chooseAccount(deps, args.accountId);
  if (!account) return;
  const scopes = args.scopes ?? (await chooseScopes(deps, account));
  if (!scopes) return;
  const resource = scopesDisplayName(scopes);

  // Asked every time, whoever ran the command: this is what stands between a command call and the token.
  const copy = vscode.l10n.t('Copy Token');
  const answer = await Promise.resolve(
    vscode.window.showWarningMessage(
      vscode.l10n.t('Copy an access token of {0} for {1} to the clipboard?', account.label, resource),
      {
        modal: true,
        detail: vscode.l10n.t(
          'Anyone who has this token can act as {0} on {1} until it expires (about an hour). Paste it only where you trust it; Azure Identity never shows or logs it.',
          account.label,
          resource,
        ),
      },
      copy,
    ),
  ).catch(() => undefined);
  if (answer !== copy) {
    deps.logger.info(`Copy Access Token: not copied (${resource}, ${account.label}): the person did not confirm.`);
    return;
  }

  try {
    const token = await deps.service.getToken(account.id, { scopes, tenantId: args.tenantId, consumer: { kind: 'command', command: COPY_ACCESS_TOKEN_COMMAND } });
    await vscode.env.clipboard.writeText(token.token);
    const minutes = minutesUntil(token.expiresOnTimestamp, Date.now());
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Copied an access token of {0} for {1} to the clipboard. It expires in {2} minutes.', account.label, resource, minutes),
    );
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('No access token for {0}: {1}', resource, error instanceof Error ? error.message : String(error)));
  }
}

async function chooseAccount(deps: CopyAccessTokenDependencies, accountId: string | undefined): Promise<Account | undefined> {
  if (accountId !== undefined) {
    const account = await deps.service.getAccount(accountId);
    if (!account) void vscode.window.showErrorMessage(vscode.l10n.t('Copy Access Token: that account is not signed in any more.'));
    return account;
  }
  const accounts = await deps.service.getAccounts();
  if (accounts.length === 0) {
    // Not awaited: the command ends now, whether or not the person ever answers the notification.
    const signIn = vscode.l10n.t('Sign In');
    void Promise.resolve(vscode.window.showInformationMessage(vscode.l10n.t('Copy Access Token: sign in to Azure Identity first.'), signIn)).then((choice) =>
      choice === signIn ? vscode.commands.executeCommand('azureIdentity.signIn') : undefined,
    );
    return undefined;
  }
  if (accounts.length === 1) return accounts[0];
  const defaultId = (await deps.service.getDefaultAccount())?.id;
  const sorted = [...accounts].sort((a, b) => Number(b.id === defaultId) - Number(a.id === defaultId));
  const picked = await vscode.window.showQuickPick(
    sorted.map((account) => ({ label: account.label, description: account.id === defaultId ? vscode.l10n.t('default') : account.homeTenantId, account })),
    { title: vscode.l10n.t('Copy Access Token'), placeHolder: vscode.l10n.t('Whose token?') },
  );
  return picked?.account;
}

async function chooseScopes(deps: CopyAccessTokenDependencies, account: Account): Promise<string[] | undefined> {
  const other = { label: vscode.l10n.t('Other resource or scope…'), scope: '' };
  const choices = [...resourceChoices(account.cloud, deps.resourceManagerEndpoint(account)), other];
  const picked = await vscode.window.showQuickPick(
    choices.map((c) => ({ label: c.label, description: c.scope, choice: c })),
    { title: vscode.l10n.t('Copy Access Token'), placeHolder: vscode.l10n.t('A token for which resource?') },
  );
  if (!picked) return undefined;
  if (picked.choice !== other) return [picked.choice.scope];
  const typed = await vscode.window.showInputBox({
    title: vscode.l10n.t('Copy Access Token'),
    prompt: vscode.l10n.t('A scope, or a resource URI (its /.default scope is used)'),
    placeHolder: 'https://example.azure.com/.default',
    validateInput: (value) => (/^\S+$/.test(value.trim()) ? undefined : vscode.l10n.t('One scope or resource, without spaces.')),
  });
  if (!typed) return undefined;
  const value = typed.trim();
  // A bare resource URI (scheme and host) means its .default scope; anything longer is a scope already.
  return [/^[a-z][a-z0-9+.-]*:\/\/[^/]+\/?$/i.test(value) ? `${value.replace(/\/+$/, '')}/.default` : value];
}
