// Protocol details clients depend on: discovery documents built on the request's Host, JWKS, Entra
// error shapes and codes, scope rules, token lifetimes and the minimal ARM.
import * as assert from 'node:assert/strict';
import {
  AZURE_CLI_CLIENT_ID, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_PASSWORD, DEFAULT_SUBSCRIPTION_ID, DEFAULT_TENANT_ID, DEFAULT_USERNAME, SECOND_TENANT_ID,
} from '../../emulator/defaults';
import type { RunningEmulator } from '../../emulator/index';
import { aadsts, call, postForm, tokenUrl, useEmulator } from './helpers';

const ARM_SCOPE = 'https://management.azure.com/.default';

function secretGrant(emulator: RunningEmulator, tenant: string, form: Record<string, string> = {}) {
  return postForm(emulator, tokenUrl(emulator, tenant), {
    grant_type: 'client_credentials', client_id: DEFAULT_CLIENT_ID, client_secret: DEFAULT_CLIENT_SECRET, scope: ARM_SCOPE, ...form,
  });
}

function passwordGrant(emulator: RunningEmulator, tenant = 'organizations') {
  return postForm(emulator, tokenUrl(emulator, tenant), {
    grant_type: 'password', client_id: AZURE_CLI_CLIENT_ID, username: DEFAULT_USERNAME, password: DEFAULT_PASSWORD,
    scope: `${ARM_SCOPE} openid profile offline_access`, client_info: '1',
  });
}

