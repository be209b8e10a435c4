// Installs the npm packages from package-lock.json when node_modules lacks them or holds other versions.
// The check compares versions (package-lock.json against npm's own record, node_modules/.package-lock.json),
// not file times: `git merge` or `git checkout` touches the lock file without changing a version.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * The packages package-lock.json names that node_modules does not hold at that version, as "name@version"
 * (all of them when nothing is installed). Optional packages npm skipped (another platform's) do not count.
 */
export function missingPackages(root) {
  const wanted = readJson(path.join(root, 'package-lock.json'))?.packages ?? {};
  const installed = readJson(path.join(root, 'node_modules', '.package-lock.json'))?.packages;
  const missing = [];
  for (const [location, meta] of Object.entries(wanted)) {
    if (location === '' || meta.link || !meta.version) continue;
    const have = installed?.[location];
    if (!have && meta.optional) continue;
    if (have?.version !== meta.version) missing.push(`${location.replace(/^.*node_modules\//, '')}@${meta.version}`);
  }
  return missing;
}

export function ensureNpmPackages(root, log = console.log) {
  const missing = missingPackages(root);
  if (missing.length === 0) return;
  const modules = path.join(root, 'node_modules');
  // A linked node_modules belongs to another checkout: `npm ci` here would empty that one for everybody.
  if (existsSync(modules) && lstatSync(modules).isSymbolicLink()) {
    const owner = path.dirname(realpathSync(modules));
    throw new Error(
      `node_modules is a link to ${realpathSync(modules)}, which lacks ${missing.length} package(s) package-lock.json names ` +
        `(${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''}). Install them there: cd ${owner} && npm ci`,
    );
  }
  log(`Installing npm packages (npm ci): ${missing.length} missing or at another version…`);
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit', timeout: 15 * 60_000 });
  if (r.status !== 0) throw new Error(`npm ci failed (exit ${r.status ?? r.signal})`);
}
