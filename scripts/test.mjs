#!/usr/bin/env node
// `npm test`: installs what is missing, lints, type-checks and builds, then runs every suite (unit, in-host,
// browser) inside a private network namespace against the Entra ID emulator, and ends with one line
// "N passed, N failed" that sums them all.
//
//   npm test                           everything
//   npm test -- --suite unit,extension only these suites
//   npm test -- --grep <pattern>       only tests whose title matches
//   npm test -- --no-install --no-lint skip steps while iterating
//   npm test -- --jobs 2               run the suites in two groups side by side (unit+bench | extension+e2e),
//                                      each in a private namespace of its own (own loopback, own emulator);
//                                      AZID_TEST_JOBS sets the default (1: one after another)
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TEST_PACKAGES, ensureDebianPackages } from './lib/debianPackages.mjs';
import { ensureNpmPackages } from './lib/npmPackages.mjs';
import { canIsolate, runInsideNamespace } from './lib/isolation.mjs';
import { NO_NAMESPACE_NOTICE, withEmulatorEnvironment } from './lib/testEnvironment.mjs';
import { SUITES, runSuite } from './lib/suites.mjs';
import { fetchIssuedSecrets, filesChangedSince, scanForSecrets } from './lib/secretsScan.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runDir = path.join(root, '.run', 'test');
const { values: options } = parseArgs({
  options: {
    suite: { type: 'string', default: Object.keys(SUITES).join(',') },
    grep: { type: 'string' },
    install: { type: 'boolean', default: true },
    lint: { type: 'boolean', default: true },
    'inside-namespace': { type: 'boolean', default: false },
    'summary-file': { type: 'string' },
    jobs: { type: 'string', default: process.env.AZID_TEST_JOBS || '1' },
  },
  allowNegative: true,
});

