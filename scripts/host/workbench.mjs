// Playwright steps on the real VS Code workbench, named after what a person does: open it, click an activity
// bar entry, open the Accounts menu, run a command from the palette.

const UI_TIMEOUT_MS = 30_000;

/** Loads the workbench and waits until its activity bar is on screen. */
export async function openWorkbench(page, url) {
  await page.goto(url, { timeout: 60_000 });
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: 60_000 });
}

const entrySelector = (title) => `a.action-label[aria-label="${title}"]`;

/** The activity bar entry of a view container, by its title (e.g. "Azure Identity"). */
export function activityBarEntry(page, title) {
  return page.locator(`.part.activitybar .composite-bar .action-item ${entrySelector(title)}`);
}

/** Clicks a view container in the activity bar and waits for the side bar to show it. */
export async function openViewContainer(page, title) {
  const entry = activityBarEntry(page, title);
  await entry.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  const tab = page.locator('.part.activitybar .composite-bar .action-item', { has: page.locator(entrySelector(title)) });
  if ((await tab.getAttribute('aria-selected')) !== 'true') await entry.click();
  const sidebar = page.locator('.part.sidebar');
  await sidebar.locator('.composite.title', { hasText: title }).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  return sidebar;
}

/** Opens the Accounts menu (the person icon) and returns the labels of its entries; the menu stays open. */
export async function accountsMenuEntries(page) {
  await page.locator('.part.activitybar .action-item:has(.codicon-accounts-view-bar-icon)').click({ timeout: UI_TIMEOUT_MS });
  const menu = page.locator('.monaco-menu-container');
  await menu.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  const labels = await menu.locator('.action-menu-item .action-label').allInnerTexts();
  return labels.map((l) => l.trim()).filter(Boolean);
}

/** Closes whatever menu, quick pick or dialog has the focus. */
export async function dismiss(page) {
  await page.keyboard.press('Escape');
}

/** Runs a command from the command palette by its full title ("Category: Title"). */
export async function runCommand(page, title) {
  const input = page.locator('.quick-input-widget input');
  // The row whose title is exactly this one: Enter would run the top row, and a recently used command with a
  // similar title ("Diagnose Sign-In" for "Sign In") can be on top.
  const exact = new RegExp(`^\\s*${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  const row = page.locator('.quick-input-widget .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exact }) }).first();
  // A palette opened while a reloaded window is still registering commands lists what it had then and does not
  // refresh: close it and open it again, as a person would.
  for (const until = Date.now() + UI_TIMEOUT_MS; ; ) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
    await input.fill(`>${title}`);
    const shown = await row.waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false);
    if (shown) break;
    if (Date.now() > until) throw new Error(`The command palette does not list "${title}".`);
    await page.keyboard.press('Escape');
  }
  await row.click();
  // The palette lingers for a moment after the click, still listing commands; whoever reads the next quick pick
  // (the command's own) must not read the palette's rows instead.
  await page.waitForFunction(
    (typed) => {
      const box = document.querySelector('.quick-input-widget input');
      return !box || !(box instanceof HTMLInputElement) || box.offsetParent === null || box.value !== typed;
    },
    `>${title}`,
    { timeout: UI_TIMEOUT_MS },
  );
}

/** The entries of the quick pick currently open (e.g. after "Output: Show Output Channels..."). */
export async function quickPickEntries(page) {
  const rows = page.locator('.quick-input-widget .monaco-list-row');
  await rows.first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  return (await rows.locator('.label-name').allInnerTexts()).map((l) => l.trim());
}

/** Collects every request the page makes to something other than this machine's loopback. */
export function recordRequestsLeavingLoopback(context) {
  const leaving = [];
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) return; // blob:, data: stay in the page
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) leaving.push(request.url());
  });
  return leaving;
}
