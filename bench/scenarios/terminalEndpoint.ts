// Benchmark 6: the terminal token endpoint under load. 50 concurrent keep-alive clients ask for a cached token
// as fast as the endpoint answers; the same load against a bare Node http server answering a fixed JSON body
// (the "peer" column) is the limit for any HTTP endpoint on this machine. Each server runs in a process of its
// own (bench/terminalEndpointServer.ts), the load from this one; runs alternate between the two, so a busy
// machine weighs on both alike.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { stats } from '../harness';
import { READY_PREFIX, type BenchServer } from '../terminalEndpointServer';
import type { Measure, ScenarioContext } from './types';

const CLIENTS = 50;
const WARM_UP_MS = 1_000;
const MEASURE_MS = 3_000;
const RUNS = 5;

interface RunResult {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

async function startServer(libName: string): Promise<{ server: BenchServer; child: ChildProcess }> {
  // TERMINAL_BENCH_PROFILE=<dir>: each server writes a CPU profile there (node --cpu-prof), to see where time goes.
  const profileDir = process.env.TERMINAL_BENCH_PROFILE;
  const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${libName}.cpuprofile`] : [];
  const child = spawn(process.execPath, [...nodeArgs, path.join(__dirname, '..', 'terminalEndpointServer.js'), libName], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const server = await new Promise<BenchServer>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the endpoint server did not start within 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`the endpoint server exited with ${code}`)));
    lines.on('line', (line) => {
      if (!line.startsWith(READY_PREFIX)) return;
      clearTimeout(timer);
      resolve(JSON.parse(line.slice(READY_PREFIX.length)) as BenchServer);
    });
  });
  return { server, child };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** CLIENTS loops, each sending its next request when the last is answered, on its own kept-alive socket. */
async function load(server: BenchServer, durationMs: number): Promise<RunResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const latencies: number[] = [];
  const deadline = performance.now() + durationMs;
  const get = () =>
    new Promise<void>((resolve, reject) => {
      const started = performance.now();
      const request = http.get({ host: '127.0.0.1', port: server.port, path: server.path, headers: server.headers, agent }, (response) => {
        if (response.statusCode !== 200) reject(new Error(`status ${response.statusCode}`));
        response.on('data', () => undefined);
        response.on('end', () => {
          latencies.push(performance.now() - started);
          resolve();
        });
      });
      request.on('error', reject);
      request.setTimeout(10_000, () => request.destroy(new Error('no answer within 10 s')));
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < deadline) await get();
    }),
  );
  const elapsed = performance.now() - started;
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  return { requestsPerSecond: (latencies.length * 1000) / elapsed, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99) };
}

async function stopServer(child: ChildProcess): Promise<void> {
  child.stdin?.end();
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      child.kill();
      resolve();
    }, 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export async function run({ quick }: ScenarioContext): Promise<Measure[]> {
  const started: Array<{ server: BenchServer; child: ChildProcess }> = [];
  try {
    for (const side of ['peer', 'ours'] as const) started.push(await startServer(side));
    const servers = { peer: started[0].server, ours: started[1].server };
    const runs: Record<'peer' | 'ours', RunResult[]> = { peer: [], ours: [] };
    for (const side of ['peer', 'ours'] as const) await load(servers[side], quick ? 200 : WARM_UP_MS);
    for (let i = 0; i < (quick ? 1 : RUNS); i++) {
      for (const side of ['peer', 'ours'] as const) runs[side].push(await load(servers[side], quick ? 300 : MEASURE_MS));
    }
    const label = `terminal endpoint, cached token, ${CLIENTS} keep-alive clients`;
    const peer = '(peer: bare Node http server, fixed JSON)';
    return (['peer', 'ours'] as const).flatMap((side) => [
      { side, id: 'endpoint-rps', title: `${label}: requests per second ${peer}`, unit: 'req/s', higherIsBetter: true, value: stats(runs[side].map((r) => r.requestsPerSecond)) },
      { side, id: 'endpoint-p50', title: `${label}: median latency ${peer}`, unit: 'ms', value: stats(runs[side].map((r) => r.p50Ms)) },
      { side, id: 'endpoint-p99', title: `${label}: p99 latency ${peer}`, unit: 'ms', value: stats(runs[side].map((r) => r.p99Ms)) },
    ]);
  } finally {
    await Promise.all(started.map(({ child }) => stopServer(child)));
  }
}
