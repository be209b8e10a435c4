// `npm start`, as a newcomer runs it: the test starts the real command, reads the URL and the demo users it
// prints, and signs in through the real pages in chromium — the browser sign-in (past the certificate warning,
// as a person clicks through it), the device code with "Copy code and open page", and the managed identity —
// then stops it with Ctrl-C and starts it again: nothing is rebuilt, and the accounts are still there. Then
// the tour the README shows (its screenshots are taken here): tenants and tokens with their expiry in the
// tree, a token copied after the warning, another account made the default with the status bar following;
// and two windows signing in and out at the same time that end with the same accounts and default.
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import * as https from 'node:https';
import * as path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { EMULATOR_ENV_VAR, EmulatorClient } from '../emulator/client';
import { DEFAULT_CLIENT_ID, DEFAULT_PASSWORD, DEFAULT_SYSTEM_ASSIGNED_IDENTITY, DEFAULT_USERNAME, SECOND_PASSWORD, SECOND_USERNAME, SEED_USERS } from '../emulator/defaults';
import { VIEW_CONTAINER_TITLE, host, type Host } from './support/host';
import { accountRow as rowLabelled, answerDialog, clickRowAction, dialog, moveOffTree, notification, pickQuickPickEntry } from './support/workbenchUi';

/** A person's row shows their display name (the user name is in its hover); other identities show their id. */
/** The demo's managed identity as the tree names it: the last segment of its resource id (emulator-vm). */
const MANAGED_IDENTITY_NAME = DEFAULT_SYSTEM_ASSIGNED_IDENTITY.resourceId.split('/').pop() as string;
const displayNameOf = (who: string): string => SEED_USERS.find((u) => u.username === who)?.displayName ?? who;
const accountRow = (sidebar: Locator, who: string): Locator => rowLabelled(sidebar, displayNameOf(who));

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
    // The one with the button (the progress notification repeats the text).
    const toast = notification(page, 'enter the code').filter({ has: page.getByRole('button', { name: 'Copy code and open page' }) });
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
    // Listed by its resource's name (the VM a system-assigned identity belongs to), as the portal names it, not by a GUID.
    await accountRow(sidebar, MANAGED_IDENTITY_NAME).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
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

  it("shows an account's tenants and its tokens with when each expires, from the restarted emulator", async () => {
    // Tenants come from Resource Manager (the emulator's), asked with the token signed in before the restart.
    await widenSideBar(page);
    await expand(accountRow(sidebar, DEFAULT_USERNAME));
    await tenantRow(sidebar, 'Contoso').waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    assert.match(await tenantRow(sidebar, 'Contoso').innerText(), /signed in/);
    await tenantRow(sidebar, 'Fabrikam').waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    const token = tokenRow(sidebar);
    await token.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    assert.match(await token.innerText(), /expires in \d+ (min|h)/);
    await moveOffTree(page);
    await shoot(page, 'tour-accounts', { readme: true });
    // The hover shows the token's claims, never the token.
    await token.hover();
    const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Claims' }).first();
    await hover.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    const claims = await hover.innerText();
    assert.match(claims, /aud/);
    assert.doesNotMatch(claims, /eyJ[\w-]+\.eyJ/, 'the hover shows a token');
    await shoot(page, 'tour-token-hover', { readme: true });
    await page.keyboard.press('Escape');
  });

  it('makes another account the default, and the status bar follows', async () => {
    const statusItem = statusBarAccount(page);
    await statusItem.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    const before = await statusItem.innerText();
    const bob = accountRow(sidebar, SECOND_USERNAME);
    // The tree and the status bar name an account alike (its display name, "Bob …").
    const bobName = (await bob.locator('.label-name').first().innerText()).trim();
    await clickRowAction(bob, 'Make Default Account', STEP_TIMEOUT_MS);
    await statusBarAccount(page, bobName).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    assert.notEqual(await statusBarAccount(page).innerText(), before);
    // The tree marks the default account with a star (its hover says "default account").
    await bob.locator('.codicon-star-full').waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    await moveOffTree(page);
    await shoot(page, 'tour-default-account', { readme: true });
  });

  it('copies a token after the warning: the clipboard holds a token the emulator issued', async () => {
    const token = tokenRow(sidebar);
    // The demo cloud's Resource Manager is named as such, not by its 127.0.0.1:<port> address.
    assert.match(await token.locator('.label-name').first().innerText(), /^Azure Resource Manager/);
    await clickRowAction(token, 'Copy Access Token', STEP_TIMEOUT_MS);
    const warning = page.locator('.monaco-dialog-box');
    await warning.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    await shoot(page, 'tour-copy-warning', { readme: true });
    const text = await warning.innerText();
    assert.match(text, /token/i);
    const copy = warning.getByRole('button').filter({ hasText: /copy/i }).first();
    // The clipboard holds the device code from before; the token reaches it after the warning closes (the
    // extension gets the token first).
    const before = await readClipboard(page);
    await copy.click();
    await warning.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
    const copied = await clipboardOnceChanged(page, before);
    assert.match(copied, /^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/, 'the clipboard does not hold a token (it holds something else)');
    // The demo emulator's Resource Manager accepts only a valid token it signed itself.
    const answer = await demoArmStatus(copied);
    assert.equal(answer.status, 200, `the demo Resource Manager refused the copied token: ${answer.error}`);
  });

  // code-server keeps SecretStorage per window (src/vscode/accounts/fileSecretStore.ts says how): the accounts
  // live in a store every window's extension host shares.
  it('two windows signing in and out at the same time end with the same accounts and default', async () => {
    const second = await browser.context.newPage();
    try {
      await h.openWorkbench(second, start.url);
      const secondSidebar = await h.openViewContainer(second, VIEW_CONTAINER_TITLE);
      await accountRow(secondSidebar, SECOND_USERNAME).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      const identity = MANAGED_IDENTITY_NAME;
      // At the same time: this window signs the managed identity out and makes alice the default; the other
      // signs in the environment's service principal.
      await Promise.all([
        (async () => {
          // The other window's sign-in redraws this window's tree meanwhile: each click points at its row afresh.
          await clickRowAction(accountRow(sidebar, identity), 'Sign Out', STEP_TIMEOUT_MS);
          await accountRow(sidebar, identity).waitFor({ state: 'detached', timeout: STEP_TIMEOUT_MS });
          await clickRowAction(accountRow(sidebar, DEFAULT_USERNAME), 'Make Default Account', STEP_TIMEOUT_MS);
        })(),
        (async () => {
          await h.runCommand(second, 'Azure Identity: Sign In');
          await reachSignInMethods(second);
          await pickQuickPickEntry(second, "Use the environment's service principal");
        })(),
      ]);
      // People are listed by display name; the service principal by its client id.
      const expected = [displayNameOf(DEFAULT_USERNAME), displayNameOf(SECOND_USERNAME), DEFAULT_CLIENT_ID];
      const aliceName = displayNameOf(DEFAULT_USERNAME);
      const [first, other] = [await settledAccounts(sidebar, expected, identity, aliceName), await settledAccounts(secondSidebar, expected, identity, aliceName)];
      assert.deepEqual(other, first, 'the two windows list different accounts or defaults');
      const labels = first.map((a) => a.label).join('\n');
      for (const who of expected) assert.ok(labels.includes(who), `${who} is not listed:\n${labels}`);
      assert.ok(!labels.includes(identity), `the managed identity signed out is still listed:\n${labels}`);
      assert.equal(first.find((a) => a.isDefault)?.label.includes(displayNameOf(DEFAULT_USERNAME)), true, `default account: ${JSON.stringify(first)}`);
    } finally {
      await second.close();
    }
  });

  it('after a reload, the window lists every account and gets tokens silently from the stored cache', async () => {
    await h.openWorkbench(page, start.url);
    sidebar = await h.openViewContainer(page, VIEW_CONTAINER_TITLE);
    // The two people, and the service principal the other window signed in.
    for (const who of [DEFAULT_USERNAME, SECOND_USERNAME, DEFAULT_CLIENT_ID]) await accountRow(sidebar, who).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    // Expanding lists the tenants, which takes a Resource Manager token: silently, from what was stored.
    await expand(accountRow(sidebar, DEFAULT_USERNAME));
    await tokenRow(sidebar).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    assert.match(await tenantRow(sidebar, 'Contoso').innerText(), /signed in/);
  });

  it('Sign Out of All Accounts asks first, then leaves no account (the welcome view shows)', async () => {
    await h.runCommand(page, 'Azure Identity: Sign Out of All Accounts');
    const asked = await answerDialog(page, 'Sign out of all', 'Sign Out of All');
    assert.match(asked, /Sign out of all 3 Azure Identity accounts\?/);
    await sidebar.locator('.welcome-view-content').getByRole('button', { name: 'Sign In' }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    assert.equal(await sidebar.locator('.monaco-list-row[aria-level="1"]').count(), 0, 'accounts are still listed');
  });

  /** Resource Manager's GET /tenants at the demo emulator with `token`: 200 for a token it issued, else ARM's error code. */
  function demoArmStatus(token: string): Promise<{ status: number; error: string }> {
    const { url, caCertPath } = JSON.parse(readFileSync(path.join(stateDir, 'emulator', 'emulator.json'), 'utf8')) as { url: string; caCertPath: string };
    return new Promise((resolve, reject) => {
      const request = https.get(`${url}/tenants?api-version=2022-12-01`, { ca: readFileSync(caCertPath), headers: { Authorization: `Bearer ${token}` }, timeout: 10_000 }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => {
          let error = '';
          try {
            const parsed = JSON.parse(body) as { error?: { code?: string; message?: string } };
            error = `${parsed.error?.code ?? ''} ${parsed.error?.message ?? ''}`.trim();
          } catch {
            error = `${body.length} bytes that are not JSON`;
          }
          resolve({ status: response.statusCode ?? 0, error });
        });
      });
      request.on('timeout', () => request.destroy(new Error('the emulator did not answer within 10 s')));
      request.on('error', reject);
    });
  }
});

