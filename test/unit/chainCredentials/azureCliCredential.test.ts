// AzureCliCredential against the real Azure CLI signed in to the emulator, and against stand-in `az`
// scripts for what the real one cannot be made to do on demand (hang, print nonsense, an older/newer shape).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AzureCliCredential, parseCliToken } from '../../../src/identity/credentials/azureCliCredential';
import { ClientAuthenticationError, CredentialUnavailableError, InvalidArgumentError } from '../../../src/identity/errors';
import { forgetRememberedUnavailability } from '../../../src/identity/unavailabilityMemory';
import { DEFAULT_CLIENT_ID, DEFAULT_TENANT_ID } from '../../emulator/defaults';
import { newAzureConfigDir, REAL_AZ, useSignedInAzureCli } from './support/azureCli';
import { isIsolated, useSharedEmulator } from './support/emulator';
import { setEnv, useCleanEnvironment } from './support/environment';
import { uniqueSleepSeconds, waitUntilGone } from './support/processes';
import { makeTempDir, removeDir, writeScript } from './support/tempDir';
import { expectError } from './support/assertions';

const SCOPE = 'https://management.azure.com/.default';

function jwtExpiry(token: string): number {
  return (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { exp: number }).exp * 1000;
}

/** A directory holding an `az` that logs each run's arguments, then runs `body` (default: the real CLI). */
function azWrapper(dir: string, body = `exec ${REAL_AZ} "$@"`): { log: string } {
  const log = path.join(dir, 'az.log');
  writeScript(dir, 'az', `#!/bin/sh\necho "$*" >> ${log}\n${body}\n`);
  return { log };
}

