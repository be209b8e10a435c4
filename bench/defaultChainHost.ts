// Inside a nested network namespace (made by scenarios/defaultChain.ts): a fresh emulator on 127.0.0.1:443
// with no IMDS, the real Azure CLI signed in to it as a service principal, and 169.254.169.254 on lo either
// refusing connections or held by a listener that never answers. Every timed call runs in a fresh process.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startEmulator } from '../test/emulator/index';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_TENANT_ID } from '../test/emulator/defaults';
import { RESULT_PREFIX } from './child';
import { stats } from './harness';
import type { Measure } from './scenarios/types';

const IMDS_ADDRESS = '169.254.169.254';
const AZ_TIMEOUT_MS = 120_000;

function sh(command: string, args: string[]): void {
  execFileSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'], timeout: 30_000 });
}

async function probe(env: NodeJS.ProcessEnv, libName: string, which: 'cli' | 'dac'): Promise<{ firstMs: number; secondUs: number }> {
  const { stdout } = await runProbe(env, libName, which).catch((error: { stderr?: string; code?: number; signal?: string }) => {
    throw new Error(`${libName} ${which} probe failed (${error.signal ?? `exit ${error.code}`}): ${error.stderr?.trim().split('\n').slice(-3).join(' | ') ?? ''}`);
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { firstMs: number; secondUs: number };
}

/** Runs one probe process with no standard input: a tool that waits on stdin must see end-of-file, not hang. */
function runProbe(env: NodeJS.ProcessEnv, libName: string, which: 'cli' | 'dac'): Promise<{ stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'defaultChainProbe.js'), libName, which], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), AZ_TIMEOUT_MS);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve({ stdout });
      else reject(Object.assign(new Error('probe failed'), { code, signal, stderr }));
    });
  });
}

async function main(): Promise<void> {
  const [libName, ...flags] = process.argv.slice(2);
  const quick = flags.includes('--quick');
  const ready = JSON.parse(readFileSync(process.env.AZURE_IDENTITY_TEST_EMULATOR ?? '', 'utf8')) as { caCertPath: string };
  sh('ip', ['link', 'set', 'lo', 'up']);
  sh('ip', ['addr', 'add', `${IMDS_ADDRESS}/32`, 'dev', 'lo']);
  const emulator = await startEmulator({ host: '127.0.0.1', port: 443, imds: false, caDir: path.dirname(ready.caCertPath) });
  const configDir = mkdtempSync(path.join(os.tmpdir(), 'azid-bench-az-'));
  // Only the Azure CLI is signed in: no service principal in the environment, no managed identity.
  const env: NodeJS.ProcessEnv = { ...process.env, AZURE_CONFIG_DIR: configDir, AZURE_CORE_COLLECT_TELEMETRY: 'false', REQUESTS_CA_BUNDLE: emulator.caCertPath, NODE_EXTRA_CA_CERTS: emulator.caCertPath };
  for (const name of ['AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_TENANT_ID', 'AZURE_AUTHORITY_HOST', 'AZURE_POD_IDENTITY_AUTHORITY_HOST', 'IDENTITY_ENDPOINT', 'MSI_ENDPOINT']) delete env[name];
  const silentSockets = new Set<net.Socket>();
  const silent = net.createServer((socket) => silentSockets.add(socket));
  const measures: Measure[] = [];
  try {
    // Asynchronously: the emulator az talks to runs in this very process.
    await promisify(execFile)('az', ['login', '--service-principal', '-u', DEFAULT_CLIENT_ID, '-p', DEFAULT_CLIENT_SECRET, '--tenant', DEFAULT_TENANT_ID, '--output', 'none'], {
      env,
      timeout: AZ_TIMEOUT_MS,
    });
    const runs = quick ? 1 : 5;
    for (const imds of ['refused', 'silent'] as const) {
      if (imds === 'silent') await new Promise<void>((resolve) => silent.listen(80, IMDS_ADDRESS, resolve));
      const cli: number[] = [];
      const first: number[] = [];
      const second: number[] = [];
      for (let i = 0; i < runs; i++) {
        cli.push((await probe(env, libName, 'cli')).firstMs);
        const dac = await probe(env, libName, 'dac');
        first.push(dac.firstMs);
        second.push(dac.secondUs);
      }
      measures.push({ id: `dac-first:${imds}`, title: `DefaultAzureCredential first token, only az signed in, IMDS ${imds}`, unit: 'ms', value: stats(first) });
      measures.push({ id: `dac-cli-alone:${imds}`, title: `AzureCliCredential alone (the floor), IMDS ${imds}`, unit: 'ms', value: stats(cli) });
      measures.push({ id: `dac-second:${imds}`, title: `later calls on the same DefaultAzureCredential (median of up to 5 batches of 20,000 in 3 s), IMDS ${imds}`, unit: 'µs', value: stats(second) });
    }
  } finally {
    for (const socket of silentSockets) socket.destroy();
    silent.close();
    await emulator.close();
    rmSync(configDir, { recursive: true, force: true });
  }
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(measures)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(1);
  },
);
