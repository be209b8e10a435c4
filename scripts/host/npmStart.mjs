// Runs `npm start` (scripts/start.mjs) as a person does, in a process group of its own, and reads what it
// prints: the URL to open and the demo users' names and passwords. For the e2e test of the main command.
import path from 'node:path';
import { REPO_ROOT, makeRunDir } from './paths.mjs';
import { killGroup, reapRunDir, spawnGroup } from './processGroup.mjs';

const READY_TIMEOUT_MS = 5 * 60_000;
const STOP_TIMEOUT_MS = 30_000;

/**
 * What `npm start` printed once it was ready, parsed. Throws when a piece a person needs is missing.
 * @param {string} output
 */
export function parseStartOutput(output) {
  const url = /^\s*Open: (\S+)$/m.exec(output)?.[1];
  const users = [...output.matchAll(/^\s*user name\s+(\S+)\s*\n\s*password\s+(\S+)\s*$/gm)].map((m) => ({ username: m[1], password: m[2] }));
  const second = /^\s*\(a second user: (\S+) \/ (\S+)\)\s*$/m.exec(output);
  if (second) users.push({ username: second[1], password: second[2] });
  const readySeconds = Number(/^Ready in ([\d.]+) s\./m.exec(output)?.[1]);
  const builds = [...output.matchAll(/^\$ (tsc|webpack)\b/gm)].map((m) => m[1]);
  if (!url) throw new Error(`npm start printed no "Open:" URL:\n${output}`);
  return { url, users, readySeconds, builds };
}

/**
 * Starts `node scripts/start.mjs --state-dir <stateDir> <args>` and resolves once it printed "Press Ctrl-C"
 * (ready), with the parsed output, the whole output so far, and stop() (Ctrl-C, as a person stops it; then
 * whatever is left of it and of the code-server it started is killed).
 * @param {{ stateDir: string, args?: string[], env?: Record<string, string>, runDir?: string }} options
 */
export async function startNpmStart({ stateDir, args = [], env = {}, runDir = makeRunDir('npm-start') }) {
  const logFile = path.join(runDir, 'npm-start.log');
  const { child, exited } = spawnGroup(process.execPath, [path.join(REPO_ROOT, 'scripts', 'start.mjs'), '--state-dir', stateDir, ...args], {
    runDir,
    env: { ...process.env, ...env },
    cwd: REPO_ROOT,
    logFile,
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  let exitCode;
  exited.then((code) => (exitCode = code ?? 'signal'));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!output.includes('Press Ctrl-C')) {
    if (exitCode !== undefined) throw new Error(`npm start exited (${exitCode}) before it was ready:\n${output}`);
    if (Date.now() > deadline) {
      await killGroup(child.pid, 2_000);
      throw new Error(`npm start was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  let stopping;
  const stop = () => {
    stopping ??= (async () => {
      if (exitCode === undefined) process.kill(child.pid, 'SIGINT');
      const stopped = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), STOP_TIMEOUT_MS))]);
      await killGroup(child.pid, 2_000);
      // code-server runs in a group of its own, recorded in the state folder.
      await reapRunDir(path.join(stateDir, 'code-server'));
      return { exitCode: exitCode ?? null, stoppedByCtrlC: stopped, output };
    })();
    return stopping;
  };
  return { ...parseStartOutput(output), output: () => output, logFile, stop };
}