function runs(log: string): string[] {
  try {
    return readFileSync(log, 'utf8').trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

describe('identity2: AzureCliCredential', function () {
  this.timeout(60_000);
  useSharedEmulator();
  useCleanEnvironment();
  let dir: string | undefined;
  let restorePath: (() => void) | undefined;
  beforeEach(() => {
    forgetRememberedUnavailability();
    dir = makeTempDir('az');
    restorePath = setEnv({ PATH: `${dir}:/usr/bin:/bin` });
  });
  afterEach(() => {
    restorePath?.();
    removeDir(dir);
  });

  describe('with the real Azure CLI signed in to the emulator', () => {
    useSignedInAzureCli(isIsolated, removeDir);

    it('returns the CLI’s token with its expiry read as local time, then serves it from cache', async () => {
      const { log } = azWrapper(dir as string);
      // A zone far from UTC: a wrong reading of the CLI's local "expiresOn" would be off by hours.
      const restoreTz = setEnv({ TZ: 'Asia/Kolkata' });
      try {
        const credential = new AzureCliCredential();
        const token = await credential.getToken(SCOPE);
        assert.equal(JSON.parse(Buffer.from(token.token.split('.')[1], 'base64url').toString('utf8')).appid, DEFAULT_CLIENT_ID);
        assert.ok(Math.abs(token.expiresOnTimestamp - jwtExpiry(token.token)) <= 2_000, 'expiry matches the token’s exp');
        assert.deepEqual(runs(log), ['account get-access-token --output json --resource https://management.azure.com']);

        const again = await credential.getToken(SCOPE);
        assert.equal(again.token, token.token);
        assert.equal(runs(log).length, 1, 'the second call ran no az');
      } finally {
        restoreTz();
      }
    });

    it('runs az once for many concurrent callers', async () => {
      const { log } = azWrapper(dir as string);
      const credential = new AzureCliCredential();
      const tokens = await Promise.all(Array.from({ length: 10 }, () => credential.getToken(SCOPE)));
      assert.equal(new Set(tokens.map((t) => t.token)).size, 1);
      assert.equal(runs(log).length, 1);
    });

    it('passes the subscription, or the tenant when one is set (the CLI refuses both)', async () => {
      const { log } = azWrapper(dir as string);
      await new AzureCliCredential({ subscription: 'Contoso Emulator Subscription' }).getToken(SCOPE);
      const withTenant = new AzureCliCredential({ subscription: 'Contoso Emulator Subscription', additionallyAllowedTenants: ['*'] });
      await withTenant.getToken(SCOPE, { tenantId: DEFAULT_TENANT_ID });
      assert.deepEqual(runs(log), [
        'account get-access-token --output json --resource https://management.azure.com --subscription Contoso Emulator Subscription',
        `account get-access-token --output json --resource https://management.azure.com --tenant ${DEFAULT_TENANT_ID}`,
      ]);
    });

    it('is unavailable with "Please run \'az login\'" when the CLI has no account', async () => {
      const empty = newAzureConfigDir();
      process.env.AZURE_CONFIG_DIR = empty;
      try {
        const error = await expectError(new AzureCliCredential().getToken(SCOPE), CredentialUnavailableError);
        assert.match(error.message, /Please run 'az login'/);
      } finally {
        removeDir(empty);
      }
    });
  });

  it('is unavailable with "Azure CLI not found on path" when az is not installed', async () => {
    process.env.PATH = dir as string;
    const error = await expectError(new AzureCliCredential().getToken(SCOPE), CredentialUnavailableError);
    assert.match(error.message, /Azure CLI not found on path/);
  });

  it('remembers for a while that az is signed out, so a second credential does not run it again', async () => {
    const { log } = azWrapper(dir as string, `echo "ERROR: Please run 'az login' to setup account." >&2; exit 1`);
    const first = await expectError(new AzureCliCredential().getToken(SCOPE), CredentialUnavailableError);
    const second = await expectError(new AzureCliCredential().getToken(SCOPE), CredentialUnavailableError);
    assert.equal(second.message, first.message);
    assert.equal(runs(log).length, 1);
    forgetRememberedUnavailability();
    await expectError(new AzureCliCredential().getToken(SCOPE), CredentialUnavailableError);
    assert.equal(runs(log).length, 2, 'forgotten, it runs az again');
  });

  it('answers a claims challenge with the az login --claims-challenge command to run, without running az', async () => {
    const { log } = azWrapper(dir as string, 'exit 1');
    const claims = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';
    const error = await expectError(new AzureCliCredential().getToken(SCOPE, { claims, tenantId: DEFAULT_TENANT_ID }), CredentialUnavailableError);
    assert.ok(
      error.message.includes(`az login --claims-challenge ${Buffer.from(claims).toString('base64')} --scope ${SCOPE} --tenant ${DEFAULT_TENANT_ID}`),
      error.message,
    );
    assert.equal(runs(log).length, 0);
  });

  it('stops a hanging az at processTimeoutInMs and leaves no process behind', async () => {
    const seconds = uniqueSleepSeconds();
    azWrapper(dir as string, `sleep ${seconds} & sleep ${seconds}`);
    const started = Date.now();
    const error = await expectError(new AzureCliCredential({ processTimeoutInMs: 500 }).getToken(SCOPE), CredentialUnavailableError);
    assert.match(error.message, /within 500 ms/);
    assert.ok(Date.now() - started < 5_000);
    assert.deepEqual(await waitUntilGone(`sleep ${seconds}`), []);
  });

  it('never shows a token when the output cannot be used', async () => {
    azWrapper(dir as string, `echo '{"accessToken": "eyJhbGciOiJub25lIn0.eyJzZWNyZXQiOjF9.c2lnbmF0dXJlc2VjcmV0", "expiresOn": "not a date"}'`);
    const error = await expectError(new AzureCliCredential().getToken(SCOPE), ClientAuthenticationError);
    assert.match(error.message, /Unexpected output from Azure CLI/);
    assert.doesNotMatch(error.message, /eyJzZWNyZXQiOjF9|c2lnbmF0dXJlc2VjcmV0/);
  });

  it('reports a CLI error without echoing secrets in it', async () => {
    azWrapper(dir as string, `echo "ERROR: AADSTS7000215: Invalid client secret provided. Bearer abcdefghijklmnop" >&2; exit 1`);
    const error = await expectError(new AzureCliCredential().getToken(SCOPE), ClientAuthenticationError);
    assert.match(error.message, /AADSTS7000215/);
    assert.doesNotMatch(error.message, /abcdefghijklmnop/);
  });

  it('prefers expires_on (Azure CLI 2.54+) over expiresOn', async () => {
    const expiresOn = Math.floor(Date.now() / 1000) + 1800;
    azWrapper(dir as string, `echo '{"accessToken": "t", "expiresOn": "2000-01-01 00:00:00.000000", "expires_on": ${expiresOn}, "tokenType": "Bearer"}'`);
    const token = await new AzureCliCredential().getToken(SCOPE);
    assert.equal(token.expiresOnTimestamp, expiresOn * 1000);
  });

  it('accepts one scope only, and only safe characters', async () => {
    await expectError(new AzureCliCredential().getToken([SCOPE, 'https://vault.azure.net/.default']), InvalidArgumentError);
    await expectError(new AzureCliCredential().getToken('https://management.azure.com/.default"; rm -rf /'), InvalidArgumentError);
  });

  it('rejects a malformed tenant or subscription when constructed', () => {
    assert.throws(() => new AzureCliCredential({ tenantId: 'bad tenant!' }), InvalidArgumentError);
    assert.throws(() => new AzureCliCredential({ subscription: 'sub"; echo' }), InvalidArgumentError);
  });

  it('parses expiresOn as the local time the CLI wrote', () => {
    const token = parseCliToken('{"accessToken":"t","expiresOn":"2030-05-06 07:08:09.500000"}');
    assert.equal(token.expiresOnTimestamp, new Date(2030, 4, 6, 7, 8, 9, 500).getTime());
  });
});
