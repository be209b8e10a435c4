// Another extension's token, with consent, as a person sees it in the real workbench: the SDK consumer fixture gets
// our API through the handshake and sends a real Azure SDK request (core-rest-pipeline's
// bearerTokenAuthenticationPolicy) to Resource Manager; our modal names it, the account and the resource; after
// "Allow" the emulator's Resource Manager accepts the token, after "Don't Allow" nothing reaches it. Then
// "Copy Access Token…" warns naming the resource before anything is copied.
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { EmulatorClient } from '../emulator/client';
import { DEFAULT_CLIENT_ID, DEFAULT_SUBSCRIPTION_NAME } from '../emulator/defaults';
import { EXTENSION_ID, REPO_ROOT, SDK_CONSUMER_DISPLAY_NAME, SDK_CONSUMER_FIXTURE, host, type Host, type WorkbenchSession } from './support/host';
import { SERVICE_PRINCIPAL_ENV, startIsolatedSession, stopIsolatedSession } from './support/session';
import { allowSignInIfAsked } from './support/signInUi';
import { runInTerminal } from './support/terminal';
import { accountRow, dialog, notification, pickQuickPickEntry, readQuickPick } from './support/workbenchUi';

const STEP_TIMEOUT_MS = 60_000;
const SCREENSHOTS = path.join(REPO_ROOT, 'screenshots');
const LIST = `${SDK_CONSUMER_DISPLAY_NAME}: List subscriptions with the Azure SDK`;
const CONSENT_TEXT = `Allow '${SDK_CONSUMER_DISPLAY_NAME}' to use your Azure Identity account`;

