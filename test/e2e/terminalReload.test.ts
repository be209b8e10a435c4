// A terminal restored after a window reload keeps a working endpoint: the same shell process (its environment
// fixed when it started) reaches a live endpoint in the new window, because the endpoint comes back on the
// same port with the same secret. Typed into the real terminal in chromium, as a person would. No account is
// signed in: the endpoint's answer (HTTP 400 "not signed in") proves it is alive; a dead one gives 000.
// Then (issue #12) another program takes the remembered port while the window reloads: the endpoint moves to a
// new port and secret, says so in the output channel, and a terminal opened after the reload gets a token there.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { EmulatorClient } from '../emulator/client';
import { DEFAULT_CLIENT_ID } from '../emulator/defaults';
import { EXTENSION_ID, VIEW_CONTAINER_TITLE, host, type Host, type WorkbenchSession } from './support/host';
import { runInTerminal } from './support/terminal';
import { ISOLATED, SERVICE_PRINCIPAL_ENV, runnerEmulator } from './support/session';
import { allowSignInIfAsked } from './support/signInUi';
import { accountRow, pickQuickPickEntry } from './support/workbenchUi';

const UI_TIMEOUT_MS = 60_000;

/** The "Azure Identity" output channel's files of every extension host this session started. */
function channelLogs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...channelLogs(full));
    else if (entry.name === 'Azure Identity.log' && full.includes(EXTENSION_ID)) found.push(full);
  }
  return found;
}

/**
 * Another program on this machine that wants `port`: it tries to bind it every millisecond until it holds it (so it
 * takes the port the moment the previous window's extension host lets go, well before the new window's endpoint, which
 * tries every 250 ms), then answers every request with a 404 of its own.
 */
function takeWhenFree(port: number): { held: () => boolean; close: () => Promise<void> } {
  let server: http.Server | undefined;
  let held = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const attempt = (): void => {
    if (stopped) return;
    const candidate = http.createServer((_request, response) => {
      response.writeHead(404, { 'Content-Type': 'text/plain' });
      response.end('another program\n');
    });
    candidate.once('error', () => {
      candidate.close();
      timer = setTimeout(attempt, 1);
    });
    candidate.listen(port, '127.0.0.1', () => {
      server = candidate;
      held = true;
    });
  };
  attempt();
  return {
    held: () => held,
    close: async () => {
      stopped = true;
      clearTimeout(timer);
      server?.closeAllConnections();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    },
  };
}


