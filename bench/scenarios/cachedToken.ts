// Benchmark 1: latency of getToken when the token is already cached — the call every Azure SDK request makes.
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_TENANT_ID } from '../../test/emulator/defaults';
import { microsecondsPerCall } from '../harness';
import type { CredentialLike, IdentityLibrary } from '../libraries';
import type { Measure, ScenarioContext } from './types';

const SCOPE = 'https://management.azure.com/.default';

function credentials(lib: IdentityLibrary): Array<[string, () => CredentialLike]> {
  return [
    ['ClientSecretCredential', () => new lib.ClientSecretCredential(DEFAULT_TENANT_ID, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)],
    ['ManagedIdentityCredential', () => new lib.ManagedIdentityCredential()],
    [
      'DefaultAzureCredential (env service principal)',
      () => {
        process.env.AZURE_TENANT_ID = DEFAULT_TENANT_ID;
        process.env.AZURE_CLIENT_ID = DEFAULT_CLIENT_ID;
        process.env.AZURE_CLIENT_SECRET = DEFAULT_CLIENT_SECRET;
        return new lib.DefaultAzureCredential();
      },
    ],
  ];
}

export async function run({ lib, quick }: ScenarioContext): Promise<Measure[]> {
  const measures: Measure[] = [];
  for (const [name, make] of credentials(lib)) {
    const credential = make();
    const first = await credential.getToken(SCOPE);
    if (!first?.token) throw new Error(`${name} returned no token`);
    // Warm-up lets both libraries' JIT settle before anything is timed.
    await microsecondsPerCall(() => credential.getToken(SCOPE), quick ? 100 : 2_000, 1);
    const value = await microsecondsPerCall(() => credential.getToken(SCOPE), quick ? 200 : 20_000, quick ? 1 : 5);
    measures.push({ id: `cached:${name}`, title: `cached getToken, ${name}`, unit: 'µs/op', value });
  }
  return measures;
}
