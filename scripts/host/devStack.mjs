// What `npm start` and `npm run screenshot` share: install what is missing, build what changed, start the
// Entra ID emulator and a real VS Code (code-server) with the extension linked in, and point every way of
// signing in at the emulator.
//
// `npm start` keeps its state in one folder (.run/dev/ by default) and its ports across runs: the browser keeps
// VS Code's storage per origin (so the same code-server port means the same accounts), and the accounts name the
// emulator's authority, port included. The emulator keeps its signing key and refresh tokens there too, so
// accounts signed in before a restart still get tokens.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import { startEmulatorProcess } from '../lib/emulatorProcess.mjs';
import { ensureNpmPackages } from '../lib/npmPackages.mjs';
import { buildChanged } from './build.mjs';
import { onCleanup } from './cleanup.mjs';
import { freePort, startCodeServer } from './codeServer.mjs';
import { ensureHost } from './install.mjs';
import { REPO_ROOT, RUN_ROOT, makeRunDir } from './paths.mjs';
import { reapRunDir } from './processGroup.mjs';

/** Where `npm start` keeps code-server's user data, the emulator's CA and keys, and its ports. */
export const DEV_STATE_DIR = path.join(RUN_ROOT, 'dev');

/**
 * Variables that would send a credential elsewhere than the emulator (a person's own service principal,
 * managed-identity endpoints of the machine): removed from what code-server and the extension host see.
 */
const FOREIGN_CREDENTIAL_VARIABLES = [
  'AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_CLIENT_CERTIFICATE_PATH', 'AZURE_CLIENT_CERTIFICATE_PASSWORD',
  'AZURE_CLIENT_SEND_CERTIFICATE_CHAIN', 'AZURE_USERNAME', 'AZURE_PASSWORD', 'AZURE_FEDERATED_TOKEN_FILE', 'AZURE_AUTHORITY_HOST',
  'AZURE_REGIONAL_AUTHORITY_NAME', 'AZURE_ADDITIONALLY_ALLOWED_TENANTS', 'AZURE_POD_IDENTITY_AUTHORITY_HOST',
  'IDENTITY_ENDPOINT', 'IDENTITY_HEADER', 'IDENTITY_SERVER_THUMBPRINT', 'IMDS_ENDPOINT', 'MSI_ENDPOINT', 'MSI_SECRET',
  'AZURE_CONFIG_DIR', 'AZURE_TOKEN_CREDENTIALS',
];

/** Installs what is missing (Debian packages, Node 24 + code-server, node_modules) and builds what changed. */
export async function prepareRepository({ log = console.log, build = true } = {}) {
  await ensureHost({ log });
  ensureNpmPackages(REPO_ROOT, log);
  if (build) buildChanged(log);
}

