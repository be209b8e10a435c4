// DefaultAzureCredential against the emulator and real tools: its order, options and AZURE_TOKEN_CREDENTIALS,
// the credential it remembers, the aggregated error, and the bounded cases — IMDS refusing or silent, az
// hanging — with nothing left running afterwards.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { credentialNameOf } from '../../../src/identity/credentials/chainedTokenCredential';
import { DefaultAzureCredential } from '../../../src/identity/credentials/defaultAzureCredential';
import { AggregateAuthenticationError, ClientAuthenticationError, InvalidArgumentError } from '../../../src/identity/errors';
import { addCredentialEventListener, type CredentialEvent } from '../../../src/identity/events';
import { forgetImdsProbes } from '../../../src/identity/managedIdentity/imds';
import { forgetRememberedUnavailability } from '../../../src/identity/unavailabilityMemory';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_SYSTEM_ASSIGNED_IDENTITY, DEFAULT_TENANT_ID } from '../../emulator/defaults';
import { REAL_AZ, useSignedInAzureCli } from './support/azureCli';
import { isIsolated, useSharedEmulator } from './support/emulator';
import { setEnv, useCleanEnvironment } from './support/environment';
import { refusingUrl, startSilentListener, type SilentListener } from './support/listeners';
import { uniqueSleepSeconds, waitUntilGone } from './support/processes';
import { makeTempDir, removeDir, writeScript } from './support/tempDir';
import { tokenClaims as payload } from './support/assertions';

const SCOPE = 'https://management.azure.com/.default';
const FIXTURE_PWSH_DIR = path.resolve(__dirname, '../../../../test/fixtures/pwsh');

function names(credential: DefaultAzureCredential): string[] {
  return credential.credentials.map(credentialNameOf);
}