function readClipboard(page: Page): Promise<string> {
  return page.evaluate(() => navigator.clipboard.readText());
}

/** What the clipboard holds once it holds something other than `before` (or after STEP_TIMEOUT_MS, `before`). */
async function clipboardOnceChanged(page: Page, before: string): Promise<string> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  for (;;) {
    const now = await readClipboard(page);
    if (now !== before || Date.now() > deadline) return now;
    await page.waitForTimeout(100);
  }
}

/** A tenant row (under an account's "Tenants") whose text contains `text`. */
function tenantRow(sidebar: Locator, text: string): Locator {
  return sidebar.locator('.monaco-list-row[aria-level="3"]', { hasText: text }).first();
}

/** The first token row ("Azure Resource Manager … expires in 59 min"). */
function tokenRow(sidebar: Locator): Locator {
  return sidebar.locator('.monaco-list-row[aria-level="3"]', { hasText: /expires in/ }).first();
}

/** Drags the side bar's edge to the right, as a person does to read the rows without "…". */
async function widenSideBar(page: Page): Promise<void> {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box) return;
  const edge = { x: box.x + box.width + 1, y: box.y + box.height / 2 };
  await page.mouse.move(edge.x, edge.y);
  await page.mouse.down();
  await page.mouse.move(edge.x + 380, edge.y, { steps: 8 });
  await page.mouse.up();
}

