// Installs the npm packages from package-lock.json when node_modules is missing or holds other versions.
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * True when node_modules holds exactly the versions package-lock.json names. Compared by content, not by
 * file time: a checkout or merge rewrites package-lock.json (a new time, the same packages), and npm ci
 * would then wipe a node_modules that was right (and, through a symlinked node_modules, a shared one).
 */
function installedMatchesLock(lockPath, installedPath) {
  if (!existsSync(installedPath)) return false;
  try {
    const wanted = JSON.parse(readFileSync(lockPath, 'utf8')).packages ?? {};
    const have = JSON.parse(readFileSync(installedPath, 'utf8')).packages ?? {};
    // Optional packages (other platforms' binaries) are absent by design.
    return Object.entries(wanted).every(([name, entry]) => name === '' || entry.optional || have[name]?.version === entry.version);
  } catch {
    return false;
  }
}

export function ensureNpmPackages(root, log = console.log) {
  const lock = path.join(root, 'package-lock.json');
  const installed = path.join(root, 'node_modules', '.package-lock.json');
  if (installedMatchesLock(lock, installed)) return;
  log('Installing npm packages (npm ci)…');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit', timeout: 15 * 60_000 });
  if (r.status !== 0) throw new Error(`npm ci failed (exit ${r.status ?? r.signal})`);
}
