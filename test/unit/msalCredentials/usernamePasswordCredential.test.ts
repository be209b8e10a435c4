// UsernamePasswordCredential against the emulator: the password grant, the cache, authenticate(), errors.
import * as assert from 'node:assert/strict';
import { UsernamePasswordCredential } from '../../../src/identity/credentials/usernamePasswordCredential';
import { AuthenticationRequiredError, ClientAuthenticationError } from '../../../src/identity/errors';
import { AZURE_CLI_CLIENT_ID, DEFAULT_PASSWORD, DEFAULT_TENANT_ID, DEFAULT_USERNAME } from '../../emulator/defaults';
import { useFreshEmulator } from './support/emulator';

const ARM = 'https://management.azure.com/.default';
const VAULT = 'https://vault.azure.net/.default';

describe('UsernamePasswordCredential (emulator)', function () {
  const emulator = useFreshEmulator();
  const credential = (password = DEFAULT_PASSWORD) =>
    new UsernamePasswordCredential(DEFAULT_TENANT_ID, AZURE_CLI_CLIENT_ID, DEFAULT_USERNAME, password, emulator().authorityOptions);

  it('signs in with the password grant, then serves the cache and uses the refresh token for other scopes', async () => {
    const cred = credential();
    const first = await cred.getToken(ARM);
    const again = await cred.getToken(ARM);
    assert.ok(first.token === again.token, 'the second call came from the cache');
    await cred.getToken(VAULT);
    const requests = await emulator().tokenRequests();
    assert.deepEqual(requests.map((r) => r.form?.grant_type), ['password', 'refresh_token'], 'the password was sent once');
    assert.equal(requests[0]?.form?.username, DEFAULT_USERNAME);
  });

  it('authenticate() returns the signed-in account\'s record', async () => {
    const record = await credential().authenticate(ARM);
    assert.equal(record.username, DEFAULT_USERNAME);
    assert.equal(record.clientId, AZURE_CLI_CLIENT_ID);
    assert.equal(record.tenantId, DEFAULT_TENANT_ID);
    assert.match(record.homeAccountId, new RegExp(`\\.${DEFAULT_TENANT_ID}$`));
  });

  it('answers a claims challenge on refresh by signing in again with the claims', async () => {
    const cred = credential();
    await cred.getToken(ARM);
    const claims = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';
    await emulator().client.addFault({ endpoint: 'token', times: 1, action: { type: 'claimsChallenge', claims } });
    assert.ok((await cred.getToken(VAULT)).token);
    const requests = await emulator().tokenRequests();
    assert.deepEqual(requests.map((r) => r.form?.grant_type), ['password', 'refresh_token', 'password']);
    assert.equal(requests[1]?.status, 400, 'the refresh met the challenge');
    assert.equal(requests[2]?.form?.claims?.includes('"acrs"'), true, 'the new sign-in carried the challenge\'s claims');
  });

  it('fails with AADSTS50126 for a wrong password, without echoing it', async () => {
    const error = await credential('not-the-password').getToken(ARM).catch((e: unknown) => e);
    assert.ok(error instanceof ClientAuthenticationError);
    assert.equal(error.errorResponse.error, 'invalid_grant');
    assert.match(error.message, /AADSTS50126.*username or password is wrong/);
    assert.ok(!error.message.includes('not-the-password'));
  });

  it('names the AADSTS code of a multi-factor challenge to the password grant and points to an interactive credential', async () => {
    const claims = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';
    await emulator().client.addFault({ endpoint: 'token', times: 1, action: { type: 'claimsChallenge', claims } });
    const error = await credential().getToken(ARM).catch((e: unknown) => e);
    assert.ok(error instanceof AuthenticationRequiredError, String(error));
    assert.match(error.message, /^UsernamePasswordCredential: the authority answered interaction_required: AADSTS50076: Due to a configuration change/);
    assert.match(error.message, /cannot complete multi-factor authentication.*InteractiveBrowserCredential or DeviceCodeCredential, calling authenticate\(scopes, \{ claims: error\.claims \}\)/);
    assert.ok(!error.message.includes(DEFAULT_PASSWORD), 'the password is not in the message');
    assert.equal(error.claims, claims);
  });
});
