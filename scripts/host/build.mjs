// Builds what `npm start` runs, and only what changed: tsc (the emulator, tests and the library as plain JS
// under out/) incrementally, and webpack (the extension bundle in dist/) with its filesystem cache, each
// skipped outright when no input is newer than its last successful build.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, RUN_ROOT } from './paths.mjs';

const BUILD_TIMEOUT_MS = 5 * 60_000;
const STAMP_FILE = path.join(RUN_ROOT, 'build-stamps.json');
const TSC = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const WEBPACK = path.join(REPO_ROOT, 'node_modules', 'webpack-cli', 'bin', 'cli.js');
/** npm rewrites this file on every install: a dependency change is a build input too. */
const INSTALLED_LOCK = path.join(REPO_ROOT, 'node_modules', '.package-lock.json');

/** Every file below `dir` whose name ends in one of `extensions`, skipping node_modules and build output. */
function filesUnder(dir, extensions, found = []) {
  if (!existsSync(dir)) return found;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) filesUnder(full, extensions, found);
    else if (extensions.some((ext) => entry.name.endsWith(ext))) found.push(full);
  }
  return found;
}

/**
 * What a build's inputs look like now: the newest modification time and a hash of the file list (a deleted
 * or renamed file changes the list, not any time).
 */
export function inputState(files) {
  let newest = 0;
  const list = createHash('sha256');
  for (const file of [...files].sort()) {
    if (!existsSync(file)) continue;
    newest = Math.max(newest, statSync(file).mtimeMs);
    list.update(`${path.relative(REPO_ROOT, file)}\n`);
  }
  return { newest, files: list.digest('hex').slice(0, 16) };
}

/** The steps, each with its inputs, the output that must exist, and the command. */
function steps() {
  const sources = (...dirs) => dirs.flatMap((d) => filesUnder(path.join(REPO_ROOT, d), ['.ts', '.mts', '.cts', '.json']));
  return [
    {
      name: 'tsc',
      inputs: [...sources('src', 'test', 'bench'), path.join(REPO_ROOT, 'tsconfig.json'), INSTALLED_LOCK],
      output: path.join(REPO_ROOT, 'out', 'test', 'emulator', 'cli.js'),
      // Incremental: after a change, only what it affects is checked and emitted again. The build info lives
      // in out/, so deleting out/ also forgets it.
      args: [TSC, '-p', '.', '--incremental', '--tsBuildInfoFile', path.join(REPO_ROOT, 'out', '.tsbuildinfo')],
      // tsc still emits on type errors; a half-finished file elsewhere should not keep a person from the UI.
      mayFail: true,
    },
    {
      name: 'webpack',
      inputs: [...sources('src'), path.join(REPO_ROOT, 'webpack.config.js'), path.join(REPO_ROOT, 'scripts', 'webpackLazyEntry.cjs'), path.join(REPO_ROOT, 'package.json'), path.join(REPO_ROOT, 'tsconfig.json'), INSTALLED_LOCK],
      output: path.join(REPO_ROOT, 'dist', 'extension.js'),
      args: [WEBPACK, '--mode', 'production', '--config', path.join(REPO_ROOT, 'scripts', 'host', 'webpack.cached.cjs')],
      mayFail: false,
    },
  ];
}

function readStamps() {
  try {
    return JSON.parse(readFileSync(STAMP_FILE, 'utf8'));
  } catch {
    return {};
  }
}

function writeStamp(name, state) {
  const stamps = readStamps();
  stamps[name] = state;
  mkdirSync(path.dirname(STAMP_FILE), { recursive: true });
  writeFileSync(STAMP_FILE, `${JSON.stringify(stamps, null, 2)}\n`);
}

/** Each step's input state now, by name: taken before a build that `recordBuilt` is told about afterwards. */
export function buildInputs() {
  return Object.fromEntries(steps().map((step) => [step.name, inputState(step.inputs)]));
}

/**
 * Records that a step was built from `state` by someone else (`npm test` compiles and bundles with the same
 * sources), so the next `npm start` does not build it again.
 */
export function recordBuilt(name, state) {
  writeStamp(name, state);
}

/** True when the step's output exists and no input changed since its last successful run. */
export function isUpToDate(step, stamps = readStamps()) {
  const last = stamps[step.name];
  if (!last || !existsSync(step.output)) return false;
  const now = inputState(step.inputs);
  return now.files === last.files && now.newest <= last.newest;
}

/**
 * Runs each step whose inputs changed. Returns the names of the steps that ran. Throws when webpack fails
 * (there would be no extension to load); a tsc type error is reported and the run continues.
 */
export function buildChanged(log = console.log) {
  const ran = [];
  for (const step of steps()) {
    if (isUpToDate(step)) continue;
    // Taken before the build, so an edit made while it runs counts as a change next time.
    const before = inputState(step.inputs);
    log(`$ ${step.name} ${step.args.slice(1).map((a) => path.relative(REPO_ROOT, a) || a).join(' ')}`);
    const started = Date.now();
    const r = spawnSync(process.execPath, step.args, { cwd: REPO_ROOT, stdio: 'inherit', timeout: BUILD_TIMEOUT_MS, killSignal: 'SIGKILL' });
    ran.push(step.name);
    if (r.status === 0) {
      writeStamp(step.name, before);
      log(`${step.name}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } else if (step.mayFail && existsSync(step.output)) {
      log(`${step.name} reported errors (above); continuing with what it emitted.`);
    } else {
      throw new Error(`${step.name} failed (${r.signal ?? `exit ${r.status}`}); nothing to start.`);
    }
  }
  return ran;
}