describe('identity2: DefaultAzureCredential', function () {
  this.timeout(60_000);
  const emulator = useSharedEmulator();
  useCleanEnvironment();
  let dir: string;
  let restorePath: () => void;
  beforeEach(() => {
    forgetRememberedUnavailability();
    forgetImdsProbes();
    dir = makeTempDir('dac');
    // Only this directory: no real az and no pwsh unless a test puts one there.
    restorePath = setEnv({ PATH: dir });
  });
  afterEach(() => {
    restorePath();
    removeDir(dir);
  });

  /** An `az` in the test's PATH that logs "<ms since epoch> <args>" and runs `body`. */
  function az(body: string): string {
    const log = path.join(dir, 'az.log');
    writeScript(dir, 'az', `#!/bin/sh\necho "$(/bin/date +%s%3N) $*" >> ${log}\n${body}\n`);
    return log;
  }

  function azRuns(log: string): { at: number; args: string }[] {
    try {
      return readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => ({ at: Number(line.slice(0, line.indexOf(' '))), args: line.slice(line.indexOf(' ') + 1) }));
    } catch {
      return [];
    }
  }

  describe('composition', () => {
    it('has the reference’s order by default (no shared cache off Windows, no browser)', () => {
      const expected = ['EnvironmentCredential', 'ManagedIdentityCredential', 'VisualStudioCodeCredential', 'AzureCliCredential', 'AzurePowerShellCredential', 'AzureDeveloperCliCredential'];
      if (process.platform === 'win32') expected.splice(2, 0, 'SharedTokenCacheCredential');
      assert.deepEqual(names(new DefaultAzureCredential()), expected);
    });

    it('honours each exclude option and adds the browser only when asked', () => {
      const credential = new DefaultAzureCredential({
        excludeEnvironmentCredential: true,
        excludeManagedIdentityCredential: true,
        excludeVisualStudioCodeCredential: true,
        excludeAzurePowerShellCredential: true,
        excludeAzureDeveloperCliCredential: true,
        excludeInteractiveBrowserCredential: false,
      });
      // Workload identity is managed identity's federated-token source; excluding managed identity keeps it
      // (as in @azure/identity, where it is a credential of its own) until excludeWorkloadIdentityCredential.
      assert.deepEqual(names(credential), ['WorkloadIdentityCredential', 'AzureCliCredential', 'InteractiveBrowserCredential']);
      assert.deepEqual(names(new DefaultAzureCredential({ excludeManagedIdentityCredential: true, excludeWorkloadIdentityCredential: true, excludeEnvironmentCredential: true })), [
        'VisualStudioCodeCredential',
        'AzureCliCredential',
        'AzurePowerShellCredential',
        'AzureDeveloperCliCredential',
      ]);
      assert.deepEqual(names(new DefaultAzureCredential({ excludeAzureCliCredential: true, excludeSharedTokenCacheCredential: false })), [
        'EnvironmentCredential',
        'ManagedIdentityCredential',
        'SharedTokenCacheCredential',
        'VisualStudioCodeCredential',
        'AzurePowerShellCredential',
        'AzureDeveloperCliCredential',
      ]);
    });

    for (const [value, expected] of [
      ['dev', ['VisualStudioCodeCredential', 'AzureCliCredential', 'AzurePowerShellCredential', 'AzureDeveloperCliCredential']],
      ['azuredeveloperclicredential', ['AzureDeveloperCliCredential']],
      ['prod', ['EnvironmentCredential', 'ManagedIdentityCredential']],
      ['  AzureCliCredential ', ['AzureCliCredential']],
      ['managedidentitycredential', ['ManagedIdentityCredential']],
      ['SharedTokenCacheCredential', ['SharedTokenCacheCredential']],
    ] as const) {
      it(`AZURE_TOKEN_CREDENTIALS=${JSON.stringify(value)} selects ${expected.join(', ')}`, () => {
        process.env.AZURE_TOKEN_CREDENTIALS = value;
        assert.deepEqual(names(new DefaultAzureCredential()), expected);
      });
    }

    it('refuses a wrong AZURE_TOKEN_CREDENTIALS value with a clear error', () => {
      process.env.AZURE_TOKEN_CREDENTIALS = 'AzureCLI';
      assert.throws(
        () => new DefaultAzureCredential(),
        (error: unknown) =>
          error instanceof InvalidArgumentError &&
          /Invalid value for AZURE_TOKEN_CREDENTIALS = AzureCLI\. Valid values are 'prod' or 'dev' or any of these credentials - EnvironmentCredential, /.test(error.message),
      );
    });

    it('requires the variables named by requiredEnvVars', () => {
      assert.throws(() => new DefaultAzureCredential({ requiredEnvVars: ['AZURE_CLIENT_ID', 'AZURE_TENANT_ID'] }), /Required environment variables 'AZURE_CLIENT_ID, AZURE_TENANT_ID' for DefaultAzureCredential are not set or empty\./);
    });

    it('turns a member that cannot be built into an unavailable attempt that says why', async () => {
      process.env.AZURE_TENANT_ID = 'not a tenant!';
      process.env.AZURE_CLIENT_ID = DEFAULT_CLIENT_ID;
      process.env.AZURE_CLIENT_SECRET = DEFAULT_CLIENT_SECRET;
      const credential = new DefaultAzureCredential({ imdsEndpoint: await refusingUrl(), excludeAzurePowerShellCredential: true });
      await assert.rejects(credential.getToken(SCOPE), (error: unknown) => {
        assert.ok(error instanceof AggregateAuthenticationError);
        assert.match(error.message, /\tEnvironmentCredential: EnvironmentCredential could not be created: Invalid tenant id/);
        return true;
      });
    });
  });

  describe('getting tokens', () => {
    it('uses the environment’s service principal first, then serves later calls from the remembered credential', async () => {
      Object.assign(process.env, { AZURE_TENANT_ID: DEFAULT_TENANT_ID, AZURE_CLIENT_ID: DEFAULT_CLIENT_ID, AZURE_CLIENT_SECRET: DEFAULT_CLIENT_SECRET });
      const log = az('exit 1');
      const events: CredentialEvent[] = [];
      const subscription = addCredentialEventListener((e) => events.push(e));
      try {
        const credential = new DefaultAzureCredential();
        const token = await credential.getToken(SCOPE);
        assert.equal(payload(token.token).appid, DEFAULT_CLIENT_ID);
        const again = await credential.getToken(SCOPE);
        assert.equal(again.token, token.token);
      } finally {
        subscription.dispose();
      }
      assert.equal((await emulator().client.requests({ endpoint: 'token' })).length, 1);
      assert.deepEqual(azRuns(log), [], 'a configured environment credential decides: az was not started');
      assert.deepEqual(events.map((e) => [e.credential, e.outcome, e.cached]), [
        ['ClientSecretCredential', 'success', false],
        ['ClientSecretCredential', 'success', true],
      ]);
    });

    it('stops at the environment credential’s error instead of trying the tools', async () => {
      Object.assign(process.env, { AZURE_TENANT_ID: DEFAULT_TENANT_ID, AZURE_CLIENT_ID: DEFAULT_CLIENT_ID, AZURE_CLIENT_SECRET: 'not-the-secret' });
      const log = az('exit 1');
      await assert.rejects(new DefaultAzureCredential().getToken(SCOPE), ClientAuthenticationError);
      assert.deepEqual(azRuns(log), []);
    });

    it('gets the managed identity’s token from IMDS, cancelling the az it started early', async function () {
      if (!isIsolated()) this.skip();
      const seconds = uniqueSleepSeconds();
      az(`/bin/sleep ${seconds}`);
      const token = await new DefaultAzureCredential().getToken(SCOPE);
      assert.equal(payload(token.token).oid, DEFAULT_SYSTEM_ASSIGNED_IDENTITY.objectId);
      assert.deepEqual(await waitUntilGone(`sleep ${seconds}`), [], 'the early az was stopped');
    });

    it('lists every attempt in order when nothing is available', async () => {
      const credential = new DefaultAzureCredential({ imdsEndpoint: await refusingUrl() });
      try {
        await credential.getToken(SCOPE);
        assert.fail('expected the chain to fail');
      } catch (error) {
        assert.ok(error instanceof AggregateAuthenticationError, String(error));
        const lines = error.message.split('\n');
        assert.equal(lines[0], 'DefaultAzureCredential failed to retrieve a token from the included credentials.');
        assert.equal(lines[1], 'Attempted credentials:');
        assert.deepEqual(
          lines.slice(2, 8).map((l) => l.slice(1, l.indexOf(':'))),
          ['EnvironmentCredential', 'ManagedIdentityCredential', 'VisualStudioCodeCredential', 'AzureCliCredential', 'AzurePowerShellCredential', 'AzureDeveloperCliCredential'],
        );
        assert.match(lines[2], /Environment variables are not fully configured/);
        assert.match(lines[3], /no response from the IMDS endpoint/);
        assert.match(lines[4], /Accounts menu/);
        assert.match(lines[5], /Azure CLI not found on path/);
        assert.match(lines[6], /PowerShell is not installed/);
        assert.match(lines[7], /Azure Developer CLI couldn't be found/);
        assert.match(lines[8], /troubleshooting guidelines/);
      }
    });

    it('bounds a hanging az by processTimeoutInMs and leaves no process behind', async () => {
      const seconds = uniqueSleepSeconds();
      az(`/bin/sleep ${seconds} & /bin/sleep ${seconds}`);
      const started = Date.now();
      const credential = new DefaultAzureCredential({ imdsEndpoint: await refusingUrl(), processTimeoutInMs: 500 });
      await assert.rejects(credential.getToken(SCOPE), (error: unknown) => error instanceof AggregateAuthenticationError && /AzureCliCredential: Azure CLI did not return a token within 500 ms/.test(error.message));
      assert.ok(Date.now() - started < 10_000);
      assert.deepEqual(await waitUntilGone(`sleep ${seconds}`), []);
    });

    it('asks the whole chain again when the remembered credential stops being available', async () => {
      const now = Math.floor(Date.now() / 1000);
      const log = az(`case "$*" in *vault*) echo "ERROR: Please run 'az login' to setup account." >&2; exit 1;; esac
echo '{"accessToken": "az-token", "expires_on": ${now + 3600}, "tokenType": "Bearer"}'`);
      process.env.PATH = `${dir}:${FIXTURE_PWSH_DIR}:/usr/bin:/bin`;
      const restore = setEnv({ PWSH_STANDIN_TOKEN: 'pwsh-token', PWSH_STANDIN_MODE: undefined, PWSH_STANDIN_LOG: undefined });
      try {
        const credential = new DefaultAzureCredential({ imdsEndpoint: await refusingUrl() });
        assert.equal((await credential.getToken(SCOPE)).token, 'az-token');
        assert.equal((await credential.getToken('https://vault.azure.net/.default')).token, 'pwsh-token');
        assert.equal(azRuns(log).length, 2);
      } finally {
        restore();
      }
    });

    describe('with the real Azure CLI signed in and IMDS absent', () => {
      useSignedInAzureCli(isIsolated, removeDir);
      let silent: SilentListener | undefined;
      afterEach(async () => {
        await silent?.close();
        silent = undefined;
      });

      for (const imds of ['refusing', 'silent'] as const) {
        it(`IMDS ${imds}: the az token comes back, az was started while IMDS was probed, and the second call runs nothing`, async () => {
          const log = az(`exec ${REAL_AZ} "$@"`);
          let imdsEndpoint: string;
          if (imds === 'silent') {
            silent = await startSilentListener();
            imdsEndpoint = silent.url;
          } else {
            imdsEndpoint = await refusingUrl();
          }
          const events: CredentialEvent[] = [];
          const subscription = addCredentialEventListener((e) => events.push(e));
          const credential = new DefaultAzureCredential({ imdsEndpoint });
          let token;
          try {
            token = await credential.getToken(SCOPE);
          } finally {
            subscription.dispose();
          }
          assert.equal(payload(token.token).appid, DEFAULT_CLIENT_ID);
          assert.equal(azRuns(log).length, 1);
          const imdsEvent = events.find((e) => e.credential === 'ManagedIdentityCredential');
          const azEvent = events.find((e) => e.credential === 'AzureCliCredential');
          assert.equal(imdsEvent?.outcome, 'unavailable');
          assert.equal(azEvent?.outcome, 'success');
          // az was asked before managed identity had given up: the two waits overlapped instead of adding up.
          assert.ok((azEvent?.timestamp ?? Infinity) <= (imdsEvent?.timestamp ?? 0) + (imdsEvent?.durationMs ?? 0));
          if (imds === 'silent') assert.equal(silent?.connections, 1);
          const again = await credential.getToken(SCOPE);
          assert.equal(again.token, token.token);
          assert.equal(azRuns(log).length, 1, 'the second call was served from cache');
        });
      }
    });
  });
});
