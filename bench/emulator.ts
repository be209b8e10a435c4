// The emulator the bench runner started (scripts/bench.mjs), reached through its control API.
import { EmulatorClient } from '../test/emulator/client';

let client: EmulatorClient | undefined;

export function emulator(): EmulatorClient {
  client ??= EmulatorClient.fromEnv();
  return client;
}

/** How many requests reached the token endpoints (the authority's, and the managed-identity ones). */
export async function tokenRequestCount(): Promise<number> {
  const log = await emulator().requests();
  return log.filter((r) => ['token', 'imds', 'appService'].includes(r.endpoint)).length;
}
