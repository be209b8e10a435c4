// Packages the extension the way a release does (`npm run package`, i.e. vsce with the bundle only) and lists
// what a VSIX holds.
import { spawn } from 'node:child_process';
import { REPO_ROOT } from './paths.mjs';

/** Runs `npm run package -- -o <vsixPath>`; rejects with vsce's output if it fails or takes over `timeoutMs`. */
export function packageVsix(vsixPath, { timeoutMs = 180_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'package', '--', '-o', vsixPath], {
      cwd: REPO_ROOT,
      // No update check: it would be the only request to leave the machine.
      env: { ...process.env, npm_config_update_notifier: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve(output);
      else reject(new Error(`npm run package failed (${signal ?? `exit ${code}`}):\n${output.trim()}`));
    });
  });
}
