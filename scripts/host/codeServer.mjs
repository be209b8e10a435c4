// Starts and stops code-server (VS Code 1.139 in the browser, on Node 24) on loopback, with every folder it
// writes to kept under one fresh run folder, as shared/notes/vscode-host.md describes.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { CODE_SERVER_ENTRY, NODE24_BIN, REPO_ROOT, extensionId, makeRunDir, readManifest } from './paths.mjs';
import { spawnGroup } from './processGroup.mjs';

const HEALTH_TIMEOUT_MS = 60_000;

/**
 * User settings every run starts with: no welcome page or chat panel in the way, no update or recommendation
 * checks, no telemetry. Callers' `userSettings` are merged over these.
 */
export const QUIET_WORKBENCH_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  // The run folders live inside this repository; do not offer to open it.
  'git.openRepositoryInParentFolders': 'never',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
};

/** A port that was free a moment ago on 127.0.0.1. code-server failing to bind is caught by the health wait. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * The environment code-server (and so the extension host it forks) runs with: ours, plus `extra`, with the
 * XDG folders made private and any VS Code variables removed (with VSCODE_IPC_HOOK_CLI set, code-server
 * would hand its arguments to an outer VS Code instead of starting).
 */
export function serverEnvironment(runDir, extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('VSCODE_') && value !== undefined) env[key] = value;
  }
  const xdg = path.join(runDir, 'xdg');
  for (const [key, sub] of [['XDG_CONFIG_HOME', 'config'], ['XDG_DATA_HOME', 'data'], ['XDG_CACHE_HOME', 'cache'], ['XDG_STATE_HOME', 'state']]) {
    env[key] = path.join(xdg, sub);
    mkdirSync(env[key], { recursive: true });
  }
  // An empty gallery turns the marketplace off: otherwise the workbench queries open-vsx.org.
  env.EXTENSIONS_GALLERY = '{}';
  const merged = { ...env, ...extra };
  // `extra` removes a variable by giving it as undefined.
  for (const [key, value] of Object.entries(extra)) if (value === undefined) delete merged[key];
  return merged;
}

/**
 * Makes an extension folder (the repository by default) an installed extension by linking it into an
 * extensions folder as `publisher.name-version`, the way code-server lays out installed extensions.
 */
export function linkExtension(extensionsDir, folder = REPO_ROOT) {
  const manifest = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8'));
  const link = path.join(extensionsDir, `${extensionId(manifest)}-${manifest.version}`);
  rmSync(link, { force: true, recursive: false });
  mkdirSync(extensionsDir, { recursive: true });
  symlinkSync(folder, link, 'dir');
  return link;
}

/** Fails with a clear message when the extension has not been built. */
export function assertExtensionBuilt(root = REPO_ROOT) {
  const main = path.join(root, readManifest().main ?? 'dist/extension.js');
  if (!existsSync(main)) throw new Error(`The extension is not built (${path.relative(root, main)} is missing): run "npm run build" first.`);
}

