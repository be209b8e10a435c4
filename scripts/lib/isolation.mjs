// The private network and mount namespace the test suites run in. Only loopback exists inside; a private
// /etc/hosts sends the real Microsoft authority and ARM hosts to the emulator on 127.0.0.1:443, and the
// IMDS address 169.254.169.254 lives on lo, served by the emulator. The product's real defaults are tested,
// and nothing a test does can leave the machine.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const IMDS_ADDRESS = '169.254.169.254';

/** Hosts that must reach the emulator, by name, inside the namespace. */
export const AUTHORITY_HOSTS = [
  'login.microsoftonline.com',
  'login.windows.net',
  'login.microsoft.com',
  'sts.windows.net',
  'management.azure.com',
  'management.core.windows.net',
  'login.chinacloudapi.cn',
  // MSAL's instance discovery names it as the China cloud's preferred network host.
  'login.partner.microsoftonline.cn',
  'login.microsoftonline.us',
  'login.microsoftonline.de',
  'management.usgovcloudapi.net',
  'management.chinacloudapi.cn',
];

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${(r.stderr || r.error?.message || '').trim()}`);
}

/** True when this process may create namespaces (root, with unshare and ip available). */
export function canIsolate() {
  if (process.getuid?.() !== 0) return false;
  const r = spawnSync('unshare', ['--net', '--mount', 'true'], { timeout: 10_000 });
  return r.status === 0;
}

/** Re-runs `node <script> <args>` inside a fresh network + mount namespace; resolves with its exit code. */
export function runInsideNamespace(script, args, env) {
  const r = spawnSync('unshare', ['--net', '--mount', '--fork', process.execPath, script, ...args], {
    stdio: 'inherit',
    env,
    timeout: 60 * 60_000,
  });
  return r.status ?? 1;
}

/** Inside the namespace: loopback up, the IMDS address on lo, private hosts and nsswitch files bound in. */
export function configureNamespace(runDir) {
  run('ip', ['link', 'set', 'lo', 'up']);
  run('ip', ['addr', 'add', `${IMDS_ADDRESS}/32`, 'dev', 'lo']);
  const dir = path.join(runDir, 'namespace');
  mkdirSync(dir, { recursive: true });
  const hosts = path.join(dir, 'hosts');
  const nsswitch = path.join(dir, 'nsswitch.conf');
  writeFileSync(hosts, ['127.0.0.1 localhost', '::1 localhost', ...AUTHORITY_HOSTS.map((h) => `127.0.0.1 ${h}`), ''].join('\n'));
  // Without "files" only, every unknown name would wait on a DNS server that cannot be reached.
  writeFileSync(nsswitch, 'hosts: files\nnetworks: files\n');
  run('mount', ['--bind', hosts, '/etc/hosts']);
  run('mount', ['--bind', nsswitch, '/etc/nsswitch.conf']);
  // Azure Arc's challenge files: msal-node accepts them only under this directory on Linux. A tmpfs keeps the
  // emulator's key files inside the namespace; only the empty mount point is left on the machine.
  mkdirSync(ARC_TOKENS_DIRECTORY, { recursive: true });
  run('mount', ['-t', 'tmpfs', '-o', 'mode=0700', 'tmpfs', ARC_TOKENS_DIRECTORY]);
}

export const ARC_TOKENS_DIRECTORY = '/var/opt/azcmagent/tokens';

/** Fails loudly unless loopback is the only interface: the suites must never run with a real network. */
export function assertOnlyLoopback() {
  const r = spawnSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8', timeout: 10_000 });
  const names = r.stdout.split('\n').filter(Boolean).map((line) => line.split(':')[1]?.trim());
  if (r.status !== 0 || names.length !== 1 || names[0] !== 'lo') {
    throw new Error(`The test namespace has interfaces besides lo (${names.join(', ')}); refusing to run the suites.`);
  }
}

/** The system CA bundle VS Code's extension host reads for its patched fetch (@vscode/proxy-agent on Linux). */
export const SYSTEM_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/**
 * Inside the namespace: the system CA bundle with the emulator's CA added, bound over the real one (private to
 * the namespace's mounts). NODE_EXTRA_CA_CERTS covers plain Node; the extension host's patched fetch (used by
 * VS Code's MCP client) trusts only the system bundle.
 */
export function trustCaInsideNamespace(caCertPath, runDir) {
  if (!existsSync(SYSTEM_CA_BUNDLE)) return;
  const bundle = path.join(runDir, 'namespace', 'ca-certificates.crt');
  mkdirSync(path.dirname(bundle), { recursive: true });
  writeFileSync(bundle, `${readFileSync(SYSTEM_CA_BUNDLE, 'utf8').trimEnd()}\n${readFileSync(caCertPath, 'utf8')}`);
  run('mount', ['--bind', bundle, SYSTEM_CA_BUNDLE]);
}
