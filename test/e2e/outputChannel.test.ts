// The "Azure Identity" output channel after a whole session, read from the file VS Code writes it to: a person
// sets the channel to Trace, signs in through the browser, another extension gets a token, Diagnose Sign-In
// runs (its panel is the README's screenshot), a program in the integrated terminal gets a token from the
// endpoint, and the person signs out. The channel then shows every attempt and hand-out, and holds none of
// the tokens, refresh tokens, secrets, passwords, codes or assertions the emulator issued or knows.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { EmulatorClient } from '../emulator/client';
import { DEFAULT_IDENTITY_HEADER, DEFAULT_PASSWORD, DEFAULT_USERNAME, DEFAULT_USER_DISPLAY_NAME, SEED_APPS, SEED_USERS } from '../emulator/defaults';
import { CONSUMER_DISPLAY_NAME, CONSUMER_FIXTURE, EXTENSION_ID, REPO_ROOT, VIEW_CONTAINER_TITLE, type Host, type WorkbenchSession } from './support/host';
import { startIsolatedSession, stopIsolatedSession } from './support/session';
import { allowOpeningTheSignInPage, allowSignInIfAsked } from './support/signInUi';
import { accountRow, answerDialog, dialog, notification, pickQuickPickEntry } from './support/workbenchUi';

const STEP_TIMEOUT_MS = 60_000;
const SIGN_IN_WITH_BROWSER = 'Sign in with a browser';
const SCREENSHOT = path.join(REPO_ROOT, 'screenshots', 'diagnose-sign-in.png');
const README_SCREENSHOT = path.join(REPO_ROOT, 'media', 'readme', 'diagnose-sign-in.png');
/** Form fields of requests to the emulator that carry a secret. */
const SECRET_FIELDS = ['client_secret', 'password', 'client_assertion', 'assertion', 'refresh_token', 'code', 'code_verifier', 'device_code', 'access_token', 'id_token'];

function findFiles(dir: string, name: string): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findFiles(full, name));
    else if (entry.name === name) found.push(full);
  }
  return found;
}

