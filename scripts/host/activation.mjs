// Knows when an extension has been activated in code-server's remote extension host, from the host's own log
// (<user-data>/logs/<session>/exthost<N>/remoteexthost.log), which records every activation and its cause.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

function extensionHostLogs(userDataDir) {
  const logsRoot = path.join(userDataDir, 'logs');
  if (!existsSync(logsRoot)) return [];
  const files = [];
  for (const session of readdirSync(logsRoot)) {
    const sessionDir = path.join(logsRoot, session);
    for (const host of readdirSync(sessionDir).filter((n) => n.startsWith('exthost'))) {
      const file = path.join(sessionDir, host, 'remoteexthost.log');
      if (existsSync(file)) files.push(file);
    }
  }
  return files;
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * What the extension host logged about `extensionId` so far: the activation event that activated it (if it was
 * activated) and whether activation failed.
 */
export function readActivation(userDataDir, extensionId) {
  const activated = new RegExp(`ExtensionService#_doActivateExtension ${escapeRegExp(extensionId)}, startup: \\w+, activationEvent: '([^']+)'`);
  const failed = new RegExp(`Activating extension ${escapeRegExp(extensionId)} failed`);
  let activationEvent;
  let failure;
  for (const file of extensionHostLogs(userDataDir)) {
    const text = readFileSync(file, 'utf8');
    activationEvent ??= activated.exec(text)?.[1];
    if (failed.test(text)) failure = `${extensionId} failed to activate; see ${file}`;
  }
  return { activationEvent, failure };
}

/**
 * Waits until the extension host has activated `extensionId`; resolves with the activation event. Rejects if
 * activation failed or did not happen within `timeoutMs`. A failure logged within `settleMs` after the
 * activation started is caught too (activate() runs after the log line).
 */
export async function waitForActivation(userDataDir, extensionId, { timeoutMs = 60_000, settleMs = 1_500 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { activationEvent, failure } = readActivation(userDataDir, extensionId);
    if (failure) throw new Error(failure);
    if (activationEvent) {
      await new Promise((r) => setTimeout(r, settleMs));
      const settled = readActivation(userDataDir, extensionId);
      if (settled.failure) throw new Error(settled.failure);
      return activationEvent;
    }
    if (Date.now() > deadline) throw new Error(`${extensionId} was not activated within ${Math.round(timeoutMs / 1000)} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
