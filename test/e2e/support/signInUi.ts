// What VS Code may ask a person on the way to a sign-in, answered as the person would: its "wants to sign in"
// question (Allow), and its "open the external website?" question before the browser sign-in page (Open).
// Each may or may not come (VS Code remembers answers and trusted domains), so each step races the question
// against what comes when it is not asked.
import type { Locator, Page } from 'playwright-core';
import { answerDialog, dialog } from './workbenchUi';

const STEP_TIMEOUT_MS = 60_000;
const SIGN_IN_QUESTION = 'wants to sign in';

/** The first of two waits; the loser must not surface later as an unhandled rejection. */
function firstOf<A, B>(a: Promise<A>, b: Promise<B>): Promise<A | B> {
  a.catch(() => undefined);
  b.catch(() => undefined);
  return Promise.race([a, b]);
}

/**
 * Waits for VS Code's "<extension> wants to sign in" question or for `next` (what shows when it does not ask,
 * e.g. the sign-in quick pick), and clicks Allow if it asked.
 */
export async function allowSignInIfAsked(page: Page, next: Locator): Promise<void> {
  const first = await firstOf(
    dialog(page, SIGN_IN_QUESTION).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS }).then(() => 'asked' as const),
    next.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS }).then(() => 'next' as const),
  );
  if (first === 'asked') await answerDialog(page, SIGN_IN_QUESTION, 'Allow');
}

/**
 * VS Code asks before opening a site that is not among its trusted domains ("Do you want Code to open the
 * external website?"); a person clicks Open. Returns once the page opened, whether or not it asked.
 */
export async function allowOpeningTheSignInPage(page: Page, opened: Promise<Page>): Promise<void> {
  const question = dialog(page, 'open the external website');
  const first = await firstOf(
    opened.then(() => 'opened' as const),
    question.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS }).then(() => 'asked' as const),
  );
  if (first === 'asked') await question.getByRole('button', { name: 'Open', exact: true }).click();
  await opened;
}
