// AzurePowerShellCredential against a stand-in `pwsh` (test/fixtures/pwsh) that answers like PowerShell 7
// with Az.Accounts in each situation: signed in, signed out, module missing, execution policy, hanging.
import * as assert from 'node:assert/strict';
import path from 'node:path';
import { AzurePowerShellCredential, parsePowerShellToken } from '../../../src/identity/credentials/azurePowerShellCredential';
import { ClientAuthenticationError, CredentialUnavailableError } from '../../../src/identity/errors';
import { useCleanEnvironment } from './support/environment';
import { processesWith, uniqueSleepSeconds, waitUntilGone } from './support/processes';
import { useStandInTool } from './support/standInTool';
import { writeScript } from './support/tempDir';
import { expectError } from './support/assertions';

const SCOPE = 'https://vault.azure.net/.default';
const TENANT = 'e1a70000-0000-4000-8000-000000000001';

interface StandInRun {
  argv: string[];
  script: string;
}

describe('identity2: AzurePowerShellCredential', function () {
  this.timeout(30_000);
  useCleanEnvironment();
  const standIn = useStandInTool<StandInRun>('pwsh', 'PWSH_STANDIN_LOG', () => ({
    PWSH_STANDIN_MODE: undefined,
    PWSH_STANDIN_TOKEN: 'pwsh-token-value',
    PWSH_STANDIN_AZ_ACCOUNTS_VERSION: undefined,
    PWSH_STANDIN_SLEEP_SECONDS: undefined,
  }));
  const runs = () => standIn.runs();

  it('runs Get-AzAccessToken non-interactively for the resource and returns the token, then caches it', async () => {
    const credential = new AzurePowerShellCredential();
    const before = Date.now();
    const token = await credential.getToken(SCOPE);
    assert.equal(token.token, 'pwsh-token-value');
    assert.ok(token.expiresOnTimestamp >= before + 3_590_000 && token.expiresOnTimestamp <= Date.now() + 3_600_000);
    const [run] = runs();
    assert.deepEqual(run.argv.slice(0, 3), ['-NoProfile', '-NonInteractive', '-EncodedCommand']);
    assert.match(run.script, /ResourceUrl = 'https:\/\/vault\.azure\.net'/);
    assert.match(run.script, /\$tenant = ''/, 'no tenant unless one is configured');

    await credential.getToken(SCOPE);
    assert.equal(runs().length, 1, 'the second call ran no PowerShell');
  });

  it('passes the tenant', async () => {
    await new AzurePowerShellCredential({ tenantId: TENANT }).getToken(SCOPE);
    assert.match(runs()[0].script, new RegExp(`\\$tenant = '${TENANT}'`));
  });

  it('converts the SecureString token of Az.Accounts 2.17–4.x', async () => {
    process.env.PWSH_STANDIN_AZ_ACCOUNTS_VERSION = '3.0.0';
    const token = await new AzurePowerShellCredential().getToken(SCOPE);
    assert.equal(token.token, 'pwsh-token-value');
    assert.match(runs()[0].script, /AsSecureString/);
  });

  for (const [mode, pattern] of [
    ['not-logged-in', /Please run "Connect-AzAccount" to set up account/],
    ['no-module', /Az\.Account module >= 2\.2\.0 is not installed/],
    ['execution-policy', /Execution policy prevented invoking Azure PowerShell/],
  ] as const) {
    it(`is unavailable with the reference's message when ${mode}`, async () => {
      process.env.PWSH_STANDIN_MODE = mode;
      const error = await expectError(new AzurePowerShellCredential().getToken(SCOPE), CredentialUnavailableError);
      assert.match(error.message, pattern);
    });
  }

  it('is unavailable with "PowerShell is not installed" when neither pwsh nor powershell is on PATH', async () => {
    process.env.PATH = standIn.dir();
    const error = await expectError(new AzurePowerShellCredential().getToken(SCOPE), CredentialUnavailableError);
    assert.match(error.message, /PowerShell is not installed/);
  });

  it('falls back to `powershell` when there is no `pwsh`', async () => {
    writeScript(standIn.dir(), 'powershell', `#!/bin/sh\nexec ${path.join(standIn.fixtureDir, 'pwsh')} "$@"\n`);
    process.env.PATH = `${standIn.dir()}:/usr/bin:/bin`;
    assert.equal((await new AzurePowerShellCredential().getToken(SCOPE)).token, 'pwsh-token-value');
  });

  it('stops a hanging PowerShell at processTimeoutInMs and leaves nothing behind', async () => {
    process.env.PWSH_STANDIN_MODE = 'hang';
    const seconds = uniqueSleepSeconds();
    process.env.PWSH_STANDIN_SLEEP_SECONDS = String(seconds);
    const started = Date.now();
    const error = await expectError(new AzurePowerShellCredential({ processTimeoutInMs: 700 }).getToken(SCOPE), CredentialUnavailableError);
    assert.match(error.message, /within 700 ms/);
    assert.ok(Date.now() - started < 5_000);
    assert.deepEqual(await waitUntilGone(`sleep ${seconds}`), [], 'the stand-in and its sleeping child are gone');
    assert.deepEqual(processesWith(path.join(standIn.fixtureDir, 'pwsh')), []);
  });

  it('fails without echoing output when no token comes back', async () => {
    process.env.PWSH_STANDIN_MODE = 'garbage';
    const error = await expectError(new AzurePowerShellCredential().getToken(SCOPE), ClientAuthenticationError);
    assert.match(error.message, /Unexpected output from Get-AzAccessToken/);
  });

  it('answers a claims challenge with the Connect-AzAccount command to run', async () => {
    const claims = '{"access_token":{"nbf":{"essential":true,"value":"1"}}}';
    const error = await expectError(new AzurePowerShellCredential().getToken(SCOPE, { claims }), CredentialUnavailableError);
    assert.ok(error.message.includes(`Connect-AzAccount -ClaimsChallenge ${Buffer.from(claims).toString('base64')}`));
    assert.equal(runs().length, 0);
  });

  it('ignores an unconverted SecureString and warning lines when reading the output', () => {
    assert.equal(parsePowerShellToken('{"Token":"System.Security.SecureString","ExpiresOn":1}\n'), undefined);
    assert.equal(parsePowerShellToken('WARNING: x\n{"Token":"abc","ExpiresOn":1900000000}\n')?.token, 'abc');
  });
});
