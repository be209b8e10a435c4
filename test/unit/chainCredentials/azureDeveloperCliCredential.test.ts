// AzureDeveloperCliCredential against a stand-in `azd` (test/fixtures/azd) that keeps azd's command line and
// output contract and gets its tokens from the emulator: signed in, signed out, missing, claims challenges,
// unexpected output, hanging; and as the member of DefaultAzureCredential that answers when nothing before it can.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { AzureDeveloperCliCredential, parseAzdToken } from '../../../src/identity/credentials/azureDeveloperCliCredential';
import { DefaultAzureCredential } from '../../../src/identity/credentials/defaultAzureCredential';
import { AbortError, CredentialUnavailableError, InvalidArgumentError } from '../../../src/identity/errors';
import { forgetImdsProbes } from '../../../src/identity/managedIdentity/imds';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_TENANT_ID, SECOND_TENANT_ID } from '../../emulator/defaults';
import { expectError, tokenClaims } from './support/assertions';
import { useSharedEmulator } from './support/emulator';
import { useCleanEnvironment } from './support/environment';
import { refusingUrl } from './support/listeners';
import { processesWith, uniqueSleepSeconds, waitUntilGone } from './support/processes';
import { useStandInTool } from './support/standInTool';

const ARM = 'https://management.azure.com/.default';

interface StandInRun {
  argv: string[];
  cwd: string;
}

