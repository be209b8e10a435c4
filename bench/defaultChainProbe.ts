// One fresh process, one library: the time to the first token from AzureCliCredential alone or from
// DefaultAzureCredential, and for the latter the mean time of the calls after it on the same instance.
import { performance } from 'node:perf_hooks';
import { loadLibrary, type LibraryName } from './libraries';

const SCOPE = 'https://management.azure.com/.default';

async function main(): Promise<void> {
  const [libName, which] = process.argv.slice(2);
  const lib = loadLibrary(libName as LibraryName);
  const credential = which === 'cli' ? new lib.AzureCliCredential() : new lib.DefaultAzureCredential();
  let started = performance.now();
  const first = await credential.getToken(SCOPE);
  const firstMs = performance.now() - started;
  if (!first?.token) throw new Error('no token');
  // Later calls: the mean of 1,000, since one call of a few microseconds is below the timer's resolution.
  const later = 1_000;
  started = performance.now();
  for (let i = 0; i < later; i++) await credential.getToken(SCOPE);
  const secondUs = ((performance.now() - started) * 1000) / later;
  process.stdout.write(`${JSON.stringify({ firstMs, secondUs })}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
