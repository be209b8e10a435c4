// VS Code's "Sign in with Azure Identity to use <extension>" entry in the Accounts menu, as a person sees it:
// another extension asks politely (neither silent nor forcing a sign-in) while nobody is signed in, so VS Code
// shows the entry and a badge; once the person signs in, the entry goes away, because the provider announces a
// session for exactly the scopes that extension asked for. (Before, it stayed, and clicking it started another
// sign-in.) The sign-in is a device code the test approves at the emulator.
import * as assert from 'node:assert/strict';
import type { EmulatorClient } from '../emulator/client';
import { DEFAULT_USERNAME, DEFAULT_USER_DISPLAY_NAME } from '../emulator/defaults';
import { CONSUMER_DISPLAY_NAME, CONSUMER_FIXTURE, EXTENSION_ID, VIEW_CONTAINER_TITLE, type Host, type WorkbenchSession } from './support/host';
import { startIsolatedSession, stopIsolatedSession } from './support/session';
import { accountRow, notification } from './support/workbenchUi';

const STEP_TIMEOUT_MS = 60_000;
const REQUEST_ENTRY = `Sign in with Azure Identity to use ${CONSUMER_DISPLAY_NAME}`;

describe('the Accounts menu\'s sign-in request for another extension', function () {
  this.timeout(150_000);
  this.bail(true);
  let h: Host;
  let session: WorkbenchSession;
  let emulator: EmulatorClient;

  before(async function () {
    ({ h, session, emulator } = await startIsolatedSession(this, {
      label: 'e2e-sign-in-request',
      linkExtension: true,
      extraExtensions: [CONSUMER_FIXTURE],
      userSettings: { 'azureIdentity.signIn.methods': ['deviceCode'] },
    }));
  });

  after(() => stopIsolatedSession(session, emulator));

  /** The Accounts menu's entries, read until `done` holds for them (VS Code applies events asynchronously). */
  async function menuUntil(done: (entries: string[]) => boolean): Promise<string[]> {
    let entries: string[] = [];
    for (let attempt = 0; attempt < 40; attempt++) {
      entries = await h.accountsMenuEntries(session.page);
      await h.dismiss(session.page);
      if (done(entries)) break;
      await session.page.waitForTimeout(250);
    }
    return entries;
  }

  it('shows the entry while nobody is signed in', async () => {
    await session.waitForActivation(EXTENSION_ID);
    await h.runCommand(session.page, `${CONSUMER_DISPLAY_NAME}: Ask for an Azure session`);
    await notification(session.page, 'No Azure Identity session yet.').waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    const entries = await menuUntil((e) => e.some((entry) => entry.includes(REQUEST_ENTRY)));
    assert.ok(entries.some((entry) => entry.includes(REQUEST_ENTRY)), `Accounts menu entries: ${entries.join(' | ')}`);
  });

  it('removes the entry once the person signed in', async () => {
    const sidebar = await h.openViewContainer(session.page, VIEW_CONTAINER_TITLE);
    await sidebar.locator('.welcome-view-content').getByRole('button', { name: 'Sign In' }).click();
    let approved = false;
    for (let attempt = 0; attempt < 200 && !approved; attempt++) {
      const pending = (await emulator.deviceCodes()).find((c) => c.state === 'pending');
      if (pending) {
        await emulator.approveDeviceCode(pending.userCode, DEFAULT_USERNAME);
        approved = true;
      } else {
        await session.page.waitForTimeout(100);
      }
    }
    assert.ok(approved, 'no device code was asked for');
    // The tree names a person by display name; the Accounts menu by user name.
    await accountRow(sidebar, DEFAULT_USER_DISPLAY_NAME).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    const entries = await menuUntil((e) => !e.some((entry) => entry.includes(REQUEST_ENTRY)) && e.some((entry) => entry.includes(DEFAULT_USERNAME)));
    assert.ok(entries.some((entry) => entry.includes(DEFAULT_USERNAME)), `Accounts menu entries: ${entries.join(' | ')}`);
    assert.ok(!entries.some((entry) => entry.includes(REQUEST_ENTRY)), `the sign-in request is still there: ${entries.join(' | ')}`);
  });
});
