// Benchmark 2: many callers asking for a token nobody has yet. Counts what reaches the authority.
import { performance } from 'node:perf_hooks';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_TENANT_ID } from '../../test/emulator/defaults';
import { stats } from '../harness';
import { emulator, tokenRequestCount } from '../emulator';
import type { Measure, ScenarioContext } from './types';

const TEN_SCOPES = [
  'https://management.azure.com/.default',
  'https://storage.azure.com/.default',
  'https://vault.azure.net/.default',
  'https://graph.microsoft.com/.default',
  'https://database.windows.net/.default',
  'https://servicebus.azure.net/.default',
  'https://eventhubs.azure.net/.default',
  'https://cognitiveservices.azure.com/.default',
  'https://monitor.azure.com/.default',
  'https://batch.core.windows.net/.default',
];
const CALLERS = 1_000;
/** Quick mode only proves the script runs: fewer callers, same shape. */
const QUICK_CALLERS = 100;

async function burst({ lib, quick }: ScenarioContext, scopes: readonly string[]): Promise<{ requests: number; wallMs: number }> {
  const credential = new lib.ClientSecretCredential(DEFAULT_TENANT_ID, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET);
  await emulator().clearRequests();
  const started = performance.now();
  const tokens = await Promise.all(Array.from({ length: quick ? QUICK_CALLERS : CALLERS }, (_, i) => credential.getToken(scopes[i % scopes.length])));
  const wallMs = performance.now() - started;
  if (tokens.some((t) => !t?.token)) throw new Error('a caller got no token');
  return { requests: await tokenRequestCount(), wallMs };
}

export async function run(context: ScenarioContext): Promise<Measure[]> {
  const measures: Measure[] = [];
  for (const [label, scopes] of [['one scope', TEN_SCOPES.slice(0, 1)], ['ten scopes', TEN_SCOPES]] as const) {
    const runs = [];
    for (let i = 0; i < (context.quick ? 1 : 5); i++) runs.push(await burst(context, scopes));
    measures.push({ id: `concurrent-requests:${label}`, title: `${CALLERS} concurrent first calls, ${label}: requests to the authority`, unit: 'requests', value: stats(runs.map((r) => r.requests)) });
    measures.push({ id: `concurrent-wall:${label}`, title: `${CALLERS} concurrent first calls, ${label}: wall time`, unit: 'ms', value: stats(runs.map((r) => r.wallMs)) });
  }
  return measures;
}
