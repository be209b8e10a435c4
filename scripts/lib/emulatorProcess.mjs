// Starts the Entra ID emulator (test/emulator/cli.ts, built into out/) as a child process and waits until it
// has written its ready file. Used by `npm test` and `npm start`.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

/**
 * @param {string} root repository root
 * @param {{ runDir: string, host?: string, port?: number, imdsHost?: string, imdsPort?: number, caDir?: string, arcKeyDirectory?: string, stateDir?: string, redirectHttp?: boolean, logFile?: string, timeoutMs?: number }} options
 * @returns {Promise<{ info: { url: string, imdsUrl?: string, controlUrl: string, caCertPath: string, pid: number }, readyFile: string, stop: () => Promise<void> }>}
 */
export async function startEmulatorProcess(root, options) {
  const cli = path.join(root, 'out', 'test', 'emulator', 'cli.js');
  if (!existsSync(cli)) throw new Error(`The emulator is not built (${cli} is missing): run npm run compile first.`);
  const readyFile = path.join(options.runDir, 'emulator.json');
  rmSync(readyFile, { force: true });
  const args = [cli, '--ready-file', readyFile, '--ca-dir', options.caDir ?? path.join(options.runDir, 'ca')];
  if (options.host) args.push('--host', options.host);
  if (options.port !== undefined) args.push('--port', String(options.port));
  if (options.imdsHost) args.push('--imds-host', options.imdsHost);
  if (options.imdsPort !== undefined) args.push('--imds-port', String(options.imdsPort));
  if (options.arcKeyDirectory) args.push('--arc-key-dir', options.arcKeyDirectory);
  if (options.stateDir) args.push('--state-dir', options.stateDir);
  if (options.redirectHttp) args.push('--redirect-http');
  // Its output (URLs, then one line per stop) goes to a log when asked; errors always to our stderr.
  const out = options.logFile ? openSync(options.logFile, 'w') : 'ignore';
  const child = spawn(process.execPath, args, { stdio: ['ignore', out, 'inherit'] });
  if (typeof out === 'number') closeSync(out);
  const exited = new Promise((resolve) => child.once('exit', resolve));

  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (!existsSync(readyFile)) {
    if (child.exitCode !== null) throw new Error(`The emulator exited early (code ${child.exitCode}).`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('The emulator did not become ready in time.');
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const info = JSON.parse(readFileSync(readyFile, 'utf8'));
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  return { info, readyFile, stop };
}
