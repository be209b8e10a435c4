// Extension activation time in the real host (benchmark 4): each run starts a fresh code-server and opens its
// workbench in chromium, so the extension host is a new process; the probe extension (activationProbe/) asks
// the measured extension's authentication provider for a session and reports the host's own activation marks.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readActivation } from './activation.mjs';
import { makeRunDir } from './paths.mjs';
import { startWorkbenchSession } from './workbenchSession.mjs';

export const PROBE_EXTENSION_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'activationProbe');
const REQUEST_ENV = 'AZID_ACTIVATION_PROBE_REQUEST';

/**
 * After start-up the probe waits this long before it asks, so start-up activations and the workbench's own
 * start-up work are over (with 2 s, one run in five on 2 cores took several times the others).
 */
const SETTLE_MS = 5_000;
/** How long the probe waits for the measured extension to finish activating. */
const ACTIVATION_TIMEOUT_MS = 30_000;
/** From an open workbench to the probe's answer: the host starts ~5 s after the page, then settle + activation. */
const RESULT_TIMEOUT_MS = 90_000;

async function waitForResult(resultFile, server, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let exitCode;
  server.exited.then((code) => (exitCode = code ?? 'signal'));
  while (!existsSync(resultFile)) {
    if (exitCode !== undefined) throw new Error(`code-server exited (${exitCode}) before the probe answered; see ${server.logFile}`);
    if (Date.now() > deadline) throw new Error(`the activation probe did not answer within ${Math.round(timeoutMs / 1000)} s; see the logs in ${server.userDataDir}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return JSON.parse(readFileSync(resultFile, 'utf8'));
}

/**
 * One fresh host: returns { loadCodeMs, activateMs, spanMs, extensionPath, main, vscodeVersion, sessionOutcome }
 * for `extensionId`, activated by a silent session request to `providerId`.
 */
async function measureOnce({ extensionId, providerId, scopes, linkOurExtension, label }) {
  const runDir = makeRunDir(label);
  const requestFile = path.join(runDir, 'activation-request.json');
  const resultFile = path.join(runDir, 'activation-result.json');
  writeFileSync(requestFile, JSON.stringify({ extensionId, providerId, scopes, resultFile, settleMs: SETTLE_MS, timeoutMs: ACTIVATION_TIMEOUT_MS }));
  const session = await startWorkbenchSession({
    runDir,
    linkExtension: linkOurExtension,
    extraExtensions: [PROBE_EXTENSION_DIR],
    env: { [REQUEST_ENV]: requestFile },
  });
  let answer;
  try {
    answer = await waitForResult(resultFile, session.server, RESULT_TIMEOUT_MS);
  } finally {
    await session.stop();
  }
  if (!answer.ok) {
    const { failure } = readActivation(session.server.userDataDir, extensionId);
    throw new Error(`${answer.error}${failure ? ` (${failure})` : ''}; run folder kept: ${runDir}`);
  }
  rmSync(runDir, { recursive: true, force: true });
  return answer.result;
}

/**
 * Measures the activation of `extensionId` in `runs` fresh extension hosts, one after the other. With
 * `linkOurExtension`, this repository is installed too (for built-in extensions, leave it out). Every process a
 * run starts is stopped before the next begins; a run that fails stops the rest and rejects.
 * @param {{ extensionId: string, providerId: string, scopes: string[], runs: number, linkOurExtension?: boolean, log?: (line: string) => void }} options
 */
export async function measureActivationInHost({ extensionId, providerId, scopes, runs, linkOurExtension = false, log = () => undefined }) {
  const results = [];
  for (let i = 0; i < runs; i++) {
    const result = await measureOnce({ extensionId, providerId, scopes, linkOurExtension, label: `bench-activation-${extensionId.split('.').pop()}` });
    log(`activation ${i + 1}/${runs} of ${extensionId}: load ${result.loadCodeMs} ms, activate() ${result.activateMs} ms (span ${result.spanMs} ms); session request: ${result.sessionOutcome}; loaded ${result.loadedBytes} B: ${result.loadedFiles.join(', ')}`);
    results.push(result);
  }
  return results;
}
