// Time to "unavailable" when AZURE_POD_IDENTITY_AUTHORITY_HOST names a loopback port that refuses
// connections, and one that accepts and never answers: this library's ManagedIdentityCredential and
// DefaultAzureCredential next to @azure/identity 4.13.1's, in the same process, the same way. Run with
// `node scripts/measurePodIdentity.mjs` (inside the test namespace: nothing can leave loopback; no az, pwsh or
// azd is on PATH). Each figure is taken in a fresh process. Prints one JSON document; figures in
// docs/RELIABILITY.md. Each attempt is given CAP_MS; past it the figure reads "no answer after CAP_MS".
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DefaultAzureCredential } from '../src/identity/credentials/defaultAzureCredential';
import { ManagedIdentityCredential } from '../src/identity/credentials/managedIdentityCredential';
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

type Who = 'oursManagedIdentity' | 'oursDefaultChain' | 'peerManagedIdentity' | 'peerDefaultChain';
const WHO: readonly Who[] = ['oursManagedIdentity', 'oursDefaultChain', 'peerManagedIdentity', 'peerDefaultChain'];

/** One measurement, in a process of its own (both libraries remember what they learnt about IMDS per process). */
async function measureOne(who: Who, host: string): Promise<Attempt> {
  for (const key of Object.keys(process.env)) if (/^(AZURE_|IDENTITY_|MSI_|IMDS_)/.test(key)) delete process.env[key];
  process.env.AZURE_POD_IDENTITY_AUTHORITY_HOST = host;
  switch (who) {
    case 'oursManagedIdentity':
      return timed((abortSignal) => new ManagedIdentityCredential().getToken(SCOPE, { abortSignal }));
    case 'oursDefaultChain':
      return timed((abortSignal) => new DefaultAzureCredential().getToken(SCOPE, { abortSignal }));
    case 'peerManagedIdentity':
    case 'peerDefaultChain': {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the peer's CommonJS build, as bench/libraries.ts loads it
      const peer = require('@azure/identity') as typeof import('@azure/identity');
      const credential = who === 'peerManagedIdentity' ? new peer.ManagedIdentityCredential() : new peer.DefaultAzureCredential();
      return timed((abortSignal) => credential.getToken(SCOPE, { abortSignal }));
    }
  }
}

async function main(): Promise<void> {
  if (process.argv[2] === '--one') {
    const attempt = await measureOne(process.argv[3] as Who, process.argv[4] as string);
    process.stdout.write(JSON.stringify(attempt));
    // The peer may leave a request open on the silent port; the figure is out, so end here.
    process.exit(0);
  }
  const silent = await startSilentListener();
  const refused = await refusingUrl();
  // No az, pwsh or azd on PATH: the chains' developer tools answer "not installed" at once.
  const emptyPath = mkdtempSync(path.join(os.tmpdir(), 'pod-identity-path-'));
  const results: Record<string, Record<string, Attempt>> = {};
  try {
    for (const [kind, host] of [['refused', refused], ['silent', silent.url]] as const) {
      const row: Record<string, Attempt> = {};
      for (const who of WHO) {
        const child = await runChild([__filename, '--one', who, host], { ...process.env, PATH: emptyPath });
        row[who] = JSON.parse(child) as Attempt;
      }
      results[kind] = row;
    }
  } finally {
    await silent.close();
    rmSync(emptyPath, { recursive: true, force: true });
  }
  console.log(JSON.stringify({ peerVersion: '4.13.1', capMs: CAP_MS, results }, null, 2));
}

function runChild(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { env, timeout: CAP_MS + 15_000, maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${args.join(' ')} failed: ${error.message} ${stderr}`));
      else resolve(stdout);
    });
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
