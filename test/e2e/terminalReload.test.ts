// A terminal restored after a window reload keeps a working endpoint: the same shell process (its environment
// fixed when it started) reaches a live endpoint in the new window, because the endpoint comes back on the
// same port with the same secret. Typed into the real terminal in chromium, as a person would. No account is
// signed in: the endpoint's answer (HTTP 400 "not signed in") proves it is alive; a dead one gives 000.
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { EXTENSION_ID, host, type Host, type WorkbenchSession } from './support/host';
import { runInTerminal } from './support/terminal';

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

  /** Typed into the terminal: "<shell pid> <HTTP status>" of the endpoint's answer. */
  async function probe(page: Page, name: string): Promise<{ pid: string; status: string }> {
    const command =
      `echo "$$ $(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -H "X-IDENTITY-HEADER: $IDENTITY_HEADER" ` +
      `"$IDENTITY_ENDPOINT?resource=https://management.azure.com&api-version=2019-08-01")"`;
    const [pid, status] = (await runInTerminal(page, outDir, name, command, 15_000)).split(' ');
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