/** The emulator's seeded data (test/emulator/defaults.ts, compiled): tenant, users, the confidential app. */
export function emulatorDefaults() {
  const file = path.join(REPO_ROOT, 'out', 'test', 'emulator', 'defaults.js');
  if (!existsSync(file)) throw new Error(`The emulator is not built (${path.relative(REPO_ROOT, file)} is missing).`);
  const d = createRequire(import.meta.url)(file);
  return {
    tenantId: d.DEFAULT_TENANT_ID,
    users: [
      { username: d.DEFAULT_USERNAME, password: d.DEFAULT_PASSWORD },
      { username: d.SECOND_USERNAME, password: d.SECOND_PASSWORD },
    ],
    app: { clientId: d.DEFAULT_CLIENT_ID, clientSecret: d.DEFAULT_CLIENT_SECRET },
  };
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * The ports of this folder's `npm start`, chosen once and kept in ports.json: preferably three neighbours
 * derived from the folder's path (two checkouts side by side do not collide), else free ones.
 */
async function stablePorts(stateDir) {
  const file = path.join(stateDir, 'ports.json');
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    if ([saved.codeServer, saved.emulator, saved.imds].every((p) => Number.isInteger(p) && p > 0)) return saved;
  } catch {
    // First start: choose below.
  }
  const base = 21_000 + (createHash('sha256').update(REPO_ROOT).digest().readUInt16BE(0) % 1_000) * 3;
  const preferred = [base, base + 1, base + 2];
  const free = await Promise.all(preferred.map(portIsFree));
  const [codeServer, emulator, imds] = free.every(Boolean) ? preferred : [await freePort(), await freePort(), await freePort()];
  const ports = { codeServer, emulator, imds };
  writeFileSync(file, `${JSON.stringify(ports, null, 2)}\n`);
  return ports;
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * One `npm start` per state folder. A previous one that died without stopping its children (kill -9, a closed
 * terminal) left them holding the ports: they are stopped here, by the process groups and pid it recorded.
 */
async function claimStateDir(stateDir, log) {
  const lockFile = path.join(stateDir, 'npm-start.json');
  const holder = readJson(lockFile);
  if (holder?.pid && holder.pid !== process.pid && pidAlive(holder.pid)) {
    throw new Error(`npm start is already running for this folder (pid ${holder.pid})${holder.url ? `: open ${holder.url}` : ''}. Stop it first (Ctrl-C in its terminal).`);
  }
  const leftovers = await reapRunDir(path.join(stateDir, 'code-server'));
  const emulator = readJson(path.join(stateDir, 'emulator', 'emulator.json'));
  if (emulator?.pid && pidAlive(emulator.pid) && /emulator[/\\]cli\.js/.test(readCommandLine(emulator.pid))) {
    process.kill(emulator.pid, 'SIGKILL');
    leftovers.push(emulator.pid);
  }
  if (leftovers.length > 0) log(`Stopped what an earlier npm start left running (${leftovers.length} process(es)).`);
  rmSync(path.join(stateDir, 'code-server', 'process-groups'), { force: true });
  writeFileSync(lockFile, `${JSON.stringify({ pid: process.pid })}\n`);
  const release = () => {
    if (readJson(lockFile)?.pid === process.pid) rmSync(lockFile, { force: true });
  };
  onCleanup({ sync: release, async: async () => release() });
  return {
    announce: (url) => writeFileSync(lockFile, `${JSON.stringify({ pid: process.pid, url })}\n`),
  };
}

function readCommandLine(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/**
 * Starts the emulator (unless `emulator` is false) and code-server with the repository linked in as an
 * installed extension, no smoke-test driver (notifications show), and everything pointed at the emulator.
 * - `stateDir`: the folder kept across runs (default .run/dev); `fresh: true` uses a new one and free ports
 *   (`npm run screenshot`).
 * @returns {Promise<DevStack>}
 */
export async function startDevStack({ emulator: withEmulator = true, stateDir, fresh = false, log = console.log } = {}) {
  const dir = path.resolve(stateDir ?? (fresh ? makeRunDir('dev') : DEV_STATE_DIR));
  mkdirSync(dir, { recursive: true });
  const claim = fresh ? { announce: () => undefined } : await claimStateDir(dir, log);
  const ports = fresh ? { codeServer: undefined, emulator: 0, imds: 0 } : await stablePorts(dir);
  const busy = [];
  for (const [name, port] of Object.entries(ports)) if (port && !(await portIsFree(port))) busy.push(`${port} (${name})`);
  if (busy.length > 0) {
    throw new Error(`Port ${busy.join(', ')} is taken by another program. Stop it, or delete ${path.join(dir, 'ports.json')} to choose new ports (accounts signed in so far are then lost).`);
  }

  let emulator;
  let stopEmulator = async () => undefined;
  const env = Object.fromEntries(FOREIGN_CREDENTIAL_VARIABLES.map((name) => [name, undefined]));
  const userSettings = {};
  let defaults;
  if (withEmulator) {
    defaults = emulatorDefaults();
    const emulatorDir = path.join(dir, 'emulator');
    mkdirSync(emulatorDir, { recursive: true });
    const started = await startEmulatorProcess(REPO_ROOT, {
      runDir: emulatorDir,
      caDir: path.join(emulatorDir, 'ca'),
      stateDir: path.join(emulatorDir, 'state'),
      host: '127.0.0.1',
      port: ports.emulator,
      imdsHost: '127.0.0.1',
      imdsPort: ports.imds,
      // code-server opens the sign-in and device login pages through its plain-HTTP port proxy
      // (/proxy/<port>/…); the emulator sends that request on to its HTTPS origin, which the browser then loads.
      redirectHttp: true,
      logFile: path.join(emulatorDir, 'emulator.log'),
    });
    const unregister = onCleanup({ sync: () => safeKill(started.info.pid), async: () => started.stop() });
    stopEmulator = async () => {
      await started.stop();
      unregister();
    };
    emulator = started.info;
    // A person types the user name and password printed beside the URL on the emulator's sign-in page.
    const { EmulatorClient } = createRequire(import.meta.url)(path.join(REPO_ROOT, 'out', 'test', 'emulator', 'client.js'));
    await EmulatorClient.fromReadyFile(started.readyFile).setInteractiveSignIn({ mode: 'form' });

    Object.assign(env, {
      NODE_EXTRA_CA_CERTS: emulator.caCertPath,
      AZURE_IDENTITY_TEST_EMULATOR: started.readyFile,
      // Managed identity: the emulator's IMDS, never the machine's 169.254.169.254.
      AZURE_POD_IDENTITY_AUTHORITY_HOST: emulator.imdsUrl,
      // The environment's service principal: the emulator's confidential app (its secret is a fake string).
      AZURE_AUTHORITY_HOST: emulator.url,
      AZURE_TENANT_ID: defaults.tenantId,
      AZURE_CLIENT_ID: defaults.app.clientId,
      AZURE_CLIENT_SECRET: defaults.app.clientSecret,
      // The Azure CLI gets a configuration of its own (signed in nowhere), not the person's ~/.azure.
      AZURE_CONFIG_DIR: path.join(dir, 'azure-cli'),
      AZURE_CORE_COLLECT_TELEMETRY: 'false',
      REQUESTS_CA_BUNDLE: emulator.caCertPath,
    });
    Object.assign(userSettings, {
      'azureIdentity.cloud': 'custom',
      'azureIdentity.customAuthorityHost': emulator.url,
      'azureIdentity.tenant': defaults.tenantId,
      // The Azure CLI 2.45 here asks login.microsoftonline.com for instance discovery even for a custom cloud,
      // and there is no PowerShell: neither can sign in against the emulator, so the picker does not offer them.
      'azureIdentity.signIn.methods': ['environment', 'managedIdentity', 'interactiveBrowser', 'deviceCode'],
      // The retired name an earlier npm start wrote (undefined drops it from settings.json).
      'azureIdentity.chain.exclude': undefined,
    });
  }
  let server;
  try {
    server = await startCodeServer({
      runDir: path.join(dir, 'code-server'),
      port: ports.codeServer,
      env,
      userSettings,
      keepUserSettings: !fresh,
      linkExtension: true,
      smokeTestDriver: false,
    });
  } catch (error) {
    await stopEmulator();
    throw error;
  }
  return {
    server,
    emulator,
    defaults,
    stateDir: dir,
    announce: claim.announce,
    stop: async () => {
      await server.stop();
      await stopEmulator();
    },
  };
}

function safeKill(pid) {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/**
 * @typedef {object} DevStack
 * @property {import('./codeServer.mjs').CodeServer} server
 * @property {{ url: string, imdsUrl?: string, controlUrl: string, caCertPath: string, pid: number } | undefined} emulator
 * @property {ReturnType<typeof emulatorDefaults> | undefined} defaults
 * @property {string} stateDir
 * @property {(url: string) => void} announce
 * @property {() => Promise<void>} stop
 */