/** A settings.json as VS Code writes it (comments and trailing commas allowed); {} when absent or unreadable. */
function readSettings(file) {
  if (!existsSync(file)) return {};
  const text = readFileSync(file, 'utf8')
    .replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (match, string) => string ?? '')
    .replace(/,(\s*[}\]])/g, '$1');
  try {
    const parsed = JSON.parse(text);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

async function healthy(url) {
  try {
    const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Starts code-server. Options:
 * - `runDir`: scratch folder (fresh one under .run/ by default); user data, extensions, config, workspace and
 *   the server log (`code-server.log`) go inside it.
 * - `env`: extra environment for the server and the extension host (e.g. NODE_EXTRA_CA_CERTS).
 * - `smokeTestDriver` (default true): needed for the `payload` URL query (extension development path, tests);
 *   it also hides notification toasts, so `npm start` turns it off and links the extension instead.
 * - `linkExtension`: link the repository into the extensions folder (no payload needed).
 * - `extraExtensions`: more extension folders to link (e.g. a test fixture that consumes our provider).
 * - `extensionsDir`: use this extensions folder instead of a fresh one (e.g. after --install-extension).
 * - `userSettings`: merged over QUIET_WORKBENCH_SETTINGS into the user settings.json before start.
 * - `keepUserSettings`: merge them over the settings.json already there (a person's own changes survive).
 * - `port`: listen on this port instead of a free one (`npm start`: the browser keeps its storage per origin).
 * @returns {Promise<CodeServer>}
 */
export async function startCodeServer(options = {}) {
  const runDir = options.runDir ?? makeRunDir('code-server');
  const userDataDir = path.join(runDir, 'user-data');
  const extensionsDir = options.extensionsDir ?? path.join(runDir, 'extensions');
  const workspaceDir = options.workspaceDir ?? path.join(runDir, 'workspace');
  const logFile = path.join(runDir, 'code-server.log');
  for (const dir of [userDataDir, extensionsDir, workspaceDir, path.join(userDataDir, 'User')]) mkdirSync(dir, { recursive: true });
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  const existing = options.keepUserSettings ? readSettings(settingsFile) : {};
  const settings = { ...QUIET_WORKBENCH_SETTINGS, ...existing, ...options.userSettings };
  writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
  if (options.linkExtension) linkExtension(extensionsDir);
  for (const folder of options.extraExtensions ?? []) linkExtension(extensionsDir, folder);
  if (!existsSync(CODE_SERVER_ENTRY)) throw new Error(`code-server is not installed (${CODE_SERVER_ENTRY}): run "node scripts/host/install.mjs".`);

  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  // A run folder used again (npm start's) keeps one run's log, not every run's.
  writeFileSync(logFile, '');
  const configFile = path.join(runDir, 'config.yaml');
  writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const args = [
    CODE_SERVER_ENTRY,
    '--config', configFile,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    // Otherwise an extension host whose browser went away lives on for hours.
    '--reconnection-grace-time', '10',
    ...(options.smokeTestDriver === false ? [] : ['--vscode-option', 'enable-smoke-test-driver']),
    workspaceDir,
  ];
  const env = serverEnvironment(runDir, options.env);
  const { child, exited, stop } = spawnGroup(NODE24_BIN, args, { runDir, env, cwd: runDir, logFile });

  let exitCode;
  exited.then((code) => (exitCode = code ?? 'signal'));
  const deadline = Date.now() + (options.timeoutMs ?? HEALTH_TIMEOUT_MS);
  try {
    while (!(await healthy(url))) {
      if (exitCode !== undefined) throw new Error(`code-server exited (${exitCode}) before it was ready; see ${logFile}`);
      if (Date.now() > deadline) throw new Error(`code-server did not answer ${url}/healthz in time; see ${logFile}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, runDir, userDataDir, extensionsDir, workspaceDir, logFile, pid: child.pid, exited, stop };
}

/**
 * Runs code-server's command line (e.g. --install-extension, --list-extensions) against an extensions folder;
 * resolves with its output, rejects on a non-zero exit or after `timeoutMs`.
 */
export function codeServerCli(args, { extensionsDir, userDataDir, runDir, timeoutMs = 120_000 }) {
  const env = serverEnvironment(runDir);
  const configFile = path.join(runDir, 'cli-config.yaml');
  writeFileSync(configFile, 'auth: none\ncert: false\n');
  const fullArgs = [CODE_SERVER_ENTRY, '--config', configFile, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(NODE24_BIN, fullArgs, { env, cwd: runDir, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs, killSignal: 'SIGKILL' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve({ stdout, stderr });
      else reject(new Error(`code-server ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${stdout}${stderr}`));
    });
  });
}

/**
 * The workbench URL for the run's workspace. `payload` entries are the smoke-test driver's
 * (e.g. [['extensionDevelopmentPath', 'vscode-remote://remote/abs/path']]).
 */
export function workbenchUrl(server, payload) {
  const query = new URLSearchParams({ folder: server.workspaceDir });
  if (payload) query.set('payload', JSON.stringify(payload));
  return `${server.url}/?${query.toString()}`;
}

/** A path on the server as the workbench's remote URI (the remote authority is literally "remote"). */
export function remoteUri(absolutePath) {
  return `vscode-remote://remote${absolutePath}`;
}

/**
 * @typedef {object} CodeServer
 * @property {string} url
 * @property {number} port
 * @property {string} runDir
 * @property {string} userDataDir
 * @property {string} extensionsDir
 * @property {string} workspaceDir
 * @property {string} logFile
 * @property {number} pid
 * @property {Promise<number|null>} exited
 * @property {() => Promise<void>} stop
 */
