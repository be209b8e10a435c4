// Benchmark 3: DefaultAzureCredential's first and second token on a developer machine where only the Azure
// CLI is signed in, with IMDS refused (the address exists, nothing listens) and IMDS silent (a listener that
// accepts and never answers), against AzureCliCredential alone as the floor. Each condition needs its own
// network, so this runs in a nested namespace (see ../defaultChainHost.ts).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { RESULT_PREFIX } from '../child';
import type { Measure, ScenarioContext } from './types';

export async function run({ libName, quick }: ScenarioContext): Promise<Measure[]> {
  const host = path.resolve(__dirname, '..', 'defaultChainHost.js');
  const output = execFileSync('unshare', ['--net', '--mount', '--fork', process.execPath, host, libName, ...(quick ? ['--quick'] : [])], {
    encoding: 'utf8',
    timeout: 15 * 60_000,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = output.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  if (!line) throw new Error('the DefaultAzureCredential benchmark printed no result');
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as Measure[];
}