describe('another extension\'s Azure SDK request, with consent', function () {
  this.timeout(180_000);
  this.bail(true);
  let h: Host;
  let session: WorkbenchSession;
  let emulator: EmulatorClient;

  before(async function () {
    // The fixture calls https://management.azure.com, which only the test namespace leads to the emulator.
    ({ h, session, emulator } = await startIsolatedSession(this, {
      label: 'e2e-extension-api',
      linkExtension: true,
      extraExtensions: [SDK_CONSUMER_FIXTURE],
      env: SERVICE_PRINCIPAL_ENV,
    }));
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  after(() => stopIsolatedSession(session, emulator));

  it('signs in with the environment\'s service principal', async () => {
    const { page } = session;
    const sidebar = await h.openViewContainer(page, 'Azure Identity');
    await session.waitForActivation(EXTENSION_ID);
    await h.runCommand(page, 'Azure Identity: Sign In');
    await allowOwnSignInIfAsked(page);
    await pickQuickPickEntry(page, "Use the environment's service principal");
    // The account's row in the Accounts view, once the sign-in is done: the sign-in list's own entry also
    // names the client id ("signed in as app …"), and a step that went on from there raced the sign-in.
    await accountRow(sidebar, DEFAULT_CLIENT_ID.slice(0, 8)).first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  });

  it('asks once, naming the extension, the account and Resource Manager; after Allow, Resource Manager accepts the token', async () => {
    const { page } = session;
    const armBefore = (await subscriptionListings(emulator)).length;
    await h.runCommand(page, LIST);
    const box = dialog(page, CONSENT_TEXT);
    await box.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    const question = await box.innerText();
    assert.match(question, new RegExp(`${escapeRegExp(CONSENT_TEXT)} .+ for Azure Resource Manager\\?`));
    assert.match(question, /Manage Extension Access/);
    assert.equal((await subscriptionListings(emulator)).length, armBefore, 'Resource Manager was called before the person answered');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'extension-consent.png') });
    await box.getByRole('button', { name: 'Allow', exact: true }).click();

    const told = notification(page, 'SDK consumer: Resource Manager answered');
    await told.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    assert.match(await told.innerText(), new RegExp(`answered 200 with subscriptions: ${escapeRegExp(DEFAULT_SUBSCRIPTION_NAME)}`));
    const arm = await subscriptionListings(emulator);
    assert.equal(arm.length, armBefore + 1);
    assert.equal(arm[arm.length - 1]?.status, 200, 'the emulator\'s Resource Manager accepted the token');
    await h.dismiss(page);
  });

  it('does not ask again for the same extension and account', async () => {
    const { page } = session;
    await closeNotifications(page);
    await h.runCommand(page, LIST);
    await notification(page, 'SDK consumer: Resource Manager answered 200').waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    assert.equal(await dialog(page, CONSENT_TEXT).count(), 0);
  });

  it('Manage Extension Access lists the extension; clearing it takes the access back', async () => {
    const { page } = session;
    await h.runCommand(page, 'Azure Identity: Manage Extension Access');
    const pick = await readQuickPick(page);
    assert.ok(pick.entries.includes(SDK_CONSUMER_DISPLAY_NAME), `entries: ${pick.entries.join(' | ')}`);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'manage-extension-access.png') });
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: SDK_CONSUMER_DISPLAY_NAME }).first().click();
    await page.locator('.quick-input-widget input').press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
  });

  it('after "Don\'t Allow" the extension gets a typed error and Resource Manager sees nothing', async () => {
    const { page } = session;
    await closeNotifications(page);
    const armBefore = (await subscriptionListings(emulator)).length;
    await h.runCommand(page, LIST);
    const box = dialog(page, CONSENT_TEXT);
    await box.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    await box.getByRole('button', { name: "Don't Allow", exact: true }).click();
    const told = notification(page, 'SDK consumer got no token');
    await told.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    assert.match(await told.innerText(), /ConsentDenied/);
    assert.equal((await subscriptionListings(emulator)).length, armBefore, 'a request reached Resource Manager');
  });

  it('Copy Access Token warns naming the account and the resource before copying', async () => {
    const { page } = session;
    await closeNotifications(page);
    await h.runCommand(page, 'Azure Identity: Copy Access Token…');
    await pickQuickPickEntry(page, 'Azure Resource Manager');
    const box = dialog(page, 'Copy an access token of');
    await box.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    assert.match(await box.innerText(), /for Azure Resource Manager to the clipboard\?/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'copy-access-token.png') });
    await box.getByRole('button', { name: 'Copy Token', exact: true }).click();
    await notification(page, 'Copied an access token').waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  });

  describe('a program in the terminal asking for a resource outside the allow-list', () => {
    // Neither is on the default allow-list (Resource Manager, Graph, Storage, Key Vault).
    const DENIED = 'https://cognitiveservices.azure.com';
    const ALLOWED = 'https://database.windows.net';
    const QUESTION = 'A program in the terminal asks for a token for';
    let outDir: string;
    /** curl as a person runs it in the terminal: the HTTP status only (a 200's body is a token). */
    const curl = (page: Page, name: string, resource: string) =>
      runInTerminal(
        page,
        outDir,
        name,
        `curl -s -o /dev/null -w '%{http_code}' --max-time 90 -H "X-IDENTITY-HEADER: $IDENTITY_HEADER" "$IDENTITY_ENDPOINT?resource=${resource}&api-version=2019-08-01"`,
        100_000,
      );
    /** Starts curl, waits for the question, clicks `button`; resolves with curl's status. */
    async function answered(page: Page, name: string, resource: string, button: string, screenshot?: string): Promise<string> {
      const status = curl(page, name, resource);
      status.catch(() => undefined);
      const box = dialog(page, QUESTION);
      await box.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      assert.match(await box.innerText(), new RegExp(`${escapeRegExp(QUESTION)} ${escapeRegExp(resource)}`));
      if (screenshot) await page.screenshot({ path: path.join(SCREENSHOTS, screenshot) });
      await box.getByRole('button', { name: button, exact: true }).click();
      return status;
    }

    before(async () => {
      outDir = path.join(session.server.runDir, 'terminal-out');
      await closeNotifications(session.page);
      await h.runCommand(session.page, 'Terminal: Create New Terminal');
    });

    it('"Deny": curl gets 403, and the same program is not asked again in this window', async () => {
      const { page } = session;
      assert.equal(await answered(page, 'deny-1', DENIED, 'Deny'), '403');
      assert.equal(await curl(page, 'deny-2', DENIED), '403');
      assert.equal(await dialog(page, QUESTION).count(), 0, 'asked again after "Deny"');
    });

    it('"Allow Once": curl gets a token, and the next request is asked again', async () => {
      const { page } = session;
      assert.equal(await answered(page, 'once-1', ALLOWED, 'Allow Once', 'terminal-consent.png'), '200');
      assert.equal(await answered(page, 'once-2', ALLOWED, 'Always Allow'), '200');
    });

    it('"Always Allow": later requests get the token without a question, and the resource is in the allow-list setting', async () => {
      const { page } = session;
      assert.equal(await curl(page, 'always', ALLOWED), '200');
      assert.equal(await dialog(page, QUESTION).count(), 0, 'asked again after "Always Allow"');
      const settings = readFileSync(path.join(session.server.runDir, 'user-data', 'User', 'settings.json'), 'utf8');
      assert.match(settings, /"azureIdentity\.terminal\.allowedResources"/);
      assert.ok(settings.includes(ALLOWED), `the allow-list setting names ${ALLOWED}: ${settings}`);
    });
  });
});

/** Our own Sign In command may go through VS Code's "wants to sign in" question before its quick pick. */
function allowOwnSignInIfAsked(page: Page): Promise<void> {
  return allowSignInIfAsked(page, page.locator('.quick-input-widget .monaco-list-row').first());
}

async function closeNotifications(page: Page): Promise<void> {
  await (await host()).runCommand(page, 'Notifications: Clear All Notifications');
}

/** The subscription listings the emulator's Resource Manager received (the account service's GET /tenants aside). */
async function subscriptionListings(emulator: EmulatorClient) {
  return (await emulator.requests({ endpoint: 'arm' })).filter((r) => /\/subscriptions(\?|$)/i.test(r.path));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
