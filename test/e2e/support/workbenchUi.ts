// Playwright steps on the workbench that the sign-in journey needs beyond scripts/host/workbench.mjs: answering
// VS Code's dialogs, picking from a quick pick, reading notifications and the Accounts view's rows.
import type { Locator, Page } from 'playwright-core';

const UI_TIMEOUT_MS = 30_000;

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

/** Clicks the quick pick entry whose label contains `label`. */
export async function pickQuickPickEntry(page: Page, label: string): Promise<void> {
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  const input = page.locator('.quick-input-widget input');
  const placeholder = await input.getAttribute('placeholder').catch(() => null);
  await row.click();
  // A click that lands while the list is still being laid out can be lost: the same quick pick (same placeholder)
  // still showing the entry 2 s later means it was, and a person would click again.
  await row.waitFor({ state: 'hidden', timeout: 2_000 }).catch(async () => {
    const still = (await row.isVisible()) && (await input.getAttribute('placeholder').catch(() => null)) === placeholder;
    if (still) await row.click();
  });
}

/** The notification toasts on screen whose message contains `text`. */
export function notification(page: Page, text: string | RegExp): Locator {
  return page.locator('.notifications-toasts .notification-list-item', { hasText: text });
}

/** The Accounts view's tree row for an account. */
export function accountRow(sidebar: Locator, label: string): Locator {
  return sidebar.locator('.monaco-list-row', { hasText: label });
}
