// The emulator as the local cloud `npm start` signs in to: a client signed in before a restart keeps working
// (refresh token redeemed, access token accepted by ARM); a browser that arrives over plain HTTP on the HTTPS
// port (through code-server's port proxy) is sent on to https:// with path and query intact; and Resource
// Manager answers on the emulator's own host to a token for that host (a custom cloud with one origin).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AZURE_CLI_CLIENT_ID, DEFAULT_PASSWORD, DEFAULT_TENANT_ID, DEFAULT_USERNAME } from '../../emulator/defaults';
import { startEmulator, type RunningEmulator } from '../../emulator/index';
import { call, postForm, tokenUrl } from './helpers';

const ARM_SCOPE = 'https://management.azure.com/.default openid profile offline_access';

async function signIn(emulator: RunningEmulator): Promise<{ accessToken: string; refreshToken: string }> {
  const response = await postForm(emulator, tokenUrl(emulator, DEFAULT_TENANT_ID), {
    grant_type: 'password', client_id: AZURE_CLI_CLIENT_ID, username: DEFAULT_USERNAME, password: DEFAULT_PASSWORD, scope: ARM_SCOPE,
  });
  assert.equal(response.status, 200, 'password grant');
  return { accessToken: String(response.json.access_token), refreshToken: String(response.json.refresh_token) };
}

function refresh(emulator: RunningEmulator, refreshToken: string) {
  return postForm(emulator, tokenUrl(emulator, DEFAULT_TENANT_ID), {
    grant_type: 'refresh_token', client_id: AZURE_CLI_CLIENT_ID, refresh_token: refreshToken, scope: ARM_SCOPE,
  });
}

function listTenants(emulator: RunningEmulator, accessToken: string) {
  return call(emulator, 'GET', `${emulator.url}/tenants?api-version=2022-12-01`, { headers: { Authorization: `Bearer ${accessToken}` } });
}

describe('emulator: the local cloud of npm start (state directory, plain-HTTP redirect, ARM on its own host)', function () {
  this.timeout(30_000);
  let dir: string;
  const running: RunningEmulator[] = [];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emulator-state-'));
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((e) => e.close()));
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const start = async (options: Parameters<typeof startEmulator>[0]): Promise<RunningEmulator> => {
    const emulator = await startEmulator({ caDir: path.join(dir, 'ca'), ...options });
    running.push(emulator);
    return emulator;
  };

  it('with a state directory, tokens issued before a restart still refresh and still open ARM', async () => {
    const first = await start({ stateDir: path.join(dir, 'state') });
    const { accessToken, refreshToken } = await signIn(first);
    await first.close();

    const second = await start({ stateDir: path.join(dir, 'state') });
    assert.equal((await listTenants(second, accessToken)).status, 200, 'ARM refused an access token issued before the restart');
    const refreshed = await refresh(second, refreshToken);
    assert.equal(refreshed.status, 200, `refresh after the restart: ${String(refreshed.json.error)}`);
    assert.equal((await listTenants(second, String(refreshed.json.access_token))).status, 200);
  });

  it('without one, a restart forgets them (the tests start clean)', async () => {
    const first = await start({});
    const { accessToken, refreshToken } = await signIn(first);
    await first.close();

    const second = await start({});
    assert.equal((await listTenants(second, accessToken)).status, 401);
    assert.equal((await refresh(second, refreshToken)).json.error, 'invalid_grant');
  });

  it('reset() forgets the refresh tokens a state directory kept', async () => {
    const emulator = await start({ stateDir: path.join(dir, 'state') });
    const { refreshToken } = await signIn(emulator);
    emulator.control.reset();
    assert.equal((await refresh(emulator, refreshToken)).json.error, 'invalid_grant');
  });

  it('answers plain HTTP on the HTTPS port with a 308 to the same path on its own https:// origin, and still speaks HTTPS', async () => {
    const emulator = await start({ redirectPlainHttp: true });
    const port = new URL(emulator.url).port;
    const pathAndQuery = `/${DEFAULT_TENANT_ID}/oauth2/v2.0/authorize?client_id=x&state=a%20b`;
    // As code-server's port proxy forwards it: the path without /proxy/<port>, and code-server's own Host.
    const plain = await call(emulator, 'GET', `http://127.0.0.1:${port}${pathAndQuery}`, { headers: { Host: '127.0.0.1:8080' } });
    assert.equal(plain.status, 308);
    assert.equal(plain.headers.location, `https://127.0.0.1:${port}${pathAndQuery}`);
    const secure = await call(emulator, 'GET', `${emulator.url}/${DEFAULT_TENANT_ID}/v2.0/.well-known/openid-configuration`);
    assert.equal(secure.status, 200);
    assert.equal(secure.json.token_endpoint, `${emulator.url}/${DEFAULT_TENANT_ID}/oauth2/v2.0/token`);
  });

  it("serves Resource Manager to a token for its own origin, and still refuses another resource's token", async () => {
    const emulator = await start({});
    const tokenFor = async (scope: string) => {
      const response = await postForm(emulator, tokenUrl(emulator, DEFAULT_TENANT_ID), {
        grant_type: 'password', client_id: AZURE_CLI_CLIENT_ID, username: DEFAULT_USERNAME, password: DEFAULT_PASSWORD, scope,
      });
      assert.equal(response.status, 200, `token for ${scope}`);
      return String(response.json.access_token);
    };
    const tenants = await listTenants(emulator, await tokenFor(`${emulator.url}/.default`));
    assert.equal(tenants.status, 200);
    assert.ok((tenants.json.value as { tenantId: string }[]).some((t) => t.tenantId === DEFAULT_TENANT_ID));
    assert.equal((await listTenants(emulator, await tokenFor('https://vault.azure.net/.default'))).status, 401);
  });

  it('without the option, plain HTTP on the HTTPS port gets no answer', async () => {
    const emulator = await start({});
    const port = new URL(emulator.url).port;
    await assert.rejects(call(emulator, 'GET', `http://127.0.0.1:${port}/`));
  });
});