describe('the output channel after a whole session', function () {
  this.timeout(240_000);
  this.bail(true);
  let h: Host;
  let session: WorkbenchSession;
  let emulator: EmulatorClient;
  const terminalOutput = path.join(REPO_ROOT, '.run', `terminal-token-${process.pid}.json`);

  before(async function () {
    // Signing in through the browser needs the real authority's name, which only the namespace gives the emulator.
    ({ h, session, emulator } = await startIsolatedSession(
      this,
      { label: 'e2e-output-channel', linkExtension: true, extraExtensions: [CONSUMER_FIXTURE], ignoreHttpsErrors: true },
      (seeded) => seeded.setInteractiveSignIn({ mode: 'form' }),
    ));
  });

  after(async () => {
    await stopIsolatedSession(session, emulator);
    rmSync(terminalOutput, { force: true });
  });

  it('sets the channel to Trace', async () => {
    const { page } = session;
    await h.openViewContainer(page, VIEW_CONTAINER_TITLE);
    await session.waitForActivation(EXTENSION_ID);
    // The picker lists the log channels the workbench knows when it opens, and does not refresh; the extension
    // host tells the workbench of a new channel a moment after activation. Until it lists ours, a person would
    // close it and open it again.
    const ours = page.locator('.quick-input-widget .monaco-list-row', { hasText: VIEW_CONTAINER_TITLE }).first();
    for (let attempt = 1; ; attempt++) {
      await h.runCommand(page, 'Developer: Set Log Level...');
      if (await ours.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false)) break;
      assert.ok(attempt < 6, `"Developer: Set Log Level..." did not list the ${VIEW_CONTAINER_TITLE} channel in ${attempt} tries`);
      await page.keyboard.press('Escape');
    }
    await pickQuickPickEntry(page, VIEW_CONTAINER_TITLE);
    await pickQuickPickEntry(page, 'Trace');
  });

  it('signs in through the browser', async () => {
    const { page, context } = session;
    const sidebar = await h.openViewContainer(page, VIEW_CONTAINER_TITLE);
    await sidebar.locator('.welcome-view-content').getByRole('button', { name: 'Sign In' }).click();
    await allowSignInIfAsked(page, page.locator('.quick-input-widget .monaco-list-row', { hasText: SIGN_IN_WITH_BROWSER }).first());
    const browserPage = context.waitForEvent('page', { timeout: STEP_TIMEOUT_MS });
    await pickQuickPickEntry(page, SIGN_IN_WITH_BROWSER);
    await allowOpeningTheSignInPage(page, browserPage);
    const signInPage = await browserPage;
    await signInPage.locator('#username').waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    await signInPage.locator('#username').fill(DEFAULT_USERNAME);
    await signInPage.locator('#password').fill(DEFAULT_PASSWORD);
    await signInPage.locator('#signin-button').click();
    await signInPage.locator('h1', { hasText: 'Signed in' }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    await signInPage.close();
    await accountRow(sidebar, DEFAULT_USER_DISPLAY_NAME).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  });

  it('gives another extension a token', async () => {
    const { page } = session;
    await h.runCommand(page, `${CONSUMER_DISPLAY_NAME}: Get an Azure token`);
    const consent = dialog(page, 'wants to sign in');
    if (await consent.waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false)) await answerDialog(page, 'wants to sign in', 'Allow');
    await pickQuickPickEntry(page, DEFAULT_USERNAME);
    await notification(page, 'Consumer got').waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  });

  it('runs Diagnose Sign-In and shows the report', async () => {
    const { page } = session;
    await h.runCommand(page, 'Azure Identity: Diagnose Sign-In');
    const report = page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
    await report.locator('h1', { hasText: 'Diagnose Sign-In' }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    await report.locator('tr.success', { hasText: 'VisualStudioCodeCredential' }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    assert.match(await report.locator('.verdict').innerText(), /A program using DefaultAzureCredential here/);
    await page.mouse.move(700, 850);
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    mkdirSync(path.dirname(README_SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    await page.screenshot({ path: README_SCREENSHOT });
  });

  it('serves a token to a program in the integrated terminal', async () => {
    const { page } = session;
    await h.runCommand(page, 'Terminal: Create New Terminal');
    // The new terminal has the focus: what is typed goes to its shell.
    await page.locator('.xterm').first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    await page.locator('.xterm-helper-textarea').first().focus();
    await page.keyboard.type(`curl -s --max-time 20 -H "X-IDENTITY-HEADER: $IDENTITY_HEADER" "$IDENTITY_ENDPOINT?resource=https://management.azure.com&api-version=2019-08-01" -o ${terminalOutput}\n`);
    for (let i = 0; i < 120 && !existsSync(terminalOutput); i++) await page.waitForTimeout(250);
    const screen = (await page.locator('.xterm-rows').first().innerText().catch(() => '')).slice(-600);
    assert.ok(existsSync(terminalOutput), `the terminal program got no answer from the endpoint; the terminal shows: ${screen}`);
    const answer = JSON.parse(readFileSync(terminalOutput, 'utf8')) as { access_token?: unknown };
    assert.ok(typeof answer.access_token === 'string' && answer.access_token.length > 100, 'the endpoint answered without a token');
  });

  it('signs out', async () => {
    const { page } = session;
    const sidebar = await h.openViewContainer(page, VIEW_CONTAINER_TITLE);
    const row = accountRow(sidebar, DEFAULT_USER_DISPLAY_NAME);
    await row.hover();
    await row.getByRole('button', { name: 'Sign Out' }).first().click({ timeout: STEP_TIMEOUT_MS });
    await row.waitFor({ state: 'detached', timeout: STEP_TIMEOUT_MS });
  });

  it('showed every attempt and hand-out, and no token, secret, password, code or assertion', async () => {
    const logsRoot = path.join(session.server.userDataDir, 'logs');
    const files = findFiles(logsRoot, 'Azure Identity.log').filter((f) => f.includes(EXTENSION_ID)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
    assert.ok(files.length > 0, `no "Azure Identity" channel log under ${logsRoot}`);
    const channel = readFileSync(files[0], 'utf8');

    // What a person should find there (so a channel that writes nothing cannot pass).
    assert.match(channel, /\[info\] \[hand-out\] token for https:\/\/management\.azure\.com\/\.default .* to (?:extension|an authentication session)/);
    assert.match(channel, /\[hand-out\] token for https:\/\/management\.azure\.com\/\.default .* to terminal process "curl\//);
    assert.match(channel, /\[trace\] \[[A-Za-z]+Credential\] MSAL: /, 'MSAL lines at trace, naming the credential');
    assert.match(channel, /\[Diagnose Sign-In\] /);

    // Everything secret the emulator knows or saw: seeded secrets and passwords, every secret-bearing field
    // clients sent, and the shapes of what it issues (JWTs, its refresh tokens).
    const secrets = new Set<string>([DEFAULT_IDENTITY_HEADER]);
    for (const app of SEED_APPS) for (const secret of app.secrets ?? []) secrets.add(secret);
    for (const user of SEED_USERS) if (user.password) secrets.add(user.password);
    for (const request of await emulator.requests()) {
      for (const field of SECRET_FIELDS) {
        const value = request.form?.[field] ?? request.query[field];
        if (value && value.length >= 8) secrets.add(value);
      }
      const authorization = request.headers.authorization?.replace(/^Bearer\s+/i, '');
      if (authorization && authorization.length >= 8) secrets.add(authorization);
    }
    const terminalToken = (JSON.parse(readFileSync(terminalOutput, 'utf8')) as { access_token: string }).access_token;
    secrets.add(terminalToken);
    assert.ok(secrets.size > 5, 'the emulator saw the session\'s secrets');
    const leaked = [...secrets].filter((s) => channel.includes(s));
    // The message names how many and of which length, never the secret itself.
    assert.deepEqual(leaked.map((s) => `${s.length} chars`), [], 'secrets found in the output channel');
    assert.equal((channel.match(/eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\./g) ?? []).length, 0, 'a JWT in the output channel');
    assert.equal((channel.match(/1\.emu-rt\./g) ?? []).length, 0, 'an emulator refresh token in the output channel');
  });
});