describe('emulator: protocol details', function () {
  this.timeout(20_000);
  const emulator = useEmulator();

  it('builds discovery endpoints on the Host the request came in on', async () => {
    const port = new URL(emulator().url).port;
    const viaAlias = await call(emulator(), 'GET', `${emulator().url}/organizations/v2.0/.well-known/openid-configuration`, {
      headers: { Host: 'login.microsoftonline.com' },
    });
    assert.equal(viaAlias.json.token_endpoint, 'https://login.microsoftonline.com/organizations/oauth2/v2.0/token');
    assert.equal(viaAlias.json.issuer, 'https://login.microsoftonline.com/{tenantid}/v2.0');

    const direct = await call(emulator(), 'GET', `${emulator().url}/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration`);
    assert.equal(direct.json.token_endpoint, `https://127.0.0.1:${port}/${DEFAULT_TENANT_ID}/oauth2/v2.0/token`);
    assert.equal(direct.json.issuer, `https://127.0.0.1:${port}/${DEFAULT_TENANT_ID}/v2.0`);
    assert.equal(direct.json.device_authorization_endpoint, `https://127.0.0.1:${port}/${DEFAULT_TENANT_ID}/oauth2/v2.0/devicecode`);
  });

  it('answers instance discovery with the cloud aliases and the emulator’s own host', async () => {
    const host = new URL(emulator().url).host;
    const response = await call(emulator(), 'GET', `${emulator().url}/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`${emulator().url}/organizations/oauth2/v2.0/authorize`)}`);
    assert.equal(response.status, 200);
    assert.equal(response.json.tenant_discovery_endpoint, `https://${host}/organizations/v2.0/.well-known/openid-configuration`);
    const metadata = response.json.metadata as { aliases: string[] }[];
    assert.ok(metadata.some((entry) => entry.aliases.includes(host)));
    assert.ok(metadata.some((entry) => entry.aliases.includes('login.windows.net')));

    const unknown = await call(emulator(), 'GET', `${emulator().url}/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent('https://login.evil.example/x/oauth2/v2.0/authorize')}`);
    assert.equal(unknown.json.error, 'invalid_instance');
  });

  it('refuses unknown tenants (90002) and malformed tenant names (900023)', async () => {
    const unknown = await secretGrant(emulator(), 'nowhere.onmicrosoft.com');
    assert.equal(unknown.status, 400);
    assert.equal(aadsts(unknown), 90002);
    const discovery = await call(emulator(), 'GET', `${emulator().url}/00000000-0000-4000-8000-000000000999/v2.0/.well-known/openid-configuration`);
    assert.equal(discovery.status, 400);
    assert.equal(discovery.json.error, 'invalid_tenant');
    const malformed = await secretGrant(emulator(), 'bad_tenant!');
    assert.equal(aadsts(malformed), 900023);
  });

  it('shapes every error like Entra', async () => {
    const response = await secretGrant(emulator(), DEFAULT_TENANT_ID, { client_secret: 'wrong' }, );
    assert.equal(response.status, 401);
    const body = response.json;
    assert.equal(body.error, 'invalid_client');
    assert.deepEqual(body.error_codes, [7000215]);
    assert.match(String(body.error_description), /^AADSTS7000215: .*\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: [0-9a-f-]{36}\r\nTimestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/s);
    assert.match(String(body.timestamp), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
    assert.ok(body.trace_id && body.correlation_id);
    assert.doesNotMatch(response.text, /wrong/, 'the secret sent is never echoed');
  });

  it('echoes client-request-id as the correlation id', async () => {
    const response = await postForm(emulator(), tokenUrl(emulator(), DEFAULT_TENANT_ID), { grant_type: 'client_credentials', client_id: DEFAULT_CLIENT_ID, scope: ARM_SCOPE },
      { 'client-request-id': '11111111-2222-4333-8444-555555555555' });
    assert.equal(aadsts(response), 7000218);
    assert.equal(response.json.correlation_id, '11111111-2222-4333-8444-555555555555');
    assert.equal(response.headers['client-request-id'], '11111111-2222-4333-8444-555555555555');
  });

  it('applies Entra’s scope rules', async () => {
    assert.equal(aadsts(await secretGrant(emulator(), DEFAULT_TENANT_ID, { scope: 'https://management.azure.com/user_impersonation' })), 1002012);
    assert.equal(aadsts(await secretGrant(emulator(), DEFAULT_TENANT_ID, { scope: 'https://management.azure.com/bad!' })), 70011);
    assert.equal(aadsts(await secretGrant(emulator(), DEFAULT_TENANT_ID, { scope: `${ARM_SCOPE} https://vault.azure.net/.default` })), 28000);
    assert.equal(aadsts(await secretGrant(emulator(), DEFAULT_TENANT_ID, { scope: '' })), 900144);
    assert.equal(aadsts(await secretGrant(emulator(), 'organizations')), 50059);
    assert.equal((await secretGrant(emulator(), DEFAULT_TENANT_ID, { scope: 'https://management.core.windows.net//.default' })).status, 200);
  });

  it('follows the configured token lifetime and refresh_in', async () => {
    emulator().control.setTokenLifetime({ expiresInSeconds: 600, refreshInSeconds: 300 });
    const response = await secretGrant(emulator(), DEFAULT_TENANT_ID);
    assert.equal(response.json.expires_in, 600);
    assert.equal(response.json.ext_expires_in, 600);
    assert.equal(response.json.refresh_in, 300);
    emulator().control.reset();
    assert.equal((await secretGrant(emulator(), DEFAULT_TENANT_ID)).json.refresh_in, undefined);
  });

  it('returns user-flow fields: id_token, refresh_token, client_info {uid, utid}, scope', async () => {
    const response = await passwordGrant(emulator());
    assert.equal(response.status, 200, response.text);
    assert.equal(response.json.token_type, 'Bearer');
    assert.ok(response.json.id_token && response.json.refresh_token);
    const clientInfo = JSON.parse(Buffer.from(String(response.json.client_info), 'base64url').toString('utf8')) as Record<string, string>;
    assert.equal(clientInfo.utid, DEFAULT_TENANT_ID);
    assert.ok(clientInfo.uid);
    assert.match(String(response.json.scope), /https:\/\/management\.azure\.com\/user_impersonation/);
  });

  it('serves /tenants and /subscriptions to a valid ARM token, and 401 without one', async () => {
    const token = String((await passwordGrant(emulator(), DEFAULT_TENANT_ID)).json.access_token);
    const tenants = await call(emulator(), 'GET', `${emulator().url}/tenants?api-version=2022-12-01`, { headers: { Authorization: `Bearer ${token}` } });
    assert.deepEqual((tenants.json.value as { tenantId: string }[]).map((t) => t.tenantId), [DEFAULT_TENANT_ID, SECOND_TENANT_ID]);
    const subscriptions = await call(emulator(), 'GET', `${emulator().url}/subscriptions?api-version=2022-12-01`, { headers: { Authorization: `Bearer ${token}` } });
    assert.deepEqual((subscriptions.json.value as { subscriptionId: string }[]).map((s) => s.subscriptionId), [DEFAULT_SUBSCRIPTION_ID]);

    const anonymous = await call(emulator(), 'GET', `${emulator().url}/subscriptions?api-version=2022-12-01`);
    assert.equal(anonymous.status, 401);
    assert.match(String(anonymous.headers['www-authenticate']), /^Bearer /);
    const forged = await call(emulator(), 'GET', `${emulator().url}/subscriptions?api-version=2022-12-01`, { headers: { Authorization: `Bearer ${token.slice(0, -4)}AAAA` } });
    assert.equal(forged.status, 401);
  });

  it('answers MSAL Python’s user realm lookup', async () => {
    const response = await call(emulator(), 'GET', `${emulator().url}/common/userrealm/${DEFAULT_USERNAME}?api-version=1.0`);
    assert.equal(response.json.account_type, 'Managed');
    assert.equal(response.json.domain_name, 'contoso.onmicrosoft.com');
  });

  it('answers malformed requests with a clear 4xx and keeps serving', async () => {
    const e = emulator();
    const garbage = await call(e, 'POST', tokenUrl(e, DEFAULT_TENANT_ID), { headers: { 'Content-Type': 'application/json' }, body: '{"grant_type":' });
    assert.equal(aadsts(garbage), 900144);
    const huge = await call(e, 'POST', tokenUrl(e, DEFAULT_TENANT_ID), { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'a='.padEnd(1024 * 1024 + 10, 'x') });
    assert.equal(huge.status, 413);
    assert.equal((await call(e, 'GET', `${e.url}//weird//path`)).status, 404);
    assert.equal((await call(e, 'GET', tokenUrl(e, DEFAULT_TENANT_ID))).status, 400);
    const badControl = await call(e, 'POST', `${e.controlUrl}/apps`, { headers: { 'Content-Type': 'application/json' }, body: 'null' });
    assert.equal(badControl.status, 400);
    assert.equal((await call(e, 'POST', `${e.controlUrl}/device-codes/ABC/approve`, { body: 'null' })).status, 400);
    assert.equal((await call(e, 'POST', `${e.controlUrl}/tenants`, { body: '{not json' })).status, 400);
    assert.equal((await secretGrant(e, DEFAULT_TENANT_ID)).status, 200);
  });

  it('keeps the request log, filterable, with what the client really sent', async () => {
    await secretGrant(emulator(), DEFAULT_TENANT_ID);
    await passwordGrant(emulator());
    const [entry] = emulator().control.requests({ grantType: 'password' });
    assert.equal(entry.endpoint, 'token');
    assert.equal(entry.tenant, 'organizations');
    assert.equal(entry.clientId, AZURE_CLI_CLIENT_ID);
    assert.equal(entry.form?.username, DEFAULT_USERNAME);
    assert.equal(entry.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(emulator().control.requests({ afterSeq: entry.seq }).length, 0);
    emulator().control.clearRequests();
    assert.equal(emulator().control.requests().length, 0);
  });
});
