// Typing into the real integrated terminal in chromium, as a person does, and reading what the command wrote.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

const UI_TIMEOUT_MS = 60_000;

async function focusTerminal(page: Page): Promise<void> {
  const textarea = page.locator('.terminal-wrapper.active .xterm-helper-textarea').first();
  await textarea.waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS });
  await textarea.focus();
}

/**
 * Types `command` (one simple command, stdout only) into the focused terminal, its output going to `<outDir>/<name>`, and waits for the file; a
 * terminal still starting (or reconnecting after a reload) drops keystrokes, so it types again until the command
 * ran. `waitMs` bounds how long one attempt waits (a command that waits for the person's answer needs longer).
 * Returns what the command wrote, trimmed.
 */
export async function runInTerminal(page: Page, outDir: string, name: string, command: string, waitMs = 10_000): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, name);
  // One simple command with its own redirection: a group's redirection would also catch the shell integration's
  // escape sequences, which its hooks print while the group runs.
  const line = `${command} > ${file}.part; mv ${file}.part ${file}`;
  for (let attempt = 0; !existsSync(file) && !existsSync(`${file}.part`); attempt++) {
    if (attempt === 6) {
      await page.screenshot({ path: path.join(outDir, `${name}.png`) });
      throw new Error(`the terminal did not run the command (${name}); screenshot in ${outDir}`);
    }
    await focusTerminal(page);
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
    for (let waited = 0; waited < 40 && !existsSync(file) && !existsSync(`${file}.part`); waited++) await page.waitForTimeout(250);
  }
  // The command started (its .part file exists): wait for it to end.
  for (const until = Date.now() + waitMs; !existsSync(file) && Date.now() < until; ) await page.waitForTimeout(100);
  if (!existsSync(file)) throw new Error(`the command in the terminal (${name}) did not end within ${waitMs} ms`);
  return readFileSync(file, 'utf8').trim();
}
