// Runs one scenario against one library in this fresh process and prints its measures as one JSON line, so
// that neither library's caches, JIT state or memory can colour the other's figures.
import { loadLibrary, type LibraryName } from './libraries';
import type { Measure, ScenarioContext } from './scenarios/types';

// Loaded on demand: a child runs one scenario and should not load the others' dependencies.
/* eslint-disable @typescript-eslint/no-require-imports */
export const SCENARIOS: Record<string, () => { run(context: ScenarioContext): Promise<Measure[]> }> = {
  cachedToken: () => require('./scenarios/cachedToken'),
  concurrency: () => require('./scenarios/concurrency'),
  refresh: () => require('./scenarios/refresh'),
  startup: () => require('./scenarios/startup'),
  defaultChain: () => require('./scenarios/defaultChain'),
  activation: () => require('./scenarios/activation'),
  terminalEndpoint: () => require('./scenarios/terminalEndpoint'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** Scenarios that measure ours and the peer in one child, interleaved: the runner starts them once. */
export const PAIRED_SCENARIOS: ReadonlySet<string> = new Set(['terminalEndpoint']);

export const RESULT_PREFIX = 'BENCH-RESULT ';

async function main(): Promise<void> {
  const [scenario, libName, ...flags] = process.argv.slice(2);
  if (!SCENARIOS[scenario] || (libName !== 'ours' && libName !== 'peer')) {
    throw new Error(`usage: child.js <${Object.keys(SCENARIOS).join('|')}> <ours|peer> [--quick]`);
  }
  // startup measures a fresh require itself: it must not load the library here first; activation measures
  // the extension in a real host and needs no library here either; terminalEndpoint loads it in its server.
  const lib = ['startup', 'activation', 'terminalEndpoint'].includes(scenario) ? (undefined as never) : loadLibrary(libName as LibraryName);
  const module = SCENARIOS[scenario]();
  const measures = await module.run({ lib, libName: libName as LibraryName, quick: flags.includes('--quick') });
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(measures)}\n`);
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
