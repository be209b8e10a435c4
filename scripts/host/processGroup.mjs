// Child processes that run in a process group of their own, so stopping one stops everything it started
// (code-server forks extension hosts, file watchers and pty hosts that outlive its main pid otherwise).
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { onCleanup } from './cleanup.mjs';

const PGID_FILE = 'process-groups';

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

function signalGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Already gone.
  }
}

/** Sends SIGTERM to the whole group, then SIGKILL after `graceMs`; resolves once no member is left. */
export async function killGroup(pgid, graceMs = 5_000) {
  if (!groupAlive(pgid)) return;
  signalGroup(pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (!groupAlive(pgid)) return;
  signalGroup(pgid, 'SIGKILL');
  const hardDeadline = Date.now() + 5_000;
  while (groupAlive(pgid) && Date.now() < hardDeadline) await new Promise((r) => setTimeout(r, 50));
}

/**
 * Spawns `command` as the leader of a new process group. The group id is recorded in `runDir` (so a parent
 * can reap it even if this process is killed) and killed when this process exits or is interrupted.
 * @returns {{ child: import('node:child_process').ChildProcess, exited: Promise<number|null>, stop: () => Promise<void> }}
 */
export function spawnGroup(command, args, { runDir, env, cwd, logFile }) {
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`Could not start ${command}`);
  const pgid = child.pid;
  appendFileSync(path.join(runDir, PGID_FILE), `${pgid}\n`);
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk) => appendFileSync(logFile, chunk));
  }
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  let stopping;
  const stop = () => {
    stopping ??= killGroup(pgid).finally(() => unregister());
    return stopping;
  };
  const unregister = onCleanup({ sync: () => signalGroup(pgid, 'SIGKILL'), async: stop });
  return { child, exited, stop };
}

function recordedGroups(runDir) {
  const file = path.join(runDir, PGID_FILE);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number);
}

/** SIGKILLs every process group a run folder recorded, synchronously (for process exit handlers). */
export function killRecordedGroupsSync(runDir) {
  for (const pgid of recordedGroups(runDir)) signalGroup(pgid, 'SIGKILL');
}

/** Kills every process group a run folder recorded: the safety net after a child runner died or timed out. */
export async function reapRunDir(runDir) {
  const reaped = recordedGroups(runDir).filter(groupAlive);
  await Promise.all(reaped.map((pgid) => killGroup(pgid, 2_000)));
  return reaped;
}
