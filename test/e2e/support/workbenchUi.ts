// Playwright steps on the workbench that the sign-in journey needs beyond scripts/host/workbench.mjs: answering
// VS Code's dialogs, picking from a quick pick, reading notifications and the Accounts view's rows.
import type { Locator, Page } from 'playwright-core';

const UI_TIMEOUT_MS = 30_000;

// Run in the browser (page.waitForFunction); declared because the tests compile without the DOM library.
interface BrowserElement {
  readonly textContent: string | null;
  querySelector(selector: string): BrowserElement | null;
  querySelectorAll(selector: string): Iterable<BrowserElement>;
}
declare const document: BrowserElement;

/** The modal dialog whose text contains `text` (consent, "open the external website?", …). */
export function dialog(page: Page, text: string | RegExp): Locator {
  return page.locator('.monaco-dialog-box', { hasText: text });
}

/** Waits for the dialog, clicks its button `button`, and returns the dialog's text as the person read it. */
export async function answerDialog(page: Page, text: string | RegExp, button: string): Promise<string> {
  const box = dialog(page, text);
  await box.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  const shown = await box.innerText();
  await box.getByRole('button', { name: button, exact: true }).click({ timeout: UI_TIMEOUT_MS });
  await box.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
  return shown;
}

/** The open quick pick's title, placeholder and entries. */
export async function readQuickPick(page: Page): Promise<{ title: string; placeholder: string; entries: string[] }> {
  const widget = page.locator('.quick-input-widget');
  const rows = widget.locator('.monaco-list-row');
  await rows.first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  const title = (await widget.locator('.quick-input-title').innerText().catch(() => '')).trim();
  const placeholder = (await widget.locator('input').getAttribute('placeholder')) ?? '';
  const entries = (await rows.locator('.label-name').allInnerTexts()).map((l) => l.trim());
  return { title, placeholder, entries };
}

/**
 * Clicks the quick pick entry whose label contains `label`, once the quick pick has its final entries. A list
 * that is still filling in (the sign-in list says "checking…" on the entries it is probing, and sets all its
 * entries again, reordered, when the probes answer) redraws its rows under the pointer: a click that lands
 * then is lost, or picks the entry that moved into its place.
 */
export async function pickQuickPickEntry(page: Page, label: string): Promise<void> {
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  await page.waitForFunction(
    (checking) => {
      const widget = document.querySelector('.quick-input-widget');
      if (!widget) return true;
      const probing = [...widget.querySelectorAll('.monaco-list-row')].some((r) => (r.textContent ?? '').includes(checking));
      // The busy bar (shown 800 ms after the list turns busy, so not on its own a sign that it is done).
      const busy = widget.querySelector('.monaco-progress-container.active:not(.done)') !== null;
      return !probing && !busy;
    },
    CHECKING,
    { timeout: UI_TIMEOUT_MS },
  );
  await row.click({ timeout: UI_TIMEOUT_MS });
}

/** What the sign-in list's entries say while their probe runs (src/vscode/signIn/signInPicker.ts). */
const CHECKING = 'checking…';

/**
 * Clicks the inline action `action` of a tree row (the Accounts view shows a row's actions only while the
 * pointer is on it, or it is selected or focused), as a person does: points at the row, and again if the tree
 * redrew under the pointer before the action showed (another window's change, a refresh), then clicks it.
 * The row is found afresh each time.
 */
export async function clickRowAction(row: Locator, action: string, timeoutMs = UI_TIMEOUT_MS): Promise<void> {
  const page = row.page();
  const button = row.getByRole('button', { name: action, exact: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // Off the tree first: the hover card of the row under the pointer can cover the row to point at.
    await moveOffTree(page);
    await row.hover({ timeout: Math.max(1, deadline - Date.now()) });
    // Not a limit on how long the action may take to show: how long to wait before pointing again.
    const shown = await button.waitFor({ state: 'visible', timeout: 2_000 }).then(() => true, () => false);
    if (shown) {
      const clicked = await button.click({ timeout: 5_000 }).then(() => true, () => false);
      if (clicked) return;
    }
    if (Date.now() > deadline) throw new Error(`The row's "${action}" action did not show within ${timeoutMs} ms of pointing at the row (${(await row.count()) ? 'the row is there' : 'no such row'}).`);
  }
}

/** Moves the pointer to the editor area, where it points at nothing that shows a hover. */
export async function moveOffTree(page: Page): Promise<void> {
  const editor = await page.locator('.part.editor').boundingBox();
  const viewport = page.viewportSize() ?? { width: 1400, height: 900 };
  const at = editor ? { x: editor.x + editor.width / 2, y: editor.y + editor.height / 2 } : { x: viewport.width - 50, y: viewport.height / 2 };
  await page.mouse.move(at.x, at.y);
}

/** The notification toasts on screen whose message contains `text`. */
export function notification(page: Page, text: string | RegExp): Locator {
  return page.locator('.notifications-toasts .notification-list-item', { hasText: text });
}

/** The Accounts view's tree row for an account. */
export function accountRow(sidebar: Locator, label: string): Locator {
  return sidebar.locator('.monaco-list-row', { hasText: label });
}
