// Runs the e2e suite: mocha in plain Node over out/test/e2e/**/*.test.js, in a child process group of its own
// with a time limit. The tests start code-server and chromium under this run's folder, so whatever a killed
// or crashed run leaves behind is found there and stopped.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { assertExtensionBuilt } from './codeServer.mjs';
import { REPO_ROOT, makeRunDir } from './paths.mjs';
import { onCleanup } from './cleanup.mjs';
import { killGroup, killRecordedGroupsSync, reapRunDir, spawnGroup } from './processGroup.mjs';
import { brokenSuiteResult, parseSuiteResultFile } from './suiteResult.mjs';

const E2E_OUT_DIR = path.join(REPO_ROOT, 'out', 'test', 'e2e');
const MOCHA_BIN = path.join(REPO_ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
const REPORTER = path.join(path.dirname(new URL(import.meta.url).pathname), 'mochaResultReporter.cjs');
const DEFAULT_TIMEOUT_MS = 15 * 60_000;

/** Every run folder below `dir` (the tests make one per server or browser they start). */
function runDirsUnder(dir) {
  const found = [dir];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory() && existsSync(path.join(full, 'process-groups'))) found.push(full);
  }
  return found;
}

async function reapRunTree(runDir) {
  for (const dir of runDirsUnder(runDir)) {
    const reaped = await reapRunDir(dir);
    if (reaped.length > 0) console.error(`Stopped ${reaped.length} process group(s) the e2e run left behind in ${dir}`);
  }
}

/**
 * Runs the suite; resolves with its counts and never throws for a test failure.
 * @returns {Promise<{ passed: number, failed: number, skipped: number, failures: string[] }>}
 */
export async function runE2eSuite({ grep, env = {}, timeoutMs = DEFAULT_TIMEOUT_MS, runDir = makeRunDir('e2e-suite') } = {}) {
  assertExtensionBuilt();
  if (!existsSync(E2E_OUT_DIR)) throw new Error(`The e2e tests are not built (${path.relative(REPO_ROOT, E2E_OUT_DIR)} is missing): run "npx tsc -p ." first.`);
  const resultFile = path.join(runDir, 'result.json');
  const args = [
    MOCHA_BIN,
    '--ui', 'bdd',
    '--reporter', REPORTER,
    '--timeout', '120000',
    '--exit',
    ...(grep ? ['--grep', grep] : []),
    path.join(E2E_OUT_DIR, '**', '*.test.js'),
  ];
  const childEnv = { ...process.env, ...env, AZID_RUN_PARENT: runDir, AZID_SUITE_RESULT_FILE: resultFile };
  const logFile = path.join(runDir, 'mocha.log');
  // Registered before mocha starts, so an interrupted run also stops the servers and browsers the tests started.
  const unregister = onCleanup({
    sync: () => runDirsUnder(runDir).forEach(killRecordedGroupsSync),
    async: () => reapRunTree(runDir),
  });
  const mocha = spawnGroup(process.execPath, args, { runDir, env: childEnv, cwd: REPO_ROOT, logFile });
  mocha.child.stdout.pipe(process.stdout);
  mocha.child.stderr.pipe(process.stderr);

  let timer;
  const timedOut = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  const outcome = await Promise.race([mocha.exited, timedOut]);
  clearTimeout(timer);
  if (outcome === 'timeout') await killGroup(mocha.child.pid, 2_000);
  await reapRunTree(runDir);
  unregister();

  if (outcome === 'timeout') return brokenSuiteResult(`e2e suite: no result within ${Math.round(timeoutMs / 1000)} s; see ${logFile}`);
  const result = parseSuiteResultFile(resultFile);
  if (!result) return brokenSuiteResult(`e2e suite: mocha exited with code ${outcome} without reporting results; see ${logFile}`);
  if (outcome !== 0 && result.failed === 0) return { ...result, failed: 1, failures: [`e2e suite: mocha exited with code ${outcome}`] };
  return result;
}
