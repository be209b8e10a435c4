// Installs the npm packages from package-lock.json when node_modules is missing or older than the lock file.
import { existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export function ensureNpmPackages(root, log = console.log) {
  const lock = path.join(root, 'package-lock.json');
  const installed = path.join(root, 'node_modules', '.package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  log('Installing npm packages (npm ci)…');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit', timeout: 15 * 60_000 });
  if (r.status !== 0) throw new Error(`npm ci failed (exit ${r.status ?? r.signal})`);
}