async function expand(row: Locator): Promise<void> {
  await row.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
}

/** The status bar entry of Azure Identity (the default account), optionally the one naming `text`. */
function statusBarAccount(page: Page, text?: string): Locator {
  const items = page.locator('.part.statusbar .statusbar-item[id$="azureIdentity.account"]');
  return (text ? items.filter({ hasText: text }) : items).first();
}

/**
 * The top-level accounts of a window's tree once they are what is expected, `defaultLabel` the one default (or
 * after STEP_TIMEOUT_MS, what they are then): each label and whether it carries the default mark.
 */
async function settledAccounts(sidebar: Locator, expected: string[], gone: string, defaultLabel: string): Promise<{ label: string; isDefault: boolean }[]> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  let accounts: { label: string; isDefault: boolean }[] = [];
  for (;;) {
    const rows = sidebar.locator('.monaco-list-row[aria-level="1"]');
    accounts = [];
    for (const row of await rows.all()) {
      const label = (await row.locator('.label-name').first().innerText()).trim();
      const description = (await row.locator('.label-description').first().innerText().catch(() => '')).trim();
      // The default account is the row with the star.
      accounts.push({ label: `${label} ${description}`, isDefault: (await row.locator('.codicon-star-full').count()) > 0 });
    }
    const labels = accounts.map((a) => a.label).join('\n');
    const defaults = accounts.filter((a) => a.isDefault);
    if (expected.every((e) => labels.includes(e)) && !labels.includes(gone) && defaults.length === 1 && defaults[0].label.includes(defaultLabel)) return accounts;
    if (Date.now() > deadline) return accounts;
    await sidebar.page().waitForTimeout(250);
  }
}

/**
 * Saves a screenshot under screenshots/ (ignored by git) and, for the README's tour, under media/readme/.
 */
async function shoot(page: Page, name: string, { readme = false }: { readme?: boolean } = {}): Promise<void> {
  const root = path.resolve(__dirname, '..', '..', '..');
  for (const dir of [path.join(root, 'screenshots'), ...(readme ? [path.join(root, 'media', 'readme')] : [])]) {
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, `${name}.png`) });
  }
}

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
