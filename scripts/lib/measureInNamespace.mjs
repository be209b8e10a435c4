// Runs one compiled measurement (out/bench/<name>.js) inside the test namespace, where only loopback exists and
// the Entra ID emulator answers at the real authority hosts and 169.254.169.254. Shared by the measure* scripts.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { canIsolate, runInsideNamespace } from './isolation.mjs';
import { withEmulatorEnvironment } from './testEnvironment.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `script` is the calling script's import.meta.url; exits the process with the measurement's exit code. */
export async function measureInNamespace(script, benchName, runDirName) {
  if (process.argv[2] === '--inside-namespace') {
    const code = await withEmulatorEnvironment({ root, runDir: path.join(root, '.run', runDirName), isolated: true }, (env) =>
      spawnSync(process.execPath, [path.join(root, 'out', 'bench', `${benchName}.js`)], { cwd: root, env, stdio: 'inherit', timeout: 5 * 60_000 }).status ?? 1,
    );
    process.exit(code);
  }
  if (!canIsolate()) {
    console.error('The measurement needs root: it runs inside a private network namespace (loopback only, IMDS at 169.254.169.254 served by the emulator).');
    process.exit(1);
  }
  process.exit(runInsideNamespace(fileURLToPath(script), ['--inside-namespace'], process.env));
}
