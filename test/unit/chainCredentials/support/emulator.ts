// Access to the emulator `npm test` started for the suite (AZURE_IDENTITY_TEST_EMULATOR). Inside the
// private namespace (AZURE_IDENTITY_TEST_ISOLATED=1) the real authority host names and 169.254.169.254
// reach it; without the namespace, the runner points AZURE_AUTHORITY_HOST / AZURE_POD_IDENTITY_AUTHORITY_HOST
// at it instead.
import { EmulatorClient } from '../../../emulator/client';
import { EMULATOR_ENV_VAR } from '../../../emulator/client';
import type { EmulatorInfo } from '../../../emulator/types';

export function isIsolated(): boolean {
  return process.env.AZURE_IDENTITY_TEST_ISOLATED === '1';
}

export interface SharedEmulator {
  client: EmulatorClient;
  info: EmulatorInfo;
}

/**
 * Mocha hooks: resolves the shared emulator before the suite and resets it before each test. Skips the
 * suite when no emulator was started (the file was run outside `npm test`).
 */
export function useSharedEmulator(): () => SharedEmulator {
  let shared: SharedEmulator | undefined;
  before(async function () {
    if (!process.env[EMULATOR_ENV_VAR]) {
      this.skip();
      return;
    }
    const client = EmulatorClient.fromEnv();
    shared = { client, info: await client.info() };
  });
  beforeEach(async () => {
    await shared?.client.reset();
  });
  return () => {
    if (!shared) throw new Error('no emulator: run this suite through npm test');
    return shared;
  };
}
