// Connects the identity tests to the running Entra ID emulator. The test runner (`npm test`) starts it,
// sets AZURE_IDENTITY_TEST_EMULATOR to its ready file and NODE_EXTRA_CA_CERTS to its CA (Node reads that
// variable only at start, so the emulator cannot be started from inside this process and trusted).
import * as fs from 'node:fs';
import { EmulatorClient, readReadyFile, EMULATOR_ENV_VAR } from '../../../emulator/client';
import type { RequestFilter, RequestLogEntry } from '../../../emulator/types';

export interface TestEmulator {
  /** The emulator's own URL (https://127.0.0.1:<port>, or the real host inside the test namespace). */
  readonly url: string;
  readonly caCertPath: string;
  readonly client: EmulatorClient;
  /** Inside the private namespace the emulator answers at the library's real default authority. */
  readonly isolated: boolean;
  /** Where credentials reach the emulator: its URL, or the real default authority inside the namespace. */
  readonly authorityHost: string;
  /** Options that point a credential at the emulator (none when it already is the real default). */
  readonly authorityOptions: { authorityHost?: string; disableInstanceDiscovery?: boolean };
  /** Token requests (optionally filtered) the emulator received since the last reset. */
  tokenRequests(filter?: RequestFilter): Promise<RequestLogEntry[]>;
}

const HOW_TO_RUN = [
  'The identity tests need the Entra ID emulator. Either run them through `npm test -- --suite unit`, or by hand:',
  '  1. npx tsc -p . && node out/test/emulator/cli.js --ready-file /tmp/emu.json      (leave it running)',
  '  2. AZURE_IDENTITY_TEST_EMULATOR=/tmp/emu.json NODE_EXTRA_CA_CERTS=<caCertPath from /tmp/emu.json> \\',
  '     npx mocha --timeout 30000 out/test/unit/msalCredentials/*.test.js',
].join('\n');

let cached: TestEmulator | undefined;

/** The emulator for this test run; throws with instructions when it is not configured. */
export function testEmulator(): TestEmulator {
  if (cached) return cached;
  const readyFile = process.env[EMULATOR_ENV_VAR];
  if (!readyFile) throw new Error(`${EMULATOR_ENV_VAR} is not set.\n${HOW_TO_RUN}`);
  const ready = readReadyFile(readyFile);
  const trusted = process.env.NODE_EXTRA_CA_CERTS;
  if (!trusted || fs.realpathSync(trusted) !== fs.realpathSync(ready.caCertPath)) {
    throw new Error(`NODE_EXTRA_CA_CERTS must be the emulator's CA (${ready.caCertPath}) when node starts.\n${HOW_TO_RUN}`);
  }
  const isolated = process.env.AZURE_IDENTITY_TEST_ISOLATED === '1';
  const client = EmulatorClient.fromReadyFile(readyFile);
  cached = {
    url: ready.url,
    caCertPath: ready.caCertPath,
    client,
    isolated,
    authorityHost: isolated ? 'https://login.microsoftonline.com' : ready.url,
    authorityOptions: isolated ? {} : { authorityHost: ready.url, disableInstanceDiscovery: true },
    tokenRequests: (filter = {}) => client.requests({ ...filter, endpoint: 'token' }),
  };
  return cached;
}

/** Mocha hooks: a fresh emulator state (no faults, default apps and users, empty request log) per test. */
export function useFreshEmulator(): () => TestEmulator {
  let emulator: TestEmulator | undefined;
  before(function () {
    emulator = testEmulator();
  });
  beforeEach(async () => {
    await testEmulator().client.reset();
  });
  return () => {
    if (!emulator) throw new Error('useFreshEmulator(): the before hook has not run');
    return emulator;
  };
}
