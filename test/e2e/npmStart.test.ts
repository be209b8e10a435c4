// `npm start`, as a newcomer runs it: the test starts the real command, reads the URL and the demo users it
// prints, and signs in through the real pages in chromium — the browser sign-in (past the certificate warning,
// as a person clicks through it), the device code with "Copy code and open page", and the managed identity —
// then stops it with Ctrl-C and starts it again: nothing is rebuilt, and the accounts are still there.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { EMULATOR_ENV_VAR, EmulatorClient } from '../emulator/client';
import { DEFAULT_PASSWORD, DEFAULT_SYSTEM_ASSIGNED_IDENTITY, DEFAULT_USERNAME, SECOND_PASSWORD, SECOND_USERNAME } from '../emulator/defaults';
import { VIEW_CONTAINER_TITLE, host, type Host } from './support/host';
import { accountRow, answerDialog, dialog, notification, pickQuickPickEntry } from './support/workbenchUi';

const STEP_TIMEOUT_MS = 60_000;

// Run in the browser (page.evaluate); declared because the tests compile without the DOM library.
declare const navigator: { clipboard: { readText(): Promise<string> } };

describe('npm start, as a newcomer runs it', function () {
  this.timeout(300_000);
  // Each step builds on the previous one.
  this.bail(true);
  let h: Host;
  let stateDir: string;
  let start: Awaited<ReturnType<Host['startNpmStart']>>;
  let browser: { context: BrowserContext; close(): Promise<void> };
  let page: Page;
  let sidebar: Locator;

  before(async () => {
    h = await host();
    stateDir = h.makeRunDir('npm-start-state');
    start = await h.startNpmStart({ stateDir });
    // A browser profile of its own that lives through the restart below, as a person's does. No certificate
    // exception: the test clicks through the warning like a person.
    browser = await h.launchBrowser(h.makeRunDir('npm-start-browser'));
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(start.url).origin });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
  });

  afterEach(async function () {
    // What the workbench showed when a step failed, for whoever reads the failure.
    if (this.currentTest?.state === 'failed' && page) {
      await page.screenshot({ path: path.join(h.REPO_ROOT, 'screenshots', 'e2e-npm-start-failure.png') }).catch(() => undefined);
    }
  });

  after(async () => {
    await browser?.close();
    await start?.stop();
  });

  it('prints the URL to open, with the user names and passwords to sign in with', () => {
    assert.match(start.url, /^http:\/\/127\.0\.0\.1:\d+\/\?folder=/);
    assert.deepEqual(start.users, [
      { username: DEFAULT_USERNAME, password: DEFAULT_PASSWORD },
      { username: SECOND_USERNAME, password: SECOND_PASSWORD },
    ]);
  });

  it('signs in with a browser: the sign-in page opens, takes the printed user name and password, and the account is listed', async () => {
    await h.openWorkbench(page, start.url);
    sidebar = await h.openViewContainer(page, VIEW_CONTAINER_TITLE);
    await sidebar.locator('.welcome-view-content').getByRole('button', { name: 'Sign In' }).click({ timeout: STEP_TIMEOUT_MS });
    await reachSignInMethods(page);
    const opened = browser.context.waitForEvent('page', { timeout: STEP_TIMEOUT_MS });
    await pickQuickPickEntry(page, 'Sign in with a browser');
    const signInPage = await opened;
    await passCertificateWarning(signInPage, '#username');
    assert.match(new URL(signInPage.url()).pathname, /\/oauth2\/v2\.0\/authorize$/);
    const [user] = start.users;
    await signInPage.locator('#username').fill(user.username);
    await signInPage.locator('#password').fill(user.password);
    await signInPage.locator('#signin-button').click();
    await signInPage.locator('h1', { hasText: 'Signed in' }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    await signInPage.close();
    await accountRow(sidebar, user.username).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  });

  it('signs in with a device code: "Copy code and open page" copies the code and opens the device login page', async () => {
    await h.runCommand(page, 'Azure Identity: Sign In');
    await reachSignInMethods(page);
    await pickQuickPickEntry(page, 'Sign in with a device code');
    const toast = notification(page, 'enter the code');
    await toast.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    const message = (await toast.locator('.notification-list-item-message').innerText()).trim();
    const userCode = /enter the code (\S+?)\.?$/.exec(message)?.[1];
    assert.ok(userCode, `no code in the notification: ${message}`);
    const opened = browser.context.waitForEvent('page', { timeout: STEP_TIMEOUT_MS });
    await toast.getByRole('button', { name: 'Copy code and open page' }).click();
    const loginPage = await opened;
    await passCertificateWarning(loginPage, '#otc');
    assert.equal(new URL(loginPage.url()).pathname, '/devicelogin');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, userCode, 'the clipboard does not hold the code the notification shows');
    const [, second] = start.users;
    await loginPage.locator('#otc').fill(copied);
    await loginPage.locator('#username').fill(second.username);
    await loginPage.locator('#password').fill(second.password);
    await loginPage.locator('#signin-button').click();
    await loginPage.getByText('You have signed in').first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    await loginPage.close();
    await accountRow(sidebar, second.username).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  });

  it("uses the emulator's managed identity, never the machine's 169.254.169.254", async () => {
    // Inside the test namespace the suite's own emulator answers 169.254.169.254: it must see nothing.
    const machineImds = process.env[EMULATOR_ENV_VAR] ? EmulatorClient.fromReadyFile(process.env[EMULATOR_ENV_VAR]) : undefined;
    const machineImdsBefore = (await machineImds?.requests({ endpoint: 'imds' }))?.length;
    await h.runCommand(page, 'Azure Identity: Sign In');
    await reachSignInMethods(page);
    await pickQuickPickEntry(page, 'Use the managed identity');
    await accountRow(sidebar, DEFAULT_SYSTEM_ASSIGNED_IDENTITY.clientId).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    const demoEmulator = EmulatorClient.fromReadyFile(path.join(stateDir, 'emulator', 'emulator.json'));
    assert.ok((await demoEmulator.requests({ endpoint: 'imds' })).length > 0, "the demo emulator's IMDS was never asked");
    if (machineImds) assert.equal((await machineImds.requests({ endpoint: 'imds' })).length, machineImdsBefore, '169.254.169.254 was asked');
  });

  it('after Ctrl-C, a second npm start rebuilds nothing, keeps its URL, and the accounts are still there', async () => {
    const stopped = await start.stop();
    assert.ok(stopped.stoppedByCtrlC, `npm start did not stop on Ctrl-C:\n${stopped.output.slice(-2000)}`);
    const firstUrl = start.url;
    start = await h.startNpmStart({ stateDir });
    assert.deepEqual(start.builds, [], `the second start rebuilt:\n${start.output()}`);
    // A figure for the reader (issue 11 asks for 15 s at most), not an assertion: this machine's load varies.
    console.log(`      (the second npm start was ready in ${start.readySeconds} s)`);
    assert.equal(start.url, firstUrl, 'the second start moved to another address (the browser keeps accounts per origin)');
    await h.openWorkbench(page, start.url);
    sidebar = await h.openViewContainer(page, VIEW_CONTAINER_TITLE);
    for (const { username } of start.users) {
      await accountRow(sidebar, username).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    }
  });
});

