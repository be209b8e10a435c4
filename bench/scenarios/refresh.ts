// Benchmark 5: the call that crosses a token's refresh time while the token is still valid, with the
// authority answering in 250 ms. A caller should get the valid token at once while the refresh runs behind.
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_TENANT_ID } from '../../test/emulator/defaults';
import { sleep, stats, timeMs } from '../harness';
import { emulator } from '../emulator';
import type { Measure, ScenarioContext } from './types';

const SCOPE = 'https://management.azure.com/.default';
/**
 * Both libraries refresh five minutes before expiry, so a token that lives 5 min + 2 s reaches its refresh
 * time 2 s after it is issued, while it is still valid for five more minutes.
 */
const LIFETIME_SECONDS = 302;
const AUTHORITY_DELAY_MS = 250;

export async function run({ lib, quick }: ScenarioContext): Promise<Measure[]> {
  const control = emulator();
  const latencies: number[] = [];
  try {
    for (let i = 0; i < (quick ? 1 : 5); i++) {
      await control.setTokenLifetime({ expiresInSeconds: LIFETIME_SECONDS });
      const credential = new lib.ClientSecretCredential(DEFAULT_TENANT_ID, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET);
      await credential.getToken(SCOPE);
      await sleep(2_500);
      await control.addFault({ endpoint: 'token', times: 0, action: { type: 'delay', ms: AUTHORITY_DELAY_MS } });
      latencies.push((await timeMs(() => credential.getToken(SCOPE))) * 1000);
      await control.clearFaults();
      // Let a background refresh finish before the next run changes the emulator's settings.
      await sleep(AUTHORITY_DELAY_MS + 100);
    }
  } finally {
    await control.clearFaults();
    await control.reset();
  }
  return [{ id: 'refresh', title: `the call that crosses the refresh time (authority ${AUTHORITY_DELAY_MS} ms)`, unit: 'µs', value: stats(latencies) }];
}
