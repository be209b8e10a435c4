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
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TEST_PACKAGES, ensureDebianPackages } from './lib/debianPackages.mjs';
import { ensureNpmPackages } from './lib/npmPackages.mjs';
import { canIsolate, runInsideNamespace } from './lib/isolation.mjs';
import { NO_NAMESPACE_NOTICE, withEmulatorEnvironment } from './lib/testEnvironment.mjs';
import { SUITES, runSuite } from './lib/suites.mjs';

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
  // The next `npm start` (and the e2e test that runs it) then finds both builds current and skips them.
  const { buildInputs, recordBuilt } = await import('./host/build.mjs');
  const inputs = buildInputs();
  step('type check and compile', process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.']);
  recordBuilt('tsc', inputs.tsc);
  step('bundle', process.execPath, ['node_modules/webpack-cli/bin/cli.js', '--mode', 'production']);
  recordBuilt('webpack', inputs.webpack);
}

/** Inside the namespace (or, without root, on plain loopback): the emulator, then every suite. */
function runSuites(isolated) {
  return withEmulatorEnvironment({ root, runDir, isolated }, (env) => {
    const totals = { passed: 0, failed: 0, skipped: 0, failures: [] };
    for (const name of options.suite.split(',').map((s) => s.trim()).filter(Boolean)) {
      if (!SUITES[name]) throw new Error(`Unknown suite "${name}"; known: ${Object.keys(SUITES).join(', ')}`);
      const r = runSuite(name, root, env, { grep: options.grep });
      totals.passed += r.passed;
      totals.failed += r.failed;
      totals.skipped += r.skipped ?? 0;
      totals.failures.push(...r.failures.map((f) => `[${name}] ${f}`));
    }
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
