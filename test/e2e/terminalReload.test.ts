// A terminal restored after a window reload keeps a working endpoint: the same shell process (its environment
// fixed when it started) reaches a live endpoint in the new window, because the endpoint comes back on the
// same port with the same secret. Typed into the real terminal in chromium, as a person would. No account is
// signed in: the endpoint's answer (HTTP 400 "not signed in") proves it is alive; a dead one gives 000.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { EXTENSION_ID, host, type Host, type WorkbenchSession } from './support/host';

const UI_TIMEOUT_MS = 60_000;


describe('the terminal endpoint across a window reload', function () {
  this.timeout(240_000);
  let h: Host;
  let session: WorkbenchSession;
  let outDir: string;

  before(async () => {
    h = await host();
    session = await h.startWorkbenchSession({ label: 'e2e-terminal-reload', linkExtension: true });
    outDir = path.join(session.server.runDir, 'terminal-out');
    mkdirSync(outDir, { recursive: true });
  });
  after(async () => {
    await session?.stop();
  });

  async function focusTerminal(page: Page): Promise<void> {
    const textarea = page.locator('.terminal-wrapper.active .xterm-helper-textarea').first();
    await textarea.waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS });
    await textarea.focus();
  }

  /** Types a command into the focused terminal; it writes "<shell pid> <HTTP status>" to `name`. */
  async function probe(page: Page, name: string): Promise<{ pid: string; status: string }> {
    const file = path.join(outDir, name);
    const command =
      `echo "$$ $(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -H "X-IDENTITY-HEADER: $IDENTITY_HEADER" ` +
      `"$IDENTITY_ENDPOINT?resource=https://management.azure.com&api-version=2019-08-01")" > ${file}.part && mv ${file}.part ${file}`;
    // A terminal still reconnecting after the reload drops keystrokes: type again until the command ran.
    for (let attempt = 0; !existsSync(file); attempt++) {
      if (attempt === 6) {
        await page.screenshot({ path: path.join(outDir, `${name}.png`) });
        throw new Error(`the terminal did not run the probe (${name}); screenshot in ${outDir}`);
      }
      await focusTerminal(page);
      await page.keyboard.type(command);
      await page.keyboard.press('Enter');
      for (let waited = 0; waited < 40 && !existsSync(file); waited++) await page.waitForTimeout(250);
    }
    const [pid, status] = readFileSync(file, 'utf8').trim().split(' ');
    return { pid, status };
  }

  it('the restored terminal, same shell process, still reaches a live endpoint', async () => {
    await session.waitForActivation(EXTENSION_ID);
    await h.runCommand(session.page, 'Terminal: Create New Terminal');
    // The endpoint starts right after activation; a terminal made before it is relaunched with the variables.
    let before = await probe(session.page, 'before-0.txt');
    for (let attempt = 1; before.status !== '400' && attempt < 10; attempt++) before = await probe(session.page, `before-${attempt}.txt`);
    assert.equal(before.status, '400', 'the endpoint answers before the reload ("not signed in")');

    await session.page.reload();
    await session.page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await h.runCommand(session.page, 'Terminal: Focus Terminal');
    let after = await probe(session.page, 'after-0.txt');
    // The new window's extension host re-binds the port a moment after the workbench shows.
    for (let attempt = 1; after.status !== '400' && attempt < 20; attempt++) after = await probe(session.page, `after-${attempt}.txt`);
    assert.equal(after.pid, before.pid, 'the same shell process was restored');
    assert.equal(after.status, '400', 'its endpoint answers after the reload');
  });
});
