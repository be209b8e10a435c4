// The product's main journey in a real browser: a person signs in from VS Code with Azure Identity through the
// browser sign-in page (the Entra ID emulator, on login.microsoftonline.com inside the test namespace), sees the
// account in the Accounts view and the Accounts menu; another extension then gets a token without a new
// sign-in; the "Signing in…" progress notification closes after a sign-in succeeds, fails and is cancelled; a
// reload, and a fresh start of code-server, with the authority unreachable keep the account and its session
// (issue #15); signing out removes the account. What reached the authority is checked in the emulator's log.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { EMULATOR_ENV_VAR, EmulatorClient } from '../emulator/client';
import { DEFAULT_PASSWORD, DEFAULT_TENANT_ID, DEFAULT_USERNAME, DEFAULT_USER_DISPLAY_NAME } from '../emulator/defaults';
import type { RequestLogEntry } from '../emulator/types';
import { CONSUMER_DISPLAY_NAME, CONSUMER_FIXTURE, EXTENSION_ID, REPO_ROOT, VIEW_CONTAINER_TITLE, host, type Host, type WorkbenchSession } from './support/host';
import { allowOpeningTheSignInPage } from './support/signInUi';
import { accountRow, answerDialog, notification, pickQuickPickEntry, readQuickPick } from './support/workbenchUi';

/** Inside the test namespace the real authority's name leads to the emulator. */
const ISOLATED = process.env.AZURE_IDENTITY_TEST_ISOLATED === '1';
const REAL_AUTHORITY_HOST = 'login.microsoftonline.com';
const AUTHORITY_ORIGIN = `https://${REAL_AUTHORITY_HOST}`;
/** The client id the extension signs users in with by default (azure.identity's VS Code client). */
const VSCODE_CLIENT_ID = 'aebc6443-996d-45c2-90f0-388ff96faa56';
const SIGN_IN_WITH_BROWSER = 'Sign in with a browser';
const SIGN_IN_WITH_DEVICE_CODE = 'Sign in with a device code';
/** The title of the sign-in's progress notification (src/vscode/signIn/signInFlow.ts). */
const SIGNING_IN = 'Signing in with Azure Identity';
const SCREENSHOT = path.join(REPO_ROOT, 'screenshots', 'sign-in-accounts-view.png');
const MENU_SCREENSHOT = path.join(REPO_ROOT, 'screenshots', 'sign-in-accounts-menu.png');
const TREE_SCREENSHOT = path.join(REPO_ROOT, 'screenshots', 'accounts-tree.png');
const STEP_TIMEOUT_MS = 60_000;