describe('the terminal endpoint across a window reload', function () {
  this.timeout(240_000);
  let h: Host;
  let session: WorkbenchSession;
  let outDir: string;
  let emulator: EmulatorClient | undefined;
  let other: ReturnType<typeof takeWhenFree> | undefined;

  before(async () => {
    h = await host();
    // The first step needs no emulator; the second (a token) only runs inside the test namespace.
    if (ISOLATED) {
      emulator = runnerEmulator();
      await emulator.reset();
    }
    session = await h.startWorkbenchSession({
      label: 'e2e-terminal-reload',
      linkExtension: true,
      // The quickest sign-in a person has, for the step that needs a token: the environment's service principal.
      ...(emulator ? { env: { ...SERVICE_PRINCIPAL_ENV } } : {}),
    });
    outDir = path.join(session.server.runDir, 'terminal-out');
    mkdirSync(outDir, { recursive: true });
  });
  after(async () => {
    await other?.close();
    await session?.stop();
    await emulator?.reset();
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

  it('another program takes the port during a reload: the endpoint moves to a new port and secret, says so, and a new terminal gets a token there', async function () {
    // The token comes from the emulator, which only the test namespace reaches.
    if (!emulator) this.skip();
    const { page } = session;
    await h.runCommand(page, 'Azure Identity: Sign In');
    // VS Code may ask whether our own extension may sign in before our list shows.
    await allowSignInIfAsked(page, page.locator('.quick-input-widget .monaco-list-row').first());
    await pickQuickPickEntry(page, "Use the environment's service principal");
    const sidebar = await h.openViewContainer(page, VIEW_CONTAINER_TITLE);
    await accountRow(sidebar, DEFAULT_CLIENT_ID.slice(0, 8)).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });

    /** "<port> <secret's hash> <HTTP status>" of the endpoint this terminal knows; the secret itself never leaves the shell. */
    const endpointCommand =
      `echo "$(echo "$IDENTITY_ENDPOINT" | sed -E 's#^http://127\\.0\\.0\\.1:([0-9]+)/.*#\\1#') $(printf %s "$IDENTITY_HEADER" | sha256sum | cut -c1-16) ` +
      `$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -H "X-IDENTITY-HEADER: $IDENTITY_HEADER" "$IDENTITY_ENDPOINT?resource=https://management.azure.com&api-version=2019-08-01")"`;
    const read = async (name: string) => {
      const [port, secretHash, status] = (await runInTerminal(page, outDir, name, endpointCommand, 15_000)).split(' ');
      return { port: Number(port), secretHash, status };
    };
    const old = await read('moved-before.txt');
    assert.ok(Number.isInteger(old.port) && old.port > 0, `the terminal's endpoint port: ${old.port}`);
    assert.equal(old.status, '200', 'the signed-in endpoint serves a token before the reload');

    other = takeWhenFree(old.port);
    await page.reload();
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    // The other program gets the port once the previous window's extension host lets go of it.
    for (let waited = 0; waited < 600 && !other.held(); waited++) await page.waitForTimeout(100);
    assert.ok(other.held(), `the other program never got port ${old.port}: the previous window kept it, or the new window took it back first`);

    const logsRoot = path.join(session.server.userDataDir, 'logs');
    const moved = `[terminal] port ${old.port} is taken by another program; the endpoint moves to a new port and secret`;
    const said = () => channelLogs(logsRoot).some((file) => readFileSync(file, 'utf8').includes(moved));
    for (let waited = 0; waited < 600 && !said(); waited++) await page.waitForTimeout(100);
    const lastLines = channelLogs(logsRoot).flatMap((file) => readFileSync(file, 'utf8').split('\n').filter((line) => line.includes('[terminal]')));
    assert.ok(said(), `the output channel does not say the endpoint moved; its [terminal] lines:\n${lastLines.join('\n')}`);

    // The move is logged first; the new endpoint then listens, and the terminals' variables follow it.
    const listening = /\[terminal\] token endpoint listening on 127\.0\.0\.1:(\d+)/;
    const movedTo = () =>
      channelLogs(logsRoot)
        .flatMap((file) => readFileSync(file, 'utf8').split('\n'))
        .map((line) => Number(listening.exec(line)?.[1]))
        .find((port) => Number.isInteger(port) && port !== old.port);
    for (let waited = 0; waited < 600 && movedTo() === undefined; waited++) await page.waitForTimeout(100);
    assert.ok(movedTo() !== undefined, `the endpoint never listened on a new port; its [terminal] lines:\n${lastLines.join('\n')}`);

    // VS Code hands the changed variables to new terminals a moment later: each attempt opens a new terminal.
    let now = { port: old.port, secretHash: old.secretHash, status: '' };
    for (let attempt = 0; (now.port === old.port || now.status !== '200') && attempt < 10; attempt++) {
      await h.runCommand(page, 'Terminal: Create New Terminal');
      now = await read(`moved-after-${attempt}.txt`);
    }
    assert.equal(now.port, movedTo(), 'the new terminal names another port than the one the endpoint listens on');
    assert.notEqual(now.port, old.port, 'the new terminal still names the port the other program holds');
    assert.notEqual(now.secretHash, old.secretHash, 'the endpoint kept its secret on the new port');
    assert.equal(now.status, '200', 'the new terminal gets a token from the moved endpoint');
  });
});
