// Runs the in-host mocha suite (out/test/extension) inside code-server's real extension host: chromium opens
// the workbench with the smoke-test driver's payload (extension development path + tests path), the
// extension host's output arrives through codeAutomationLog and its exit code through codeAutomationExit.
import { appendFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import { launchBrowser } from './browser.mjs';
import { assertExtensionBuilt, remoteUri, startCodeServer, workbenchUrl } from './codeServer.mjs';
import { REPO_ROOT, makeRunDir } from './paths.mjs';
import { brokenSuiteResult, parseSuiteResultLine } from './suiteResult.mjs';
import { prepareProviderTests, seedWorkbenchStorage } from './providerTestSetup.mjs';

export const EXTENSION_TESTS_ENTRY = path.join(REPO_ROOT, 'out', 'test', 'extension', 'index.js');
const DEFAULT_TIMEOUT_MS = 5 * 60_000;
/** Other extensions installed next to ours for the in-host tests (they call our API the way real ones do). */
export const IN_HOST_FIXTURE_EXTENSIONS = [path.join(REPO_ROOT, 'test', 'e2e', 'fixtures', 'sdk-consumer-extension')];

/** Marker of the in-host reporter's spec output lines (test/extension/suiteResultReporter.ts). */
const SUITE_OUTPUT_MARKER = 'AZID_SUITE_OUTPUT ';

/** codeAutomationLog gets (level, [format, ...args]) for every workbench log message; make it one string. */
function formatLogMessage(args) {
  return Array.isArray(args) ? format(...args) : String(args);
}

/**
 * Runs the suite; resolves with its counts and never throws for a test failure. Options: `grep` (a mocha
 * grep pattern), `env` (for code-server and the extension host), `timeoutMs` for the whole run, `runDir`.
 * @returns {Promise<{ passed: number, failed: number, skipped: number, failures: string[] }>}
 */
export async function runExtensionSuite({ grep, env = {}, timeoutMs = DEFAULT_TIMEOUT_MS, runDir = makeRunDir('extension-suite'), log = console.log } = {}) {
  assertExtensionBuilt();
  if (!existsSync(EXTENSION_TESTS_ENTRY)) {
    throw new Error(`The in-host tests are not built (${path.relative(REPO_ROOT, EXTENSION_TESTS_ENTRY)} is missing): run "npx tsc -p ." first.`);
  }
  let server;
  let browser;
  let timer;
  try {
    // The provider tests' fixtures (a consumer extension, the workspace's mcp.json, consent stored beforehand)
    // and the API tests' Azure SDK consumer extension.
    const providerSetup = await prepareProviderTests(path.join(runDir, 'workspace'));
    server = await startCodeServer({ runDir, env, extraExtensions: [...providerSetup.extraExtensions, ...IN_HOST_FIXTURE_EXTENSIONS] });
    browser = await launchBrowser(runDir);
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await seedWorkbenchStorage(page, server.url, providerSetup.storage);

    let result;
    let resolveExit;
    const exited = new Promise((resolve) => (resolveExit = resolve));
    // Only the reporter's marked lines are test output; the rest (workbench and host chatter) goes to a file.
    const automationLog = path.join(runDir, 'workbench.log');
    await page.exposeFunction('codeAutomationLog', (level, args) => {
      const message = formatLogMessage(args);
      const parsed = parseSuiteResultLine(message);
      if (parsed) result = parsed;
      else if (message.startsWith(SUITE_OUTPUT_MARKER)) log(message.slice(SUITE_OUTPUT_MARKER.length));
      else appendFileSync(automationLog, `[${level}] ${message}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));

    const extensionEnvironment = { ...env, ...providerSetup.env, AZID_TEST_LOGS_ROOT: path.join(server.userDataDir, 'logs'), ...(grep ? { AZID_TEST_GREP: grep } : {}) };
    const payload = [
      ['extensionDevelopmentPath', remoteUri(REPO_ROOT)],
      ['extensionTestsPath', remoteUri(EXTENSION_TESTS_ENTRY)],
      ['extensionEnvironment', JSON.stringify(extensionEnvironment)],
    ];
    const timedOut = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    await page.goto(workbenchUrl(server, payload), { timeout: 60_000 });
    const outcome = await Promise.race([exited, timedOut]);

    if (outcome === 'timeout') {
      return brokenSuiteResult(`in-host suite: no result within ${Math.round(timeoutMs / 1000)} s (extension host hung?); see ${automationLog}`);
    }
    if (!result) {
      return brokenSuiteResult(`in-host suite: the extension host exited with code ${outcome} without reporting results; see ${automationLog}`);
    }
    if (outcome !== 0 && result.failed === 0) {
      // Mocha passed but the host reported failure (e.g. run() threw after the tests): count it.
      return { ...result, failed: 1, failures: [`in-host suite: the extension host exited with code ${outcome}`] };
    }
    return result;
  } finally {
    clearTimeout(timer);
    await browser?.close();
    await server?.stop();
  }
}