describe('signing in with a browser, as a person does', function () {
  this.timeout(150_000);
  // Each step builds on the previous one: after a failure the rest would only repeat it.
  this.bail(true);
  let h: Host;
  let session: WorkbenchSession;
  let emulator: EmulatorClient;
  /** Requests the browser of a session stopped earlier in this suite sent off loopback. */
  const earlierRequestsLeavingLoopback: string[] = [];

  before(async function () {
    if (!ISOLATED) {
      // Without the namespace the authority would be the emulator's https://127.0.0.1:<port>, and VS Code
      // tunnels every loopback URL an extension opens from a remote host: code-server rewrites it to its
      // plain-HTTP port proxy (/proxy/<port>/…), which cannot speak to the HTTPS emulator ("socket hang up").
      // Only the real authority's name, which the namespace gives the emulator, reaches it as a person's would.
      this.skip();
    }
    h = await host();
    const readyFile = process.env[EMULATOR_ENV_VAR];
    if (!readyFile) throw new Error(`${EMULATOR_ENV_VAR} is not set: run this suite through "npm test -- --suite e2e".`);
    emulator = EmulatorClient.fromReadyFile(readyFile);
    await emulator.reset();
    // A person types their user name and password on the sign-in page.
    await emulator.setInteractiveSignIn({ mode: 'form' });
    session = await h.startWorkbenchSession({
      label: 'e2e-sign-in',
      linkExtension: true,
      extraExtensions: [CONSUMER_FIXTURE],
      // No azureIdentity settings: the product's defaults (public cloud, organizations, VS Code's client id).
      ignoreHttpsErrors: true,
    });
  });

  after(async () => {
    await session?.stop();
    // Later suites expect the seeded state (interactive mode 'auto', an empty request log).
    await emulator?.reset();
  });

  it('signs in from the Accounts view through the browser sign-in page', async () => {
    const { page, context } = session;
    const sidebar = await h.openViewContainer(page, VIEW_CONTAINER_TITLE);
    const welcome = sidebar.locator('.welcome-view-content');
    await welcome.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    await session.waitForActivation(EXTENSION_ID);
    await welcome.getByRole('button', { name: 'Sign In' }).click();
    // Our own Sign In goes straight to our sign-in list: no "wants to sign in" consent for our own extension.

    const pick = await readQuickPick(page);
    assert.equal(pick.placeholder, 'How do you want to sign in?');
    assert.ok(pick.entries.includes(SIGN_IN_WITH_BROWSER), `sign-in choices: ${pick.entries.join(' | ')}`);
    const browserPage = context.waitForEvent('page', { timeout: STEP_TIMEOUT_MS });
    await pickQuickPickEntry(page, SIGN_IN_WITH_BROWSER);
    await allowOpeningTheSignInPage(page, browserPage);
    // While the person is on the sign-in page, VS Code shows the sign-in's progress (with its Cancel button).
    const progress = notification(page, SIGNING_IN);
    await progress.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });

    const signInPage = await browserPage;
    await signInPage.waitForURL((url) => url.pathname.endsWith('/oauth2/v2.0/authorize'), { timeout: STEP_TIMEOUT_MS });
    const authorizeUrl = new URL(signInPage.url());
    assert.equal(`${authorizeUrl.origin}${authorizeUrl.pathname}`, `${AUTHORITY_ORIGIN}/organizations/oauth2/v2.0/authorize`);
    assert.equal(authorizeUrl.searchParams.get('client_id'), VSCODE_CLIENT_ID);
    assert.equal(authorizeUrl.searchParams.get('code_challenge_method'), 'S256');
    assert.match(authorizeUrl.searchParams.get('redirect_uri') ?? '', /^http:\/\/localhost:\d+\/?$/);

    const username = signInPage.locator('#username');
    if (!(await username.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS }).then(() => true, () => false))) {
      // An error page from the authority (AADSTS…) says why; it carries no secret.
      assert.fail(`the sign-in page shows no sign-in form; it says: ${(await signInPage.locator('body').innerText()).slice(0, 400)}`);
    }
    await username.fill(DEFAULT_USERNAME);
    await signInPage.locator('#password').fill(DEFAULT_PASSWORD);
    await signInPage.locator('#signin-button').click();
    // The authority sends the browser back to the extension's loopback server, which says it is done.
    await signInPage.waitForURL((url) => url.hostname === 'localhost', { timeout: STEP_TIMEOUT_MS });
    await signInPage.locator('h1', { hasText: 'Signed in' }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    assert.match(await signInPage.locator('body').innerText(), /Authentication complete/);
    await signInPage.close();

    const row = accountRow(sidebar, DEFAULT_USER_DISPLAY_NAME);
    await row.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    const rowText = await row.innerText();
    // Who (the display name), then the cloud and the tenant: short enough not to be cut off.
    assert.match(rowText, /Azure/);
    // The tenant by name once Resource Manager has told it (its id until then).
    assert.match(rowText, new RegExp(`Contoso \\(emulator\\)|${DEFAULT_TENANT_ID}`));
    assert.equal(await welcome.isVisible(), false, 'the welcome text is still shown next to a signed-in account');
    // The sign-in succeeded: its progress notification is gone.
    await progress.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
    assert.equal(await progress.count(), 0, 'the "Signing in…" notification is still shown after the sign-in succeeded');
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
  });

  it('shows the account\'s tenants and its token with its expiry when the account is expanded', async () => {
    const { page } = session;
    const sidebar = await h.openViewContainer(page, VIEW_CONTAINER_TITLE);
    const row = accountRow(sidebar, DEFAULT_USER_DISPLAY_NAME);
    await row.click();
    for (const label of ['Tenants', 'Contoso (emulator)', 'Fabrikam (emulator)', 'Tokens']) {
      await accountRow(sidebar, label).first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    }
    const token = accountRow(sidebar, 'Azure Resource Manager').first();
    await token.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    assert.match(await token.innerText(), /expires in (59 min|1 h)/);
    // The hover: the token's non-secret claims (a picture for the README; its text is checked in-host).
    await token.hover();
    await page.locator('.monaco-hover, .workbench-hover').first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS }).catch(() => undefined);
    await page.screenshot({ path: TREE_SCREENSHOT });
    await page.mouse.move(700, 450);
  });

  it('shows the account in the Accounts menu', async () => {
    const entries = await h.accountsMenuEntries(session.page);
    await session.page.screenshot({ path: MENU_SCREENSHOT });
    await h.dismiss(session.page);
    assert.ok(entries.includes(`${DEFAULT_USERNAME} (${VIEW_CONTAINER_TITLE})`), `Accounts menu entries: ${entries.join(' | ')}`);
  });

  it('redeemed exactly one authorization code, with the PKCE verifier of its challenge, at the default authority', async () => {
    const grants = await emulator.requests({ endpoint: 'token', grantType: 'authorization_code' });
    assert.equal(grants.length, 1, 'authorization_code grants at the token endpoint');
    const [grant] = grants;
    assert.equal(grant.status, 200);
    assert.equal(grant.host, REAL_AUTHORITY_HOST);
    assert.equal(grant.tenant, 'organizations');
    assert.equal(grant.clientId, VSCODE_CLIENT_ID);
    const verifier = grant.form?.code_verifier;
    // Assertion messages never carry the verifier or the code: the log holds them as sent.
    assert.ok(typeof verifier === 'string' && /^[A-Za-z0-9_-]{43,128}$/.test(verifier), 'the code was redeemed without a well-formed PKCE code_verifier');

    const [authorize] = await emulator.requests({ endpoint: 'authorize', method: 'GET' });
    assert.ok(authorize, 'the browser never asked the authority to sign in');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    assert.ok(authorize.query.code_challenge === challenge, 'the code_verifier does not match the code_challenge the sign-in started with');
  });

  it('gives another extension a token for the account without signing in again', async () => {
    const { page, context } = session;
    const before = await signInTraffic();
    const openedPages: Page[] = [];
    const onPage = (p: Page): void => void openedPages.push(p);
    context.on('page', onPage);
    try {
      await h.runCommand(page, `${CONSUMER_DISPLAY_NAME}: Get an Azure token`);
      // VS Code's own consent for a second extension, then the choice of account: no sign-in page.
      const consent = await answerDialog(page, 'wants to sign in', 'Allow');
      assert.match(consent, new RegExp(`The extension '${CONSUMER_DISPLAY_NAME}' wants to sign in using Azure Identity`));
      const pick = await readQuickPick(page);
      assert.ok(pick.entries.includes(DEFAULT_USERNAME), `accounts offered: ${pick.entries.join(' | ')}`);
      await pickQuickPickEntry(page, DEFAULT_USERNAME);
      const told = notification(page, 'Consumer got');
      await told.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      assert.equal(
        (await told.locator('.notification-list-item-message').innerText()).trim(),
        `Consumer got a token of ${DEFAULT_USERNAME}: user ${DEFAULT_USERNAME}, audience https://management.azure.com.`,
      );
    } finally {
      context.off('page', onPage);
    }
    assert.deepEqual(openedPages.map((p) => p.url()), [], 'a browser page opened for the second extension');
    assert.deepEqual(await signInTraffic(), before, 'the second extension caused a new sign-in at the authority');
  });

  it('a sign-in the person cancels from its progress notification: the notification closes, the sign-in stops listening, no error, no account added', async () => {
    const { page, context } = session;
    await clearNotifications(page);
    await h.runCommand(page, 'Azure Identity: Sign In');
    await readQuickPick(page);
    const browserPage = context.waitForEvent('page', { timeout: STEP_TIMEOUT_MS });
    await pickQuickPickEntry(page, SIGN_IN_WITH_BROWSER);
    await allowOpeningTheSignInPage(page, browserPage);
    const signInPage = await browserPage;
    await signInPage.waitForURL((url) => url.pathname.endsWith('/oauth2/v2.0/authorize'), { timeout: STEP_TIMEOUT_MS });
    // The sign-in waits for the authority to send the browser back to its loopback server (redirect_uri).
    const redirectPort = Number(new URL(new URL(signInPage.url()).searchParams.get('redirect_uri') ?? '').port);
    assert.ok(await listening(redirectPort), `nothing listens on the sign-in's redirect port ${redirectPort}`);
    const progress = notification(page, SIGNING_IN);
    await progress.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    await progress.getByRole('button', { name: 'Cancel' }).click({ timeout: STEP_TIMEOUT_MS });
    await progress.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
    assert.equal(await progress.count(), 0, 'the "Signing in…" notification is still shown after the sign-in was cancelled');
    // Cancelled means stopped: nothing waits for a code any more.
    for (let attempt = 0; attempt < 50 && (await listening(redirectPort)); attempt++) await page.waitForTimeout(200);
    assert.equal(await listening(redirectPort), false, 'the cancelled sign-in still listens for the authority\'s redirect');
    await signInPage.close();
    assert.deepEqual(await errorNotifications(page), [], 'a cancelled sign-in is not an error');
    const sidebar = await h.openViewContainer(page, VIEW_CONTAINER_TITLE);
    assert.equal(await accountRow(sidebar, DEFAULT_USER_DISPLAY_NAME).count(), 1, 'the signed-in account is still there, once');
  });

  it('a sign-in that fails (the authority unreachable): an error naming the authority, and the progress notification closes', async () => {
    const { page } = session;
    await clearNotifications(page);
    await emulator.addFault({ endpoint: '*', times: 0, action: { type: 'drop' } });
    try {
      // The failure may come before a locator could see the progress notification: the page itself records
      // every notification that appears.
      await recordNotifications(page);
      await h.runCommand(page, 'Azure Identity: Sign In');
      await readQuickPick(page);
      await pickQuickPickEntry(page, SIGN_IN_WITH_DEVICE_CODE);
      const failed = notification(page, 'signing in failed');
      await failed.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      assert.match(await failed.innerText(), new RegExp(REAL_AUTHORITY_HOST.replace(/\./g, '\\.')));
      assert.ok((await recordedNotifications(page)).some((text) => text.includes(SIGNING_IN)), 'the sign-in showed no progress notification');
      const progress = notification(page, SIGNING_IN);
      await progress.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
      assert.equal(await progress.count(), 0, 'the "Signing in…" notification is still shown after the sign-in failed');
    } finally {
      await emulator.clearFaults();
    }
    const sidebar = await h.openViewContainer(page, VIEW_CONTAINER_TITLE);
    assert.equal(await accountRow(sidebar, DEFAULT_USER_DISPLAY_NAME).count(), 1, 'the signed-in account stays after a failed sign-in');
    await clearNotifications(page);
  });

  it('reloads with the authority and Resource Manager unreachable: activates, shows the account, serves its cached session, no error notification', async () => {
    const { page } = session;
    await emulator.addFault({ endpoint: '*', times: 0, action: { type: 'drop' } });
    try {
      await page.reload();
      await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      await session.waitForActivation(EXTENSION_ID);
      const sidebar = await h.openViewContainer(page, VIEW_CONTAINER_TITLE);
      await accountRow(sidebar, DEFAULT_USER_DISPLAY_NAME).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      // The activation's tenant listing met a dropped connection (the fault counts the requests it dropped).
      for (let attempt = 0; attempt < 100 && !(await emulator.faults()).some((f) => f.hits > 0); attempt++) await page.waitForTimeout(200);
      assert.ok((await emulator.faults()).some((f) => f.hits > 0), 'nothing reached the unreachable authority or Resource Manager');
      // Another extension still gets the account's session: from the stored cache, no network needed.
      await h.runCommand(page, `${CONSUMER_DISPLAY_NAME}: Ask for an Azure session`);
      await notification(page, `Signed in as ${DEFAULT_USERNAME}`).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      assert.deepEqual(await errorNotifications(page), [], 'no error notification while offline');
    } finally {
      await emulator.clearFaults();
    }
  });

  it('starts afresh (new code-server, extension host and browser) with the authority unreachable from the first second: activates, shows the account, serves its cached session, no error notification; the next call works once it is back', async () => {
    // The same user data, browser profile and origin (port): what a person has after quitting and starting again.
    const { runDir, port } = session.server;
    earlierRequestsLeavingLoopback.push(...session.requestsLeavingLoopback);
    await session.stop();
    await emulator.addFault({ endpoint: '*', times: 0, action: { type: 'drop' } });
    try {
      session = await h.startWorkbenchSession({ label: 'e2e-sign-in', runDir, port, linkExtension: true, extraExtensions: [CONSUMER_FIXTURE], ignoreHttpsErrors: true });
      const { page } = session;
      await session.waitForActivation(EXTENSION_ID);
      const sidebar = await h.openViewContainer(page, VIEW_CONTAINER_TITLE);
      await accountRow(sidebar, DEFAULT_USER_DISPLAY_NAME).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      for (let attempt = 0; attempt < 100 && !(await emulator.faults()).some((f) => f.hits > 0); attempt++) await page.waitForTimeout(200);
      assert.ok((await emulator.faults()).some((f) => f.hits > 0), 'nothing reached the unreachable authority or Resource Manager');
      await h.runCommand(page, `${CONSUMER_DISPLAY_NAME}: Ask for an Azure session`);
      await notification(page, `Signed in as ${DEFAULT_USERNAME}`).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      assert.deepEqual(await errorNotifications(page), [], 'no error notification after a fresh start while offline');
    } finally {
      await emulator.clearFaults();
    }

    // The authority is back: the next call that needs it (Refresh Token on the account's Resource Manager token) works.
    const { page } = session;
    const refreshGrants = async () => (await emulator.requests({ endpoint: 'token', grantType: 'refresh_token' })).filter((r) => r.status === 200).length;
    const grantsBefore = await refreshGrants();
    const sidebar = await h.openViewContainer(page, VIEW_CONTAINER_TITLE);
    const account = accountRow(sidebar, DEFAULT_USER_DISPLAY_NAME);
    // The tree may come back expanded as it was left.
    if ((await account.getAttribute('aria-expanded')) !== 'true') await account.click();
    const token = accountRow(sidebar, 'Azure Resource Manager').first();
    await token.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    await token.hover();
    await token.getByRole('button', { name: 'Refresh Token' }).click({ timeout: STEP_TIMEOUT_MS });
    for (let attempt = 0; attempt < 100 && (await refreshGrants()) === grantsBefore; attempt++) await page.waitForTimeout(200);
    // At least the one asked for: the account's other tokens and its tenant list may also be renewed now that
    // the authority answers again.
    assert.ok((await refreshGrants()) > grantsBefore, 'the authority, back again, issued no refreshed token');
    await token.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    assert.match(await token.innerText(), /expires in (59 min|1 h)/);
    assert.deepEqual(await errorNotifications(page), [], 'no error notification once the authority is back');
  });

  it('signs out from the Accounts view, and the account is gone', async () => {
    const { page } = session;
    const sidebar = await h.openViewContainer(page, VIEW_CONTAINER_TITLE);
    const row = accountRow(sidebar, DEFAULT_USER_DISPLAY_NAME);
    await row.hover();
    await row.getByRole('button', { name: 'Sign Out' }).click({ timeout: STEP_TIMEOUT_MS });
    await row.waitFor({ state: 'detached', timeout: STEP_TIMEOUT_MS });
    await sidebar.locator('.welcome-view-content').waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });

    // The Accounts menu follows once VS Code has processed the provider's change event.
    let entries: string[] = [];
    for (let attempt = 0; attempt < 20; attempt++) {
      entries = await h.accountsMenuEntries(page);
      await h.dismiss(page);
      if (!entries.some((e) => e.includes(DEFAULT_USERNAME))) break;
      await page.waitForTimeout(250);
    }
    assert.ok(!entries.some((e) => e.includes(DEFAULT_USERNAME)), `Accounts menu entries after signing out: ${entries.join(' | ')}`);

    // The other extension no longer gets a session.
    await h.runCommand(page, `${CONSUMER_DISPLAY_NAME}: Ask for an Azure session`);
    await notification(page, 'No Azure Identity session yet.').waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  });

  it('sent the browser nowhere but this machine and the authority', () => {
    const elsewhere = [...earlierRequestsLeavingLoopback, ...session.requestsLeavingLoopback].filter((url) => new URL(url).origin !== AUTHORITY_ORIGIN);
    assert.deepEqual(elsewhere, []);
  });

  /** What a new sign-in leaves in the emulator's log: authorize page loads and code redemptions. */
  async function signInTraffic(): Promise<{ authorize: number; codeGrants: number }> {
    const count = (entries: RequestLogEntry[]): number => entries.length;
    return {
      authorize: count(await emulator.requests({ endpoint: 'authorize' })),
      codeGrants: count(await emulator.requests({ endpoint: 'token', grantType: 'authorization_code' })),
    };
  }
});

/** Whether something accepts connections on 127.0.0.1:`port` (only connects; sends nothing). */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(5_000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The error notifications on screen (their text). */
function errorNotifications(page: Page): Promise<string[]> {
  return page.locator('.notifications-toasts .notification-list-item').filter({ has: page.locator('.codicon-error') }).allInnerTexts();
}

async function clearNotifications(page: Page): Promise<void> {
  await (await host()).runCommand(page, 'Notifications: Clear All Notifications');
}

/** From now on, the page keeps the text of every notification toast that appears, however briefly. */
async function recordNotifications(page: Page): Promise<void> {
  // Page code as text: the tests compile without the DOM's types.
  await page.evaluate(`(() => {
    const seen = [];
    window.azidNotifications = seen;
    const record = () => {
      for (const item of document.querySelectorAll('.notifications-toasts .notification-list-item')) {
        if (!seen.includes(item.innerText)) seen.push(item.innerText);
      }
    };
    new MutationObserver(record).observe(document.body, { childList: true, subtree: true, characterData: true });
    record();
  })()`);
}

function recordedNotifications(page: Page): Promise<string[]> {
  return page.evaluate<string[]>('window.azidNotifications ?? []');
}