function step(title, command, args) {
  const started = Date.now();
  console.log(`\n== ${title}`);
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', timeout: 15 * 60_000 });
  if (r.status !== 0) {
    console.error(`${title} failed (exit ${r.status ?? r.signal}).`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  console.log(`== ${title}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function prepare() {
  if (options.install) {
    ensureDebianPackages(TEST_PACKAGES);
    ensureNpmPackages(root);
    const { ensureHost } = await import('./host/install.mjs');
    await ensureHost();
  }
  if (options.lint) step('lint', process.execPath, ['node_modules/eslint/bin/eslint.js', 'src', 'test', 'bench', 'scripts']);
  // The next `npm start` (and the e2e test that runs it) then finds both builds current and skips them.
  const { buildInputs, recordBuilt } = await import('./host/build.mjs');
  const inputs = buildInputs();
  step('type check and compile', process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.']);
  recordBuilt('tsc', inputs.tsc);
  step('bundle', process.execPath, ['node_modules/webpack-cli/bin/cli.js', '--mode', 'production']);
  recordBuilt('webpack', inputs.webpack);
}

/** Inside the namespace (or, without root, on plain loopback): the emulator, then every suite, then the secrets scan. */
function runSuites(isolated) {
  const started = Date.now();
  const outputDir = path.join(runDir, `output-${process.pid}`);
  rmSync(outputDir, { recursive: true, force: true });
  mkdirSync(outputDir, { recursive: true });
  // Passing in-host suites list their run folders here instead of deleting them, so the scan reads their logs.
  const scanThenRemove = path.join(outputDir, 'run-dirs-to-remove.txt');
  return withEmulatorEnvironment({ root, runDir, isolated }, async (environment, emulator) => {
    const env = { ...environment, AZID_SCAN_THEN_REMOVE: scanThenRemove };
    const totals = { passed: 0, failed: 0, skipped: 0, failures: [] };
    const add = (name, r) => {
      totals.passed += r.passed;
      totals.failed += r.failed;
      totals.skipped += r.skipped ?? 0;
      totals.failures.push(...r.failures.map((f) => `[${name}] ${f}`));
    };
    for (const name of options.suite.split(',').map((s) => s.trim()).filter(Boolean)) {
      if (!SUITES[name]) throw new Error(`Unknown suite "${name}"; known: ${Object.keys(SUITES).join(', ')}`);
      add(name, await runSuite(name, root, env, { grep: options.grep, outputFile: path.join(outputDir, `${name}.log`) }));
    }
    // Last: no token, secret or password the emulator issued or knows may appear in anything the tests produced.
    // Not the CA, and not the VSIX's installed copy of this repository (its README documents the emulator's
    // fake demo users, on purpose): what is searched is what the tests wrote.
    // Nor a demo emulator's own state (npm start's, under the e2e run folder): that is where its tokens live.
    const installedCopy = `${path.sep}extensions${path.sep}azure-identity-vscode.azure-identity-`;
    const emulatorState = `${path.sep}emulator${path.sep}state`;
    const skipped = (p) => p.endsWith(`${path.sep}ca`) || p.endsWith('.pem') || p.includes(installedCopy) || p.endsWith(emulatorState);
    const logs = filesChangedSince(path.join(root, '.run'), started, skipped);
    let scan;
    try {
      // The demo users' passwords are published on purpose (npm start prints them, the README shows them).
      const published = new Set(createRequire(import.meta.url)(path.join(root, 'out', 'test', 'emulator', 'defaults.js')).SEED_USERS.map((u) => u.password));
      scan = scanForSecrets((await fetchIssuedSecrets(emulator.info)).filter((secret) => !published.has(secret)), logs);
    } catch (error) {
      scan = { passed: 0, failed: 1, skipped: 0, failures: [`secrets scan could not run: ${error instanceof Error ? error.message : String(error)}`] };
    }
    console.log(`\n[secrets scan] ${scan.failed ? 'FAILED' : 'clean'}: ${logs.length} files searched`);
    add('secrets', scan);
    if (!scan.failed) {
      for (const dir of readLines(scanThenRemove)) rmSync(dir, { recursive: true, force: true });
      rmSync(outputDir, { recursive: true, force: true });
    }
    // One group of several side by side: the parent prints the one total line.
    if (options['summary-file']) {
      writeFileSync(options['summary-file'], JSON.stringify(totals));
      return totals.failed === 0 ? 0 : 1;
    }
    return reportTotals(totals);
  });
}

function readLines(file) {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

function reportTotals(totals) {
  if (totals.failures.length) console.log(`Failures:\n${totals.failures.map((f) => `  - ${f}`).join('\n')}`);
  console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
  return totals.failed === 0 ? 0 : 1;
}

/**
 * Groups that may run side by side: each in a namespace of its own, so each has its own emulator on 443 and
 * 169.254.169.254 and its own loopback ports. The browser suites share one group (two code-servers and two
 * chromiums at once would fight over memory and the two cores).
 */
const PARALLEL_GROUPS = [['unit', 'bench'], ['extension', 'e2e']];

/**
 * Runs the selected suites in up to `jobs` namespaces at once. The first group's output streams; the others'
 * is kept in a file and printed when the group ends. Ends with the one total line.
 */
async function runGroupsSideBySide(selected, jobs) {
  const groups = PARALLEL_GROUPS.map((g) => g.filter((name) => selected.includes(name))).filter((g) => g.length > 0);
  for (const name of selected) if (!PARALLEL_GROUPS.flat().includes(name)) groups.push([name]);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'azid-test-groups-'));
  const totals = { passed: 0, failed: 0, skipped: 0, failures: [] };
  const runGroup = (group, index) => new Promise((resolve) => {
    const summaryFile = path.join(scratch, `summary-${index}.json`);
    const logFile = path.join(scratch, `output-${index}.log`);
    const forwarded = ['--inside-namespace', '--suite', group.join(','), '--summary-file', summaryFile, ...(options.grep ? ['--grep', options.grep] : [])];
    const live = index === 0;
    const out = live ? 'inherit' : openSync(logFile, 'w');
    const child = spawn('unshare', ['--net', '--mount', '--fork', process.execPath, fileURLToPath(import.meta.url), ...forwarded], {
      stdio: ['ignore', out, out],
      env: process.env,
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60 * 60_000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!live) {
        closeSync(out);
        console.log(`\n== output of ${group.join(' + ')} (ran side by side)\n${readFileSync(logFile, 'utf8')}`);
      }
      const summary = existsSync(summaryFile) ? JSON.parse(readFileSync(summaryFile, 'utf8')) : undefined;
      resolve(summary ?? { passed: 0, failed: 1, skipped: 0, failures: [`${group.join(' + ')}: no result (${signal ?? `exit ${code}`})`] });
    });
  });
  const results = [];
  // A pool of `jobs` workers over the groups, in order.
  let next = 0;
  const worker = async () => {
    while (next < groups.length) {
      const index = next++;
      results[index] = await runGroup(groups[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, groups.length) }, worker));
  for (const r of results) {
    totals.passed += r.passed;
    totals.failed += r.failed;
    totals.skipped += r.skipped ?? 0;
    totals.failures.push(...r.failures);
  }
  rmSync(scratch, { recursive: true, force: true });
  console.log('');
  return reportTotals(totals);
}

async function main() {
  if (options['inside-namespace']) return runSuites(true);
  await prepare();
  if (canIsolate()) {
    const jobs = Number(options.jobs);
    if (!(Number.isInteger(jobs) && jobs >= 1)) throw new Error(`--jobs needs a whole number of at least 1, not "${options.jobs}".`);
    const selected = options.suite.split(',').map((s) => s.trim()).filter(Boolean);
    if (jobs > 1 && selected.length > 1) {
      console.log(`\n== suites, side by side in ${jobs} private network and mount namespaces (only loopback exists in each)`);
      return runGroupsSideBySide(selected, jobs);
    }
    console.log('\n== suites, inside a private network and mount namespace (only loopback exists)');
    const forwarded = ['--inside-namespace', '--suite', options.suite, ...(options.grep ? ['--grep', options.grep] : [])];
    return runInsideNamespace(fileURLToPath(import.meta.url), forwarded, process.env);
  }
  console.log(`\n== suites, ${NO_NAMESPACE_NOTICE}`);
  return runSuites(false);
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
