// "az is asked once": the sign-in picker's Azure CLI probe (`az account get-access-token`) and the Azure CLI
// sign-in that follows share one run of the real az, signed in to the emulator; an `az` on PATH in front of it
// counts the runs.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AzureCliCredential } from '../../../src/identity/credentials/azureCliCredential';
import { forgetRememberedUnavailability } from '../../../src/identity/unavailabilityMemory';
import { identityFromToken } from '../../../src/vscode/accounts/tokenClaims';
import { AZURE_CLI_REUSE_MS, Memo, azureCliSignInCredential, readAzureCliAccount, type AzureCliAnswer } from '../../../src/vscode/signIn/probes';
import { DEFAULT_CLIENT_ID, DEFAULT_TENANT_ID } from '../../emulator/defaults';
import { REAL_AZ, useSignedInAzureCli } from '../chainCredentials/support/azureCli';
import { isIsolated, useSharedEmulator } from '../chainCredentials/support/emulator';
import { setEnv, useCleanEnvironment } from '../chainCredentials/support/environment';
import { makeTempDir, removeDir, writeScript } from '../chainCredentials/support/tempDir';

const ARM = 'https://management.azure.com';

describe('the Azure CLI is asked once: the picker probe and the sign-in share its answer', function () {
  this.timeout(120_000);
  useSharedEmulator();
  useCleanEnvironment();
  useSignedInAzureCli(isIsolated, removeDir);
  let dir: string | undefined;
  let log: string;
  let restorePath: (() => void) | undefined;
  const runs = (): string[] => {
    try {
      return readFileSync(log, 'utf8').trim().split('\n').filter(Boolean);
    } catch {
      return [];
    }
  };

  beforeEach(() => {
    forgetRememberedUnavailability();
    dir = makeTempDir('az-once');
    log = path.join(dir, 'az.log');
    writeScript(dir, 'az', `#!/bin/sh\necho "$*" >> ${log}\nexec ${REAL_AZ} "$@"\n`);
    restorePath = setEnv({ PATH: `${dir}:/usr/bin:/bin` });
  });
  afterEach(() => {
    restorePath?.();
    removeDir(dir);
  });

  it('the probe names who az is signed in as, and the sign-in and the first request run no az of their own', async () => {
    let now = Date.now();
    const memo = new Memo<AzureCliAnswer>(() => readAzureCliAccount(60_000, process.env, ARM), 5 * 60_000, () => now);
    const probed = await memo.get({ fresh: true });
    assert.equal(probed.result.state, 'available', probed.result.detail);
    assert.equal(probed.result.detail, `signed in as ${DEFAULT_CLIENT_ID}`);
    assert.equal(probed.account?.tenantId, DEFAULT_TENANT_ID);
    assert.equal(probed.account?.userType, 'servicePrincipal');
    assert.deepEqual(runs().map((r) => r.split(' ').slice(0, 2).join(' ')), ['account get-access-token']);

    // The person picks "Use the Azure CLI account" a moment later: the sign-in's token, then the tree's first
    // Resource Manager request of the new account.
    const credential = azureCliSignInCredential(new AzureCliCredential(), memo.peek(AZURE_CLI_REUSE_MS), () => now);
    const signIn = await credential.getToken([`${ARM}/.default`]);
    assert.equal(identityFromToken(signIn?.token ?? '').appId, DEFAULT_CLIENT_ID);
    await credential.getToken(`${ARM}/.default`);
    assert.equal(runs().length, 1, `az ran again:\n${runs().join('\n')}`);

    // Another resource, or another tenant, is az's to answer.
    await credential.getToken('https://vault.azure.net/.default');
    assert.equal(runs().length, 2);

    // Picked after the reuse window: az is asked again, as it must be (it may have signed in someone else).
    now += AZURE_CLI_REUSE_MS + 1;
    assert.equal(memo.peek(AZURE_CLI_REUSE_MS), undefined);
    const later = azureCliSignInCredential(new AzureCliCredential(), memo.peek(AZURE_CLI_REUSE_MS), () => now);
    await later.getToken(`${ARM}/.default`);
    assert.equal(runs().length, 3);
  });

  it('signed out, the probe says to run az login and keeps no token', async () => {
    const restore = setEnv({ AZURE_CONFIG_DIR: makeTempDir('azconfig-empty') });
    try {
      const answer = await readAzureCliAccount(60_000, process.env, ARM);
      assert.deepEqual(answer.result, { state: 'unavailable', detail: 'not signed in: run az login' });
      assert.equal(answer.token, undefined);
    } finally {
      restore();
    }
  });
});
