// The real Azure CLI (Debian's azure-cli), signed in to the emulator with a service principal in a
// throwaway AZURE_CONFIG_DIR. Only inside the namespace, where login.microsoftonline.com is the emulator
// and REQUESTS_CA_BUNDLE trusts its CA.
import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_TENANT_ID } from '../../../emulator/defaults';
import { makeTempDir } from './tempDir';

const run = promisify(execFile);

export const REAL_AZ = '/usr/bin/az';

export function realAzureCliInstalled(): boolean {
  return existsSync(REAL_AZ);
}

/** A fresh CLI configuration directory with telemetry off (so az starts no uploader process). */
export function newAzureConfigDir(): string {
  const dir = makeTempDir('azconfig');
  writeFileSync(path.join(dir, 'config'), '[core]\ncollect_telemetry = no\nno_color = true\n');
  return dir;
}

/** `az login --service-principal` as the emulator's default app; returns the config directory. */
export async function signInAzureCli(): Promise<string> {
  const dir = newAzureConfigDir();
  await run(
    REAL_AZ,
    ['login', '--service-principal', '-u', DEFAULT_CLIENT_ID, '-p', DEFAULT_CLIENT_SECRET, '--tenant', DEFAULT_TENANT_ID, '--output', 'none'],
    { env: { ...process.env, AZURE_CONFIG_DIR: dir }, timeout: 60_000 },
  );
  return dir;
}

/**
 * Mocha hooks for a suite that needs the real CLI signed in: skipped outside the namespace or without az,
 * signed in once, and AZURE_CONFIG_DIR pointed at that sign-in before each test.
 */
export function useSignedInAzureCli(isIsolated: () => boolean, removeDir: (dir: string | undefined) => void): () => string | undefined {
  let configDir: string | undefined;
  before(async function () {
    if (!isIsolated() || !realAzureCliInstalled()) this.skip();
    this.timeout(120_000);
    configDir = await signInAzureCli();
  });
  after(() => removeDir(configDir));
  beforeEach(() => {
    process.env.AZURE_CONFIG_DIR = configDir;
  });
  return () => configDir;
}
