// One fresh process, one library: the time to the first token from AzureCliCredential alone or from
// DefaultAzureCredential, and the mean time of the calls after it on the same instance.
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
  // AzureCliCredential alone is the floor for the first token only.
  if (which === 'cli') return void process.stdout.write(`${JSON.stringify({ firstMs, secondUs: 0 })}\n`);
  // Later calls: the mean of up to 1,000 (one call of a few microseconds is below the timer's resolution),
  // within a 3 s budget, since a credential that runs `az` again on every call takes a second per call.
  const budgetEnd = performance.now() + 3_000;
  let later = 0;
  started = performance.now();
  while (later < 1_000 && (later === 0 || performance.now() < budgetEnd)) {
    await credential.getToken(SCOPE);
    later++;
  }
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
