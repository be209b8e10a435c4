#!/usr/bin/env node
// `npm test`: installs what is missing, lints, type-checks and builds, then runs every suite (unit, in-host,
// browser) inside a private network namespace against the Entra ID emulator, and ends with one line
// "N passed, N failed" that sums them all.
//
//   npm test                           everything
//   npm test -- --suite unit,extension only these suites
//   npm test -- --grep <pattern>       only tests whose title matches
//   npm test -- --no-install --no-lint skip steps while iterating
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
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
  step('type check and compile', process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.']);
  step('bundle', process.execPath, ['node_modules/webpack-cli/bin/cli.js', '--mode', 'production']);
}

/** Inside the namespace (or, without root, on plain loopback): the emulator, then every suite, then the secrets scan. */
function runSuites(isolated) {
  const started = Date.now();
  const outputDir = path.join(runDir, `output-${process.pid}`);
  rmSync(outputDir, { recursive: true, force: true });
  mkdirSync(outputDir, { recursive: true });
  return withEmulatorEnvironment({ root, runDir, isolated }, async (env, emulator) => {
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
    const logs = filesChangedSince(path.join(root, '.run'), started, (p) => p.endsWith(`${path.sep}ca`) || p.endsWith('.pem'));
    let scan;
    try {
      scan = scanForSecrets(await fetchIssuedSecrets(emulator.info), logs);
    } catch (error) {
      scan = { passed: 0, failed: 1, skipped: 0, failures: [`secrets scan could not run: ${error instanceof Error ? error.message : String(error)}`] };
    }
    console.log(`\n[secrets scan] ${scan.failed ? 'FAILED' : 'clean'}: ${logs.length} files searched`);
    add('secrets', scan);
    if (!scan.failed) rmSync(outputDir, { recursive: true, force: true });
    if (totals.failures.length) console.log(`Failures:\n${totals.failures.map((f) => `  - ${f}`).join('\n')}`);
    console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
    return totals.failed === 0 ? 0 : 1;
  });
}

async function main() {
  if (options['inside-namespace']) return runSuites(true);
  await prepare();
  if (canIsolate()) {
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
