// AuthorizationCodeCredential against the emulator: the code is redeemed once (with the secret for a
// confidential client), later tokens come from the cache or the refresh token, and a reused code fails clearly.
import * as assert from 'node:assert/strict';
import { AuthorizationCodeCredential } from '../../../src/identity/credentials/authorizationCodeCredential';
import { ClientAuthenticationError } from '../../../src/identity/errors';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_PUBLIC_CLIENT_ID, DEFAULT_TENANT_ID } from '../../emulator/defaults';
import { useFreshEmulator, type TestEmulator } from './support/emulator';
import { get } from './support/fakeBrowser';

const ARM = 'https://management.azure.com/.default';
const VAULT = 'https://vault.azure.net/.default';
const REDIRECT = 'http://localhost:8400/callback';

/** Gets an authorization code the way a web app would: the emulator's /authorize signs the user in at once. */
async function authorizationCode(emulator: TestEmulator, clientId: string): Promise<string> {
  const url = new URL(`${emulator.authorityHost}/${DEFAULT_TENANT_ID}/oauth2/v2.0/authorize`);
  url.search = new URLSearchParams({ client_id: clientId, response_type: 'code', redirect_uri: REDIRECT, scope: `${ARM} openid profile offline_access`, state: 's' }).toString();
  const answer = await get(url.toString());
  const code = new URL(answer.headers.location ?? 'http://x/').searchParams.get('code');
  if (!code) throw new Error(`the emulator issued no code (HTTP ${answer.status})`);
  return code;
}

describe('AuthorizationCodeCredential (emulator)', function () {
  const emulator = useFreshEmulator();

  it('redeems the code once as a public client, then uses the cache and the refresh token', async () => {
    const code = await authorizationCode(emulator(), DEFAULT_PUBLIC_CLIENT_ID);
    const credential = new AuthorizationCodeCredential(DEFAULT_TENANT_ID, DEFAULT_PUBLIC_CLIENT_ID, code, REDIRECT, emulator().authorityOptions);
    assert.ok((await credential.getToken(ARM)).token);
    await credential.getToken(ARM);
    await credential.getToken(VAULT);
    const requests = await emulator().tokenRequests();
    assert.deepEqual(requests.map((r) => r.form?.grant_type), ['authorization_code', 'refresh_token']);
    assert.equal(requests[0]?.form?.redirect_uri, REDIRECT);
    assert.equal(requests[0]?.form?.client_secret, undefined, 'a public client sends no secret');
  });

  it('sends the client secret with the code for a confidential client', async () => {
    const code = await authorizationCode(emulator(), DEFAULT_CLIENT_ID);
    const credential = new AuthorizationCodeCredential(DEFAULT_TENANT_ID, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, code, REDIRECT, emulator().authorityOptions);
    assert.ok((await credential.getToken(ARM)).token);
    const [request] = await emulator().tokenRequests();
    assert.equal(request?.form?.grant_type, 'authorization_code');
    assert.ok(request?.form?.client_secret === DEFAULT_CLIENT_SECRET, 'the client secret was sent (compared without printing it)');
  });

  it('fails clearly when a code is reused', async () => {
    const code = await authorizationCode(emulator(), DEFAULT_PUBLIC_CLIENT_ID);
    await new AuthorizationCodeCredential(DEFAULT_TENANT_ID, DEFAULT_PUBLIC_CLIENT_ID, code, REDIRECT, emulator().authorityOptions).getToken(ARM);
    const error = await new AuthorizationCodeCredential(DEFAULT_TENANT_ID, DEFAULT_PUBLIC_CLIENT_ID, code, REDIRECT, emulator().authorityOptions)
      .getToken(ARM)
      .catch((e: unknown) => e);
    assert.ok(error instanceof ClientAuthenticationError);
    assert.match(error.message, /AADSTS54005.*already redeemed.*new AuthorizationCodeCredential/);
  });

  it('does not send the code a second time after the authority refused it', async () => {
    const credential = new AuthorizationCodeCredential(DEFAULT_TENANT_ID, DEFAULT_PUBLIC_CLIENT_ID, 'not-a-code', REDIRECT, emulator().authorityOptions);
    await assert.rejects(credential.getToken(ARM), ClientAuthenticationError);
    const error = await credential.getToken(ARM).catch((e: unknown) => e);
    assert.ok(error instanceof ClientAuthenticationError);
    assert.match(error.message, /already redeemed.*new authorization code/);
    assert.equal((await emulator().tokenRequests()).length, 1);
  });
});
