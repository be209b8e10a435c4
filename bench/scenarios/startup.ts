// Benchmark 4: what loading the library costs a fresh process (time and memory), and the size of the
// extension bundle evaluated at activation.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { stats } from '../harness';
import { libraryEntry } from '../libraries';
import type { Measure, ScenarioContext } from './types';

const PROBE = `
const entry = process.argv[1];
const before = process.memoryUsage().rss;
const started = process.hrtime.bigint();
require(entry);
const ms = Number(process.hrtime.bigint() - started) / 1e6;
console.log(JSON.stringify({ ms, rssMiB: (process.memoryUsage().rss - before) / 1048576 }));
`;

function builtInMicrosoftAuthBundle(): string | undefined {
  const tools = path.resolve(__dirname, '..', '..', '..', '.tools', 'code-server', 'node_modules', 'code-server', 'lib', 'vscode', 'extensions', 'microsoft-authentication', 'dist');
  return existsSync(tools) ? tools : undefined;
}

export async function run({ libName, quick }: ScenarioContext): Promise<Measure[]> {
  const runs = Array.from({ length: quick ? 1 : 7 }, () =>
    JSON.parse(execFileSync(process.execPath, ['-e', PROBE, libraryEntry(libName)], { encoding: 'utf8', timeout: 60_000 })) as { ms: number; rssMiB: number },
  );
  const measures: Measure[] = [
    { id: 'require-ms', title: 'require of the library in a fresh process', unit: 'ms', value: stats(runs.map((r) => r.ms)) },
    { id: 'require-rss', title: 'memory added by that require', unit: 'MiB', value: stats(runs.map((r) => r.rssMiB)) },
  ];
  // The bundle a host evaluates at activation: ours against the built-in Microsoft authentication extension.
  const bundle = libName === 'ours' ? path.resolve(__dirname, '..', '..', '..', 'dist', 'extension.js') : builtInMicrosoftAuthBundle();
  const mainFile = bundle && (bundle.endsWith('.js') ? bundle : path.join(bundle, readdirSync(bundle).find((f) => f === 'extension.js') ?? 'extension.js'));
  if (mainFile && existsSync(mainFile)) {
    const kb = statSync(mainFile).size / 1000;
    measures.push({ id: 'bundle-kb', title: 'extension bundle evaluated at activation (peer: built-in Microsoft auth)', unit: 'KB', value: stats([kb]) });
  }
  return measures;
}
