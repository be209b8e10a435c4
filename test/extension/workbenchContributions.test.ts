// What the manifest contributes reaches the real workbench: the view container, the Accounts view and the
// output channel a person reads.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ACCOUNTS_VIEW_ID, EXTENSION_ID, VIEW_CONTAINER_ID, activateOurExtension } from './support';

/** Files named `name` under `dir` (the host's log folder is small: a few dozen files). */
function findFiles(dir: string, name: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findFiles(full, name));
    else if (entry.name === name) found.push(full);
  }
  return found;
}

describe('workbench contributions', () => {
  before(async () => {
    await activateOurExtension();
  });

  it('registers the Azure Identity view container and its Accounts view as workbench commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes(`workbench.view.extension.${VIEW_CONTAINER_ID}`), 'view container command missing');
    assert.ok(commands.includes(`${ACCOUNTS_VIEW_ID}.focus`), 'Accounts view focus command missing');
  });

  it('opens the Accounts view', async () => {
    await vscode.commands.executeCommand(`${ACCOUNTS_VIEW_ID}.focus`);
  });

  it('writes the "Azure Identity" output channel, announcing the activation', async () => {
    const logsRoot = process.env.AZID_TEST_LOGS_ROOT;
    assert.ok(logsRoot, 'the runner must pass AZID_TEST_LOGS_ROOT (the host log folder)');
    // The host writes channel logs to disk on its own schedule: right after activation the file may not hold the
    // line yet. Wait for it (bounded), as a person waits for the panel to show it.
    let newest = '';
    let text = '';
    for (const until = Date.now() + 15_000; Date.now() < until; await new Promise((resolve) => setTimeout(resolve, 250))) {
      // A reused profile (desktop runs) keeps older sessions' logs: read this session's, the newest.
      newest = findFiles(logsRoot, 'Azure Identity.log')
        .filter((f) => f.includes(EXTENSION_ID))
        .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0] ?? '';
      text = newest ? fs.readFileSync(newest, 'utf8') : '';
      if (/Azure Identity \d+\.\d+\.\d+ activated/.test(text)) break;
    }
    assert.ok(newest, `no "Azure Identity" output channel log under ${logsRoot}`);
    assert.match(text, /Azure Identity \d+\.\d+\.\d+ activated/);
  });
});
