// The start-up of an e2e suite that runs one workbench session inside the test namespace: skipped outside it
// (only the namespace gives the emulator the real authority's and Resource Manager's names), the emulator from
// its ready file reset to its seeded state before the session starts and again after it stops (later suites
// expect the seeded state), and the environment that lets the session sign in as the emulator's service principal.
import { EMULATOR_ENV_VAR, EmulatorClient } from '../../emulator/client';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_TENANT_ID } from '../../emulator/defaults';
import { host, type Host, type WorkbenchSession } from './host';

/** Inside the test runner's private network namespace (where the real authority's name leads to the emulator). */
export const ISOLATED = process.env.AZURE_IDENTITY_TEST_ISOLATED === '1';

/**
 * The extension host's environment for "Use the environment's service principal", the quickest sign-in a person
 * has: the emulator's default app and its secret.
 */
export const SERVICE_PRINCIPAL_ENV: Readonly<Record<string, string>> = {
  AZURE_CLIENT_ID: DEFAULT_CLIENT_ID,
  AZURE_CLIENT_SECRET: DEFAULT_CLIENT_SECRET,
  AZURE_TENANT_ID: DEFAULT_TENANT_ID,
};

export type SessionOptions = NonNullable<Parameters<Host['startWorkbenchSession']>[0]>;

export interface IsolatedSession {
  readonly h: Host;
  readonly session: WorkbenchSession;
  readonly emulator: EmulatorClient;
}

/** The emulator the test runner started (its ready file is named by AZURE_IDENTITY_TEST_EMULATOR). */
export function runnerEmulator(): EmulatorClient {
  const readyFile = process.env[EMULATOR_ENV_VAR];
  if (!readyFile) throw new Error(`${EMULATOR_ENV_VAR} is not set: run this suite through "npm test -- --suite e2e".`);
  return EmulatorClient.fromReadyFile(readyFile);
}

/**
 * For a suite's `before` hook (pass its `this`): skips the suite outside the namespace; else resets the emulator,
 * lets `prepare` set it up (e.g. the sign-in page's mode) and starts the workbench session.
 */
export async function startIsolatedSession(
  hook: Mocha.Context,
  options: SessionOptions,
  prepare?: (emulator: EmulatorClient) => Promise<unknown>,
): Promise<IsolatedSession> {
  if (!ISOLATED) hook.skip();
  const h = await host();
  const emulator = runnerEmulator();
  await emulator.reset();
  try {
    await prepare?.(emulator);
    return { h, session: await h.startWorkbenchSession(options), emulator };
  } catch (error) {
    // The after hook has no emulator to reset when this throws: leave the seeded state for later suites here.
    await emulator.reset().catch(() => undefined);
    throw error;
  }
}

/** For the suite's `after` hook: stops the session (if it started) and gives later suites the seeded emulator. */
export async function stopIsolatedSession(session: WorkbenchSession | undefined, emulator: EmulatorClient | undefined): Promise<void> {
  try {
    await session?.stop();
  } finally {
    await emulator?.reset();
  }
}
