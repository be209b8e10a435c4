// Measures msal-node's own ManagedIdentityApplication against this library's ManagedIdentityCredential on the
// emulator's IMDS (inside the test namespace, at 169.254.169.254): the first token, a cached token, retries
// after 500 and 429, and an IMDS that accepts connections and never answers. Run with
// `node scripts/measureManagedIdentity.mjs`; prints one JSON document (the figures in docs/ARCHITECTURE.md).
import { performance } from 'node:perf_hooks';
import { ManagedIdentityCredential } from '../src/identity/credentials/managedIdentityCredential';
import { forgetImdsProbes } from '../src/identity/managedIdentity/imds';
import { forgetRememberedUnavailability } from '../src/identity/unavailabilityMemory';
import { emulator } from './emulator';

const RESOURCE = 'https://management.azure.com';
const SCOPE = `${RESOURCE}/.default`;
const SILENT_CAP_MS = 20_000;

type Msal = typeof import('@azure/msal-node');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function timed<T>(action: () => Promise<T>): Promise<{ ms: number; value?: T; error?: string }> {
  const started = performance.now();
  try {
    const value = await action();
    return { ms: performance.now() - started, value };
  } catch (error) {
    return { ms: performance.now() - started, error: `${(error as Error).name}: ${(error as Error).message.slice(0, 200)}` };
  }
}

async function imdsRequests(): Promise<number> {
  return (await emulator().requests({ endpoint: 'imds' })).length;
}

/** A fresh emulator; `probes` also forgets that IMDS answered ours (a new process). */
async function reset(probes = false): Promise<void> {
  await emulator().reset();
  forgetRememberedUnavailability();
  if (probes) forgetImdsProbes();
}

async function main(): Promise<void> {
  const msal: Msal = await import('@azure/msal-node');
  const ours = () => new ManagedIdentityCredential();
  const theirs = () => new msal.ManagedIdentityApplication({ system: { loggerOptions: { piiLoggingEnabled: false } } });
  const results: Record<string, unknown> = {};

  // Sources each one can detect.
  results.sources = {
    msal: Object.values((msal as unknown as { ManagedIdentitySourceNames?: Record<string, string> }).ManagedIdentitySourceNames ?? {}),
    ours: ['ServiceFabric', 'AppService', 'AzureArc', 'AzureML', 'CloudShell', 'WorkloadIdentity', 'Imds (probed)'],
  };

  // First token in the process (ours probes IMDS first), then the median over fresh instances.
  await reset(true);
  const firstOurs = await timed(() => ours().getToken(SCOPE));
  await reset(true);
  const firstMsal = await timed(() => theirs().acquireToken({ resource: RESOURCE }));
  const freshOurs: number[] = [];
  const freshMsal: number[] = [];
  for (let i = 0; i < 20; i++) {
    freshOurs.push((await timed(() => ours().getToken(SCOPE))).ms);
    // MSAL's token cache is static (shared by every instance in the process): a fresh instance must force the request.
    freshMsal.push((await timed(() => theirs().acquireToken({ resource: RESOURCE, forceRefresh: true }))).ms);
  }
  results.firstToken = {
    oursFirstInProcessMs: firstOurs.ms,
    msalFirstInProcessMs: firstMsal.ms,
    oursFreshInstanceMedianMs: median(freshOurs),
    msalFreshInstanceMedianMs: median(freshMsal),
    errors: [firstOurs.error, firstMsal.error].filter(Boolean),
  };

  // Cached: the same instance asked again and again.
  const credential = ours();
  await credential.getToken(SCOPE);
  const app = theirs();
  await app.acquireToken({ resource: RESOURCE });
  const ourCalls = 200_000;
  let started = performance.now();
  for (let i = 0; i < ourCalls; i++) await credential.getToken(SCOPE);
  const oursCachedUs = ((performance.now() - started) * 1000) / ourCalls;
  const msalCalls = 20_000;
  started = performance.now();
  for (let i = 0; i < msalCalls; i++) await app.acquireToken({ resource: RESOURCE });
  const msalCachedUs = ((performance.now() - started) * 1000) / msalCalls;
  results.cached = { oursUsPerCall: oursCachedUs, msalUsPerCall: msalCachedUs };

  // Retries: two 500s, then one 429 with Retry-After: 1.
  for (const [name, fault] of [
    ['twoHttp500', { endpoint: 'imds' as const, times: 2, action: { type: 'status' as const, status: 500 } }],
    ['http429RetryAfter1s', { endpoint: 'imds' as const, times: 1, action: { type: 'status' as const, status: 429, retryAfterSeconds: 1 } }],
  ] as const) {
    await reset();
    await emulator().addFault(fault);
    const o = await timed(() => ours().getToken(SCOPE));
    const oursRequests = await imdsRequests();
    await reset();
    await emulator().addFault(fault);
    const m = await timed(() => theirs().acquireToken({ resource: RESOURCE, forceRefresh: true }));
    const msalRequests = await imdsRequests();
    results[name] = { oursMs: o.ms, oursRequests, oursError: o.error, msalMs: m.ms, msalRequests, msalError: m.error };
  }

  // IMDS that accepts the connection and never answers (a firewall that black-holes, a broken proxy).
  await reset(true);
  await emulator().addFault({ endpoint: 'imds', times: 0, action: { type: 'hang' } });
  const silentOurs = await timed(() => ours().getToken(SCOPE));
  await reset(true);
  await emulator().addFault({ endpoint: 'imds', times: 0, action: { type: 'hang' } });
  const silentMsal = await timed(() =>
    Promise.race([
      theirs().acquireToken({ resource: RESOURCE, forceRefresh: true }),
      new Promise<never>((_resolve, reject) => setTimeout(() => reject(new Error(`no answer after ${SILENT_CAP_MS} ms (cut off by the measurement)`)), SILENT_CAP_MS).unref()),
    ]),
  );
  results.imdsSilent = { oursMs: silentOurs.ms, oursError: silentOurs.error, msalMs: silentMsal.ms, msalError: silentMsal.error };
  await reset();

  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  // MSAL's hung request keeps a socket open; the measurement is done.
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
