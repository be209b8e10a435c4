// Time to "unavailable" when AZURE_POD_IDENTITY_AUTHORITY_HOST names a loopback port that refuses
// connections, and one that accepts and never answers: this library's ManagedIdentityCredential and
// DefaultAzureCredential next to @azure/identity 4.13.1's, in the same process, the same way. Run with
// `node scripts/measurePodIdentity.mjs` (inside the test namespace: nothing can leave loopback; the peer's
// chain may run tools, and no az, pwsh or azd is on PATH). Prints one JSON document; figures in
// docs/RELIABILITY.md. The peer is given CAP_MS per attempt; past it the figure reads "> CAP_MS".
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DefaultAzureCredential } from '../src/identity/credentials/defaultAzureCredential';
import { ManagedIdentityCredential } from '../src/identity/credentials/managedIdentityCredential';
import { forgetImdsProbes } from '../src/identity/managedIdentity/imds';
import { forgetRememberedUnavailability } from '../src/identity/unavailabilityMemory';
import { refusingUrl, startSilentListener } from '../test/unit/chainCredentials/support/listeners';

const SCOPE = 'https://management.azure.com/.default';
const CAP_MS = 45_000;

interface Attempt {
  ms: number;
  capped: boolean;
  outcome: string;
}

async function timed(action: (signal: AbortSignal) => Promise<unknown>): Promise<Attempt> {
  const controller = new AbortController();
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const cap = new Promise<'capped'>((resolve) => {
    timer = setTimeout(() => resolve('capped'), CAP_MS);
  });
  try {
    const result = await Promise.race([action(controller.signal).then(() => 'token', (e: unknown) => `${(e as Error).name}: ${(e as Error).message.split('\n').slice(0, 3).join(' / ').slice(0, 300)}`), cap]);
    const ms = Math.round(performance.now() - started);
    if (result === 'capped') {
      controller.abort();
      return { ms, capped: true, outcome: `no answer after ${CAP_MS} ms` };
    }
    return { ms, capped: false, outcome: result };
  } finally {
    clearTimeout(timer);
  }
}

async function main(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the peer's CommonJS build, as bench/libraries.ts loads it
  const peer = require('@azure/identity') as typeof import('@azure/identity');
  const silent = await startSilentListener();
  const refused = await refusingUrl();
  const emptyPath = mkdtempSync(path.join(os.tmpdir(), 'pod-identity-path-'));
  const saved = { ...process.env };
  const results: Record<string, Record<string, Attempt>> = {};
  try {
    for (const [kind, host] of [['refused', refused], ['silent', silent.url]] as const) {
      for (const key of Object.keys(process.env)) if (/^(AZURE_|IDENTITY_|MSI_|IMDS_)/.test(key)) delete process.env[key];
      process.env.AZURE_POD_IDENTITY_AUTHORITY_HOST = host;
      process.env.PATH = emptyPath;
      const row: Record<string, Attempt> = {};
      const fresh = (): void => {
        forgetRememberedUnavailability();
        forgetImdsProbes();
      };
      fresh();
      row.oursManagedIdentity = await timed((abortSignal) => new ManagedIdentityCredential().getToken(SCOPE, { abortSignal }));
      fresh();
      row.oursDefaultChain = await timed((abortSignal) => new DefaultAzureCredential().getToken(SCOPE, { abortSignal }));
      row.peerManagedIdentity = await timed((abortSignal) => new peer.ManagedIdentityCredential().getToken(SCOPE, { abortSignal }));
      row.peerDefaultChain = await timed((abortSignal) => new peer.DefaultAzureCredential().getToken(SCOPE, { abortSignal }));
      results[kind] = row;
    }
  } finally {
    process.env = saved;
    await silent.close();
    rmSync(emptyPath, { recursive: true, force: true });
  }
  console.log(JSON.stringify({ peerVersion: '4.13.1', capMs: CAP_MS, results }, null, 2));
  // The peer may leave a request open on the silent port; the figures are out, so end here.
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