/**
 * Gets from "Sign In" to the list of ways to sign in, answering what VS Code may ask first as a person does:
 * its consent ("wants to sign in": Allow) and, once an account exists, its own account list ("Sign in to
 * another account").
 */
async function reachSignInMethods(page: Page): Promise<void> {
  const methods = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Sign in with a browser' }).first();
  const consent = dialog(page, 'wants to sign in');
  const anotherAccount = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Sign in to another account' }).first();
  for (let step = 0; step < 4; step++) {
    const shown = await firstOf(
      methods.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS }).then(() => 'methods' as const),
      firstOf(
        consent.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS }).then(() => 'consent' as const),
        anotherAccount.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS }).then(() => 'accounts' as const),
      ),
    );
    if (shown === 'methods') return;
    if (shown === 'consent') await answerDialog(page, 'wants to sign in', 'Allow');
    else await anotherAccount.click();
  }
  assert.fail('Sign In never showed the ways to sign in');
}

/**
 * The emulator's certificate comes from its own test CA, which the browser does not know: chromium shows its
 * warning, and a person clicks "Advanced" and "Proceed". Returns once `ready` (a selector of the real page) is
 * visible.
 */
async function passCertificateWarning(page: Page, ready: string): Promise<void> {
  const proceed = page.locator('#proceed-link');
  const shown = await firstOf(
    page.locator(ready).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS }).then(() => 'page' as const),
    page.locator('#details-button').waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS }).then(() => 'warning' as const),
  );
  if (shown === 'warning') {
    await page.locator('#details-button').click();
    await proceed.click({ timeout: STEP_TIMEOUT_MS });
  }
  await page.locator(ready).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
}

/** The first of two waits to succeed; the other's later failure is not an unhandled rejection. */
function firstOf<A, B>(a: Promise<A>, b: Promise<B>): Promise<A | B> {
  a.catch(() => undefined);
  b.catch(() => undefined);
  return Promise.race([a, b]);
}
