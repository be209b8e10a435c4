// Only when the extension runs under the in-host test runner (ExtensionMode.Test): a command that returns
// what the Accounts tree and the status bar show, as a person would read them, so tests assert on the real
// view models without driving pixels. Never registered for users; never returns a token.
import * as vscode from 'vscode';
import type { AccountStatusBar } from './statusBar/statusBar';
import type { AccountsTreeDataProvider, AccountsTreeNode } from './tree/accountsTree';

export interface TreeItemSnapshot {
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  readonly contextValue?: string;
  readonly icon?: string;
  readonly command?: string;
  readonly children: TreeItemSnapshot[];
}

/** What SNAPSHOT_COMMAND returns: the Accounts tree's items and the status bar item. */
export interface ViewSnapshot {
  readonly tree: TreeItemSnapshot[];
  readonly statusBar: ReturnType<AccountStatusBar['snapshot']>;
}

export const SNAPSHOT_COMMAND = 'azureIdentity.test.snapshot';

async function walk(tree: AccountsTreeDataProvider, node: AccountsTreeNode | undefined, depth: number): Promise<TreeItemSnapshot[]> {
  if (depth > 4) return [];
  const children = await tree.getChildren(node);
  return Promise.all(
    children.map(async (child) => {
      const item = tree.getTreeItem(child);
      const text = (value: unknown): string | undefined =>
        value === undefined ? undefined : typeof value === 'string' ? value : value instanceof vscode.MarkdownString ? value.value : String((value as { label?: unknown }).label ?? value);
      return {
        label: text(item.label) ?? '',
        description: typeof item.description === 'string' ? item.description : undefined,
        tooltip: text(item.tooltip),
        contextValue: item.contextValue,
        icon: item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined,
        command: item.command?.command,
        children: item.collapsibleState === vscode.TreeItemCollapsibleState.None ? [] : await walk(tree, child, depth + 1),
      };
    }),
  );
}

export function registerTestHooks(context: vscode.ExtensionContext, tree: AccountsTreeDataProvider, statusBar: AccountStatusBar): vscode.Disposable {
  if (context.extensionMode !== vscode.ExtensionMode.Test) return { dispose: () => undefined };
  return vscode.commands.registerCommand(SNAPSHOT_COMMAND, async (): Promise<ViewSnapshot> => {
    await statusBar.update();
    return { tree: await walk(tree, undefined, 0), statusBar: statusBar.snapshot() };
  });
}
