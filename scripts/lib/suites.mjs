// The test suites `npm test` runs, each reporting {passed, failed, skipped, failures} through a result file.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const SUITE_TIMEOUT_MS = 20 * 60_000;

/** Wraps a command in its own D-Bus session with an unlocked gnome-keyring, when the machine has them. */
function withKeyring(command) {
  const hasKeyring = ['dbus-run-session', 'gnome-keyring-daemon'].every(
    (tool) => spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0,
  );
  if (!hasKeyring) return command;
  // A throwaway password: the keyring lives in this run's temporary HOME and dies with it.
  const unlock = 'printf "azid-test-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"';
  return ['dbus-run-session', '--', 'sh', '-c', unlock, 'sh', ...command];
}

export const SUITES = {
  unit: (root, options) => {
    const mocha = path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
    const args = [mocha, '--reporter', path.join(root, 'scripts', 'lib', 'countingReporter.cjs'), '--timeout', '30000'];
    if (options.grep) args.push('--grep', options.grep);
    args.push('out/test/unit/**/*.test.js');
    return { command: withKeyring([process.execPath, ...args]), freshHome: true };
  },
  extension: (root, options) => ({
    command: [process.execPath, path.join(root, 'scripts', 'host', 'runSuite.mjs'), '--suite', 'extension', ...(options.grep ? ['--grep', options.grep] : [])],
    resultFlag: true,
  }),
  // Each benchmark once, in quick mode, so the scripts cannot rot; figures are not judged here.
  bench: (root, _options, env) => ({
    command: [
      process.execPath,
      path.join(root, 'out', 'bench', 'run.js'),
      '--quick',
      // The chain benchmark makes nested namespaces of its own: only possible inside ours.
      ...(env.AZURE_IDENTITY_TEST_ISOLATED === '1' ? [] : ['--only=cachedToken,concurrency,refresh,startup']),
    ],
  }),
  e2e: (root, options) => ({
    command: [process.execPath, path.join(root, 'scripts', 'host', 'runSuite.mjs'), '--suite', 'e2e', ...(options.grep ? ['--grep', options.grep] : [])],
    resultFlag: true,
  }),
};

/**
 * Runs `command` with its stdout and stderr passed through to ours unchanged and also appended to
 * `outputFile` (for the secrets scan). Resolves {status, signal, error} like spawnSync.
 */
function runTeed(command, spawnOptions, outputFile) {
  return new Promise((resolve) => {
    const out = createWriteStream(outputFile, { flags: 'a' });
    const child = spawn(command[0], command.slice(1), { ...spawnOptions, stdio: ['inherit', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk) => { process.stdout.write(chunk); out.write(chunk); });
    child.stderr.on('data', (chunk) => { process.stderr.write(chunk); out.write(chunk); });
    let error;
    child.on('error', (e) => { error = e; });
    const timer = setTimeout(() => { error = new Error(`timed out after ${SUITE_TIMEOUT_MS / 60_000} min`); child.kill('SIGKILL'); }, SUITE_TIMEOUT_MS);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      out.end(() => resolve({ status, signal, error }));
    });
  });
}

/**
 * Runs one suite; a suite that crashes before reporting counts as one failure, never as silence.
 * `options.outputFile`: also append the suite's stdout and stderr there.
 */
export async function runSuite(name, root, env, options = {}) {
  const spec = SUITES[name](root, options, env);
  const scratch = mkdtempSync(path.join(os.tmpdir(), `azid-${name}-`));
  const resultFile = path.join(scratch, 'result.json');
  const command = spec.resultFlag ? [...spec.command, '--result-file', resultFile] : spec.command;
  const suiteEnv = { ...env, AZID_SUITE_RESULT: resultFile };
  if (spec.freshHome) {
    // A fresh HOME per run: a keyring or ~/.IdentityService cache left by an earlier run must not leak in.
    suiteEnv.HOME = path.join(scratch, 'home');
    spawnSync('mkdir', ['-p', suiteEnv.HOME]);
  }
  const started = Date.now();
  const r = options.outputFile
    ? await runTeed(command, { cwd: root, env: suiteEnv }, options.outputFile)
    : spawnSync(command[0], command.slice(1), { cwd: root, env: suiteEnv, stdio: 'inherit', timeout: SUITE_TIMEOUT_MS });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  let result;
  if (existsSync(resultFile)) {
    result = JSON.parse(readFileSync(resultFile, 'utf8'));
  } else {
    const why = r.error ? r.error.message : `exit ${r.status ?? r.signal}`;
    result = { passed: 0, failed: 1, skipped: 0, failures: [`suite ${name} did not report results (${why})`] };
  }
  if (r.status !== 0 && result.failed === 0) {
    result.failed = 1;
    result.failures.push(`suite ${name} exited with ${r.status ?? r.signal}`);
  }
  rmSync(scratch, { recursive: true, force: true });
  console.log(`\n[${name}] ${result.passed} passed, ${result.failed} failed${result.skipped ? `, ${result.skipped} skipped` : ''} in ${seconds} s\n`);
  return result;
}