describe('identity2: AzureDeveloperCliCredential', function () {
  this.timeout(60_000);
  const emulator = useSharedEmulator();
  useCleanEnvironment();
  const standIn = useStandInTool<StandInRun>('azd', 'AZD_STANDIN_LOG', (dir) => ({
    AZD_CONFIG_DIR: path.join(dir, 'azd-config'),
    AZD_STANDIN_MODE: undefined,
    AZD_STANDIN_SLEEP_SECONDS: undefined,
  }));

  function signIn(): void {
    execFileSync(path.join(standIn.fixtureDir, 'azd'), ['auth', 'login', '--client-id', DEFAULT_CLIENT_ID, '--client-secret', DEFAULT_CLIENT_SECRET, '--tenant-id', DEFAULT_TENANT_ID], {
      env: process.env,
      timeout: 30_000,
      stdio: 'ignore',
    });
  }

  /** The stand-in's runs for `auth token` (the sign-in above is not the credential's). */
  function tokenRuns(): StandInRun[] {
    return standIn.runs().filter((run) => run.argv[1] === 'token');
  }

  it('runs azd auth token for the scope and returns the signed-in identity’s token, then serves it from cache', async () => {
    signIn();
    const credential = new AzureDeveloperCliCredential();
    const token = await credential.getToken(ARM);
    assert.equal(tokenClaims(token.token).appid, DEFAULT_CLIENT_ID);
    assert.equal(tokenClaims(token.token).tid, DEFAULT_TENANT_ID);
    assert.ok(token.expiresOnTimestamp > Date.now() + 50 * 60_000 && token.expiresOnTimestamp <= Date.now() + 3_600_000);
    assert.deepEqual(tokenRuns()[0]?.argv, ['auth', 'token', '--output', 'json', '--no-prompt', '--scope', ARM]);
    assert.notEqual(tokenRuns()[0]?.cwd, process.cwd(), 'azd runs from a safe directory, not the caller’s');
    const again = await credential.getToken([ARM]);
    assert.ok(again.token === token.token, 'the same token (compared as a boolean so a failure prints no token)');
    assert.equal(tokenRuns().length, 1, 'the second call ran no azd');
    assert.equal((await emulator().client.requests({ endpoint: 'token' })).length, 1);
  });

  it('passes the configured tenant as --tenant-id, and a per-request tenant when allowed', async () => {
    signIn();
    const credential = new AzureDeveloperCliCredential({ tenantId: DEFAULT_TENANT_ID, additionallyAllowedTenants: [SECOND_TENANT_ID] });
    await credential.getToken(ARM);
    assert.deepEqual(tokenRuns()[0]?.argv.slice(-2), ['--tenant-id', DEFAULT_TENANT_ID]);
    // The app is registered in Contoso only: the second tenant's refusal comes back as azd's error.
    const error = await expectError(credential.getToken(ARM, { tenantId: SECOND_TENANT_ID }), CredentialUnavailableError);
    assert.deepEqual(tokenRuns()[1]?.argv.slice(-2), ['--tenant-id', SECOND_TENANT_ID]);
    assert.match(error.message, /Azure Developer CLI could not get a token: fetching token: failed to authenticate:[\s\S]*AADSTS700016/);
  });

  it('is unavailable with the reference’s message when nobody is signed in, and asks for no token', async () => {
    const error = await expectError(new AzureDeveloperCliCredential().getToken(ARM), CredentialUnavailableError);
    assert.match(error.message, /^Please run 'azd auth login' from a command prompt to authenticate before using this credential\./);
    assert.equal((await emulator().client.requests({ endpoint: 'token' })).length, 0);
  });

  it('is unavailable when azd is not installed', async () => {
    process.env.PATH = standIn.dir();
    const error = await expectError(new AzureDeveloperCliCredential().getToken(ARM), CredentialUnavailableError);
    assert.match(error.message, /Azure Developer CLI couldn't be found/);
  });

  it('answers an MFA claims challenge from the authority with the azd auth login command to run', async () => {
    signIn();
    await emulator().client.addFault({ endpoint: 'token', action: { type: 'claimsChallenge', claims: '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}' } });
    const error = await expectError(new AzureDeveloperCliCredential().getToken(ARM), CredentialUnavailableError);
    assert.equal(error.message, `This credential doesn't support claims challenges. To authenticate with the required claims, please run the following command: azd auth login --scope ${ARM}`);
  });

  it('hands claims to azd base64-encoded, and a token with them comes back', async () => {
    signIn();
    const claims = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';
    const token = await new AzureDeveloperCliCredential().getToken(ARM, { claims });
    const argv = tokenRuns()[0]?.argv ?? [];
    assert.equal(argv[argv.indexOf('--claims') + 1], Buffer.from(claims).toString('base64'));
    assert.deepEqual(tokenClaims(token.token).acrs, ['c1']);
  });

  it('reports an expired sign-in ("reauthentication required") with the login command', async () => {
    process.env.AZD_STANDIN_MODE = 'reauth';
    const error = await expectError(new AzureDeveloperCliCredential().getToken(ARM), CredentialUnavailableError);
    assert.match(error.message, /please run the following command: azd auth login --scope https:\/\/management\.azure\.com\/\.default$/);
  });

  it('fails clearly on output that holds no token', async () => {
    process.env.AZD_STANDIN_MODE = 'garbage';
    const error = await expectError(new AzureDeveloperCliCredential().getToken(ARM), CredentialUnavailableError);
    assert.match(error.message, /Unexpected output from the Azure Developer CLI: 'Update available/);
  });

  it('stops a hanging azd at processTimeoutInMs and leaves nothing behind', async () => {
    process.env.AZD_STANDIN_MODE = 'hang';
    const seconds = uniqueSleepSeconds();
    process.env.AZD_STANDIN_SLEEP_SECONDS = String(seconds);
    const error = await expectError(new AzureDeveloperCliCredential({ processTimeoutInMs: 700 }).getToken(ARM), CredentialUnavailableError);
    assert.match(error.message, /did not return a token within 700 ms/);
    assert.deepEqual(await waitUntilGone(`sleep ${seconds}`), [], 'the stand-in and its sleeping child are gone');
    assert.deepEqual(processesWith(path.join(standIn.fixtureDir, 'azd')), []);
  });

  it('is cancelled by the abort signal, and the azd it started is stopped', async () => {
    process.env.AZD_STANDIN_MODE = 'hang';
    const seconds = uniqueSleepSeconds();
    process.env.AZD_STANDIN_SLEEP_SECONDS = String(seconds);
    const controller = new AbortController();
    const pending = new AzureDeveloperCliCredential({ processTimeoutInMs: 30_000 }).getToken(ARM, { abortSignal: controller.signal });
    for (let i = 0; i < 100 && tokenRuns().length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    await expectError(pending, AbortError);
    assert.deepEqual(await waitUntilGone(`sleep ${seconds}`), []);
  });

  it('refuses a scope a shell could misread before running anything', async () => {
    await expectError(new AzureDeveloperCliCredential().getToken('https://x/.default; rm -rf /'), InvalidArgumentError);
    assert.equal(tokenRuns().length, 0);
  });

  it('is DefaultAzureCredential’s answer when it is the only developer tool signed in', async () => {
    signIn();
    // No az or pwsh: only the stand-in azd is on PATH.
    process.env.PATH = standIn.fixtureDir;
    const credential = new DefaultAzureCredential({ imdsEndpoint: await refusingUrl() });
    forgetImdsProbes();
    const token = await credential.getToken(ARM);
    assert.equal(tokenClaims(token.token).appid, DEFAULT_CLIENT_ID);
    assert.equal(tokenRuns().length, 1);
    assert.equal(new DefaultAzureCredential({ excludeAzureDeveloperCliCredential: true }).credentials.some((c) => (c as { credentialName?: string }).credentialName === 'AzureDeveloperCliCredential'), false);
  });

  it('parses azd’s JSON and nothing else', () => {
    assert.deepEqual(parseAzdToken('{"token":"t","expiresOn":"2030-01-02T03:04:05Z"}'), { token: 't', expiresOnTimestamp: Date.UTC(2030, 0, 2, 3, 4, 5), tokenType: 'Bearer' });
    assert.throws(() => parseAzdToken('{"token":"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln","expiresOn":"soon"}'), (e: unknown) => e instanceof CredentialUnavailableError && !e.message.includes('eyJ'));
  });
});
