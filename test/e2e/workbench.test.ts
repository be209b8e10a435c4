// The real workbench in chromium, as a person sees it: the Azure Identity entry in the activity bar, the
// Accounts view, the Accounts menu, the output channel. The extension is linked into the extensions folder as
// `npm start` does, next to a fixture extension that asks our provider for a session.
import * as assert from 'node:assert/strict';
import { CONSUMER_DISPLAY_NAME, CONSUMER_FIXTURE, EXTENSION_ID, VIEW_CONTAINER_TITLE, host, welcomeFirstLine, type Host, type WorkbenchSession } from './support/host';

// Runs in the browser (page.evaluate); declared here because the tests compile without the DOM library.
declare function getComputedStyle(element: unknown): { webkitMaskImage: string; maskImage: string };

describe('the workbench, as a person sees it', function () {
  this.timeout(120_000);
  let h: Host;
  let session: WorkbenchSession;

  before(async () => {
    h = await host();
    session = await h.startWorkbenchSession({ label: 'e2e-workbench', linkExtension: true, extraExtensions: [CONSUMER_FIXTURE] });
  });

  after(async () => {
    await session?.stop();
  });

  it('shows "Azure Identity" in the activity bar with its icon', async () => {
    const entry = h.activityBarEntry(session.page, VIEW_CONTAINER_TITLE);
    await entry.waitFor({ state: 'visible', timeout: 30_000 });
    // Contributed icons are drawn as a CSS mask; an icon that failed to load leaves an empty square.
    const mask = await entry.evaluate((el) => getComputedStyle(el).webkitMaskImage || getComputedStyle(el).maskImage);
    const iconUrl = /url\("?([^")]+)"?\)/.exec(mask)?.[1];
    if (!iconUrl?.includes('view-container.svg')) assert.fail(`the activity bar icon is not ours: ${mask}`);
    const status = await session.page.evaluate(async (url: string) => (await fetch(url)).status, iconUrl);
    assert.equal(status, 200, `the activity bar icon did not load (${iconUrl})`);
  });

  it('is activated by nothing but startup or a need for it', () => {
    // The provider registers at startup (onStartupFinished), so the Accounts menu lists accounts after a reload.
    const event = h.readActivation(session.server.userDataDir, EXTENSION_ID).activationEvent;
    assert.ok(event === undefined || event === 'onStartupFinished', `activated by ${event}`);
  });

  it('opens the Accounts view with its welcome text, activating the extension', async () => {
    const sidebar = await h.openViewContainer(session.page, VIEW_CONTAINER_TITLE);
    await sidebar.getByText('Accounts', { exact: false }).first().waitFor({ state: 'visible', timeout: 30_000 });
    const welcome = sidebar.locator('.welcome-view-content');
    await welcome.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await welcome.innerText(), new RegExp(escapeRegExp(welcomeFirstLine(h))));
    // Whichever came first: the view opening, or startup finishing (the provider registers at startup).
    assert.ok(['onView:azureIdentity.accounts', 'onStartupFinished'].includes(await session.waitForActivation(EXTENSION_ID)));
  });

  it('lists "Azure Identity" among the output channels once active', async () => {
    await session.waitForActivation(EXTENSION_ID);
    await h.runCommand(session.page, 'Output: Show Output Channels...');
    const channels = await h.quickPickEntries(session.page);
    await h.dismiss(session.page);
    assert.ok(channels.includes('Azure Identity'), `output channels: ${channels.join(', ')}`);
  });

  it('offers "Sign in with Azure Identity" in the Accounts menu when another extension asks for a session', async () => {
    const before = await h.accountsMenuEntries(session.page);
    await h.dismiss(session.page);
    assert.ok(!before.some((e) => e.startsWith('Sign in with Azure Identity')), `unexpected entry before any request: ${before.join(' | ')}`);

    await h.runCommand(session.page, `${CONSUMER_DISPLAY_NAME}: Ask for an Azure session`);
    // The request shows up as an entry (and a badge) once the provider has answered "no session yet".
    let entries: string[] = [];
    for (let attempt = 0; attempt < 40 && !entries.some((e) => e.startsWith('Sign in with Azure Identity')); attempt++) {
      await session.page.waitForTimeout(250);
      entries = await h.accountsMenuEntries(session.page);
      await h.dismiss(session.page);
    }
    assert.ok(
      entries.includes(`Sign in with Azure Identity to use ${CONSUMER_DISPLAY_NAME} (1)`),
      `Accounts menu entries: ${entries.join(' | ')}`,
    );
  });

  it('sends no request beyond loopback from the browser', () => {
    assert.deepEqual(session.requestsLeavingLoopback, []);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
