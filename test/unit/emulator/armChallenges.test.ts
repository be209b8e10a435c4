// The emulator's ARM as a resource that challenges: conditional access asking for an authentication context,
// continuous access evaluation revoking a user's CAE tokens, and the cloud metadata a custom cloud is filled from.
import assert from 'node:assert/strict';
import { AZURE_CLI_CLIENT_ID, DEFAULT_PASSWORD, DEFAULT_USERNAME, PROTECTED_RESOURCE_CLAIMS, PROTECTED_RESOURCE_PATH } from '../../emulator/defaults';
import type { RunningEmulator } from '../../emulator/index';
import { parseCloudMetadata } from '../../../src/vscode/provider/cloudMetadata';
import { parseWwwAuthenticate, readBearerChallenge } from '../../../src/vscode/provider/challenges';
import { call, decodeJwt, postForm, tokenUrl, useEmulator } from './helpers';

const ARM_SCOPE = 'https://management.azure.com/.default';
const CP1 = '{"access_token":{"xms_cc":{"values":["cp1"]}}}';

async function userToken(emulator: RunningEmulator, claims?: string): Promise<{ accessToken: string; refreshToken: string }> {
  const response = await postForm(emulator, tokenUrl(emulator, 'organizations'), {
    grant_type: 'password', client_id: AZURE_CLI_CLIENT_ID, username: DEFAULT_USERNAME, password: DEFAULT_PASSWORD,
    scope: `${ARM_SCOPE} openid offline_access`, ...(claims ? { claims } : {}),
  });
  assert.equal(response.status, 200, response.text);
  return { accessToken: String(response.json.access_token), refreshToken: String(response.json.refresh_token) };
}

async function refreshed(emulator: RunningEmulator, refreshToken: string, claims: string): Promise<string> {
  const response = await postForm(emulator, tokenUrl(emulator, 'organizations'), {
    grant_type: 'refresh_token', client_id: AZURE_CLI_CLIENT_ID, refresh_token: refreshToken, scope: `${ARM_SCOPE} openid offline_access`, claims,
  });
  assert.equal(response.status, 200, response.text);
  return String(response.json.access_token);
}

function armGet(emulator: RunningEmulator, path: string, token: string) {
  return call(emulator, 'GET', `${emulator.url}${path}?api-version=2022-12-01`, { headers: { Authorization: `Bearer ${token}` } });
}

describe('emulator: ARM challenges and cloud metadata', function () {
  this.timeout(20_000);
  const emulator = useEmulator();

  it('answers a protected resource with a claims challenge until the token carries the authentication context', async () => {
    const { accessToken, refreshToken } = await userToken(emulator());
    const refused = await armGet(emulator(), PROTECTED_RESOURCE_PATH, accessToken);
    assert.equal(refused.status, 401);
    const challenge = readBearerChallenge(parseWwwAuthenticate(String(refused.headers['www-authenticate'])));
    assert.equal(challenge?.error, 'insufficient_claims');
    assert.equal(challenge?.claims, PROTECTED_RESOURCE_CLAIMS);

    const stepUp = await refreshed(emulator(), refreshToken, challenge.claims);
    assert.deepEqual(decodeJwt(stepUp).payload.acrs, ['c1']);
    const served = await armGet(emulator(), PROTECTED_RESOURCE_PATH, stepUp);
    assert.equal(served.status, 200, served.text);
    // Other ARM paths never asked for it.
    assert.equal((await armGet(emulator(), '/subscriptions', accessToken)).status, 200);
  });

  it('revokes a user\'s CAE tokens with a revocation challenge; tokens issued after it, and non-CAE tokens, still work', async () => {
    const cae = await userToken(emulator(), CP1);
    const plain = await userToken(emulator());
    assert.equal((await armGet(emulator(), '/subscriptions', cae.accessToken)).status, 200);

    const { revokedAt } = emulator().control.revokeSessions(DEFAULT_USERNAME);
    const refused = await armGet(emulator(), '/subscriptions', cae.accessToken);
    assert.equal(refused.status, 401);
    const challenge = readBearerChallenge(parseWwwAuthenticate(String(refused.headers['www-authenticate'])));
    assert.equal(challenge?.error, 'insufficient_claims');
    assert.equal(challenge?.isRevocation, true);
    assert.match(String(challenge?.claims), new RegExp(`"nbf":\\{"essential":true, "value":"${revokedAt}"\\}`));
    assert.equal((await armGet(emulator(), '/subscriptions', plain.accessToken)).status, 200, 'a token without CP1 is not subject to CAE');

    const fresh = await refreshed(emulator(), cae.refreshToken, `{"access_token":{"nbf":{"essential":true,"value":"${revokedAt}"},"xms_cc":{"values":["cp1"]}}}`);
    assert.equal((await armGet(emulator(), '/subscriptions', fresh)).status, 200);
  });

  it('serves the cloud metadata of each ARM host, and of its own host as a private cloud', async () => {
    const gov = await call(emulator(), 'GET', `${emulator().url}/metadata/endpoints?api-version=2022-09-01`, { headers: { Host: 'management.usgovcloudapi.net' } });
    assert.equal(gov.status, 200, gov.text);
    const govCloud = parseCloudMetadata(gov.json);
    assert.equal(govCloud.name, 'AzureUSGovernment');
    assert.equal(govCloud.authorityHost, 'https://login.microsoftonline.us');
    assert.equal(govCloud.managementScope, 'https://management.core.usgovcloudapi.net/.default');

    const own = parseCloudMetadata((await call(emulator(), 'GET', `${emulator().url}/metadata/endpoints?api-version=2022-09-01`)).json);
    assert.equal(own.name, 'EmulatorCloud');
    assert.equal(own.authorityHost, emulator().url);
    assert.equal((await call(emulator(), 'GET', `${emulator().url}/metadata/endpoints`)).status, 400);
    const older = await call(emulator(), 'GET', `${emulator().url}/metadata/endpoints?api-version=2020-06-01`);
    assert.ok(Array.isArray(JSON.parse(older.text)));
  });
});
