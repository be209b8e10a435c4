// Makes sure the Debian packages the product's scripts need are present: installs them with apt-get when we
// are root, otherwise prints the exact command a person has to run and fails.
import { spawnSync } from 'node:child_process';

/** What each package is for, so a failure message can say why it is wanted. */
export const TEST_PACKAGES = {
  chromium: 'the real browser that drives the VS Code workbench',
  'libkrb5-dev': 'building code-server\'s kerberos module',
  'libsecret-1-dev': 'building keytar, the OS secret store behind the persistent token cache',
  'azure-cli': 'the real Azure CLI that AzureCliCredential runs',
  'python3-azure': 'Python azure.identity, a second-language client of the terminal endpoint and the shared cache',
  'gnome-keyring': 'an unlocked secret store for the encrypted-cache tests',
  dbus: 'the session bus gnome-keyring talks over',
  'dbus-user-session': 'dbus-run-session, to give each test run its own bus',
  iproute2: '`ip`, to bring up loopback inside the private network namespace',
  'util-linux': '`unshare`, to make the private network and mount namespace',
};

function isInstalled(name) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

export function ensureDebianPackages(packages, log = console.log) {
  const missing = Object.keys(packages).filter((p) => !isInstalled(p));
  if (missing.length === 0) return;
  const command = `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    const why = missing.map((p) => `  ${p}: ${packages[p]}`).join('\n');
    throw new Error(`Missing Debian packages:\n${why}\nRun as root:\n  sudo sh -c '${command}'`);
  }
  log(`Installing Debian packages: ${missing.join(' ')}`);
  const r = spawnSync('sh', ['-c', command], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 20 * 60_000 });
  if (r.status !== 0) throw new Error(`apt-get failed (exit ${r.status ?? r.signal}): ${command}`);
}
