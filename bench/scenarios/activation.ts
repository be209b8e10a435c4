// Benchmark 4, in the real host: how long an extension host takes to activate the extension a consumer's
// session request wakes up. Ours (dist/extension.js, the main chunk) against the built-in Microsoft
// authentication extension that ships inside code-server. Each run is a fresh code-server, workbench and
// extension host; the figures are the host's own performance marks around loading the extension's code and
// around its activate() call (scripts/host/activationBench.mjs and activationProbe/ say how).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { stats } from '../harness';
import type { LibraryName } from '../libraries';
import type { Measure, ScenarioContext } from './types';
import type * as ActivationBench from '../../scripts/host/activationBench.mjs' with { 'resolution-mode': 'import' };

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
// Seven fresh hosts per library: our extension activates at start-up (onStartupFinished), alongside the
// workbench's own start-up on 2 cores, so single runs vary by 2-4x; the median of seven is steadier than of five.
const FULL_RUNS = 7;
// Asked silently, so neither extension shows UI; any scope a consumer of Azure would ask for will do.
const SCOPES = ['https://management.azure.com/.default'];

const TARGETS: Record<LibraryName, { extensionId: string; providerId: string; linkOurExtension: boolean }> = {
  ours: { extensionId: 'azure-identity-vscode.azure-identity', providerId: 'azure-identity', linkOurExtension: true },
  // Built into code-server; activated by `onAuthenticationRequest:microsoft`.
  peer: { extensionId: 'vscode.microsoft-authentication', providerId: 'microsoft', linkOurExtension: false },
};

function loadActivationBench(): Promise<typeof ActivationBench> {
  // The host scripts are ES modules; this compiled file is CommonJS, so it reaches them by a run-time import.
  return import(pathToFileURL(path.join(REPO_ROOT, 'scripts', 'host', 'activationBench.mjs')).href) as Promise<typeof ActivationBench>;
}

const median = (values: readonly number[]) => stats(values).median;

export async function run({ libName, quick }: ScenarioContext): Promise<Measure[]> {
  // The built-in Microsoft extension is not ours to keep off the network: only measure where nothing but
  // loopback exists (scripts/lib/testEnvironment.mjs sets this inside the private namespace).
  if (process.env.AZURE_IDENTITY_TEST_ISOLATED !== '1') {
    throw new Error('the activation benchmark runs only inside the private network namespace: run "npm run bench" as root');
  }
  const { measureActivationInHost } = await loadActivationBench();
  const runs = await measureActivationInHost({
    ...TARGETS[libName],
    scopes: SCOPES,
    runs: quick ? 1 : FULL_RUNS,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  return [
    {
      // The code the host read and evaluated for the extension by the end of activate(): the main bundle and
      // every chunk loaded by then (a bundle that moves code into chunks it loads at activation gains nothing).
      id: 'activation-kb',
      title: 'code loaded at activation: main bundle + chunks loaded by then (peer: built-in Microsoft auth)',
      unit: 'KB',
      value: stats(runs.map((r) => r.loadedBytes / 1000)),
      notes: { 'files loaded at activation (first run)': runs[0].loadedFiles.join(', ') },
    },
    {
      id: 'activation-ms',
      title: 'activation in the real host: bundle load + activate() (peer: built-in Microsoft auth)',
      unit: 'ms',
      value: stats(runs.map((r) => r.loadCodeMs + r.activateMs)),
      notes: {
        'runs, load + activate() ms': runs.map((r) => `${r.loadCodeMs} + ${r.activateMs}`).join(', '),
        'load code ms (median)': median(runs.map((r) => r.loadCodeMs)),
        'activate() ms (median)': median(runs.map((r) => r.activateMs)),
        'span ms (median)': median(runs.map((r) => r.spanMs)),
        // The bundle-kb row (startup scenario) is the goal's figure; this is the file this host actually loaded.
        'main bundle KB': runs[0].mainBytes / 1000,
        host: `code-server, VS Code ${runs[0].vscodeVersion}`,
      },
    },
  ];
}
