// What `npm start` and `npm run screenshot` share: install what is missing, build, start the Entra ID emulator
// and a real VS Code (code-server) with the extension linked in and its settings pointed at the emulator.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { startEmulatorProcess } from '../lib/emulatorProcess.mjs';
import { ensureNpmPackages } from '../lib/npmPackages.mjs';
import { onCleanup } from './cleanup.mjs';
import { startCodeServer } from './codeServer.mjs';
import { ensureHost } from './install.mjs';
import { REPO_ROOT, makeRunDir } from './paths.mjs';

const BUILD_TIMEOUT_MS = 5 * 60_000;

function runNodeTool(name, script, args, log) {
  log(`$ ${name} ${args.join(' ')}`);
  return spawnSync(process.execPath, [script, ...args], { cwd: REPO_ROOT, stdio: 'inherit', timeout: BUILD_TIMEOUT_MS, killSignal: 'SIGKILL' });
}

/** Compiles (tsc, for the emulator and tests) and bundles (webpack, the extension itself). */
export function buildRepository(log = console.log) {
  const tsc = runNodeTool('tsc', path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), ['-p', '.'], log);
  if (tsc.status !== 0) {
    // tsc still emits on type errors; a half-finished file elsewhere should not keep a person from the UI.
    log(`TypeScript reported errors (above); continuing with what it emitted.`);
  }
  const webpack = runNodeTool('webpack', path.join(REPO_ROOT, 'node_modules', 'webpack-cli', 'bin', 'cli.js'), ['--mode', 'production'], log);
  if (webpack.status !== 0) throw new Error(`webpack failed (${webpack.signal ?? `exit ${webpack.status}`}); the extension bundle was not built.`);
}

/** Installs what is missing (Debian packages, Node 24 + code-server, node_modules) and builds. */
export async function prepareRepository({ log = console.log, build = true } = {}) {
  await ensureHost({ log });
  ensureNpmPackages(REPO_ROOT, log);
  if (build) buildRepository(log);
}

/** The emulator's default tenant, from its compiled defaults (test/emulator/defaults.ts). */
function emulatorDefaultTenant() {
  const defaults = path.join(REPO_ROOT, 'out', 'test', 'emulator', 'defaults.js');
  if (!existsSync(defaults)) throw new Error(`The emulator is not built (${path.relative(REPO_ROOT, defaults)} is missing).`);
  const tenant = createRequire(import.meta.url)(defaults).DEFAULT_TENANT_ID;
  if (typeof tenant !== 'string') throw new Error(`${defaults} exports no DEFAULT_TENANT_ID`);
  return tenant;
}

/**
 * Starts the emulator (unless `emulator` is false) and code-server with the repository linked in as an
 * installed extension, no smoke-test driver (notifications show), and user settings for the emulator.
 * @returns {Promise<{ server: import('./codeServer.mjs').CodeServer, emulator?: { url: string, imdsUrl?: string, controlUrl: string, caCertPath: string }, stop: () => Promise<void> }>}
 */
export async function startDevStack({ emulator: withEmulator = true, runDir = makeRunDir('dev'), log = console.log } = {}) {
  let emulator;
  let stopEmulator = async () => undefined;
  const env = {};
  const userSettings = {};
  if (withEmulator) {
    const tenant = emulatorDefaultTenant();
    const started = await startEmulatorProcess(REPO_ROOT, { runDir });
    const unregister = onCleanup({ sync: () => safeKill(started.info.pid), async: () => started.stop() });
    stopEmulator = async () => {
      await started.stop();
      unregister();
    };
    emulator = started.info;
    env.NODE_EXTRA_CA_CERTS = emulator.caCertPath;
    env.AZURE_IDENTITY_TEST_EMULATOR = started.readyFile;
    Object.assign(userSettings, {
      'azureIdentity.cloud': 'custom',
      'azureIdentity.customAuthorityHost': emulator.url,
      'azureIdentity.tenant': tenant,
    });
    log(`Entra ID emulator: ${emulator.url} (control API ${emulator.controlUrl}, tenant ${tenant})`);
  }
  let server;
  try {
    server = await startCodeServer({ runDir, env, userSettings, linkExtension: true, smokeTestDriver: false });
  } catch (error) {
    await stopEmulator();
    throw error;
  }
  return {
    server,
    emulator,
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
