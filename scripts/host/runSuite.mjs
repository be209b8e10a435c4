#!/usr/bin/env node
// Runs one browser/host test suite and exits 0 (all passed) or 1:
//   node scripts/host/runSuite.mjs --suite extension|e2e [--result-file <path>] [--grep <regexp>]
// `extension`: the in-host mocha suite in code-server's real extension host. `e2e`: mocha in plain Node
// driving the real workbench in chromium, plus the VSIX packaging test. The result file gets
// {"passed","failed","skipped","failures"}; `npm test` adds the suites up. This script prints mocha's own
// output only. Expects the extension and the tests to be built (npm run build). Its environment is passed
// on to code-server and the extension host (e.g. NODE_EXTRA_CA_CERTS, AZURE_IDENTITY_TEST_EMULATOR).
// Logs, profiles and server output go to .run/<suite>-suite-…/, kept when the suite fails (or with
// AZID_KEEP_RUN=1) and removed when it passes (under `npm test`, after the secrets scan has read them).
import { appendFileSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { cleanupAll } from './cleanup.mjs';
import { makeRunDir } from './paths.mjs';
import { brokenSuiteResult, writeSuiteResult } from './suiteResult.mjs';

const SUITES = {
  extension: async (options) => (await import('./extensionSuite.mjs')).runExtensionSuite(options),
  e2e: async (options) => (await import('./e2eSuite.mjs')).runE2eSuite(options),
};

async function main() {
  const { values } = parseArgs({
    options: {
      suite: { type: 'string' },
      'result-file': { type: 'string' },
      grep: { type: 'string' },
      'timeout-seconds': { type: 'string' },
    },
  });
  const run = SUITES[values.suite ?? ''];
  if (!run) {
    console.error(`Usage: runSuite.mjs --suite ${Object.keys(SUITES).join('|')} [--result-file <path>] [--grep <regexp>] [--timeout-seconds N]`);
    return 2;
  }
  const timeoutMs = values['timeout-seconds'] ? Number(values['timeout-seconds']) * 1000 : undefined;
  const started = Date.now();
  const runDir = makeRunDir(`${values.suite}-suite`);
  let result;
  try {
    result = await run({ grep: values.grep, runDir, ...(timeoutMs ? { timeoutMs } : {}) });
  } catch (error) {
    console.error(`The ${values.suite} suite could not run: ${error instanceof Error ? error.message : String(error)}`);
    result = brokenSuiteResult(`${values.suite} suite: ${error instanceof Error ? error.message : String(error)}`);
  }
  writeSuiteResult(values['result-file'], result);
  const passed = result.failed === 0 && result.passed > 0;
  console.log(`(${values.suite} suite took ${((Date.now() - started) / 1000).toFixed(1)} s${passed ? '' : `; logs in ${runDir}`})`);
  if (passed && !process.env.AZID_KEEP_RUN) {
    // Under `npm test` the secrets scan reads this folder (code-server's and the extension host's logs) first;
    // the runner removes it once the scan is clean.
    if (process.env.AZID_SCAN_THEN_REMOVE) appendFileSync(process.env.AZID_SCAN_THEN_REMOVE, `${runDir}\n`);
    else rmSync(runDir, { recursive: true, force: true });
  }
  return passed ? 0 : 1;
}

const code = await main();
await cleanupAll();
process.exit(code);
