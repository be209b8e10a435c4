// The managed-identity listener (plain HTTP): IMDS, App Service 2019-08-01, Cloud Shell, Azure Arc and
// Azure ML, each with its source's request rules and response shape.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { DEFAULT_IDENTITY_HEADER, DEFAULT_SYSTEM_ASSIGNED_IDENTITY, DEFAULT_TENANT_ID, DEFAULT_USER_ASSIGNED_IDENTITY, DEFAULT_USERNAME } from '../../emulator/defaults';
import { call, decodeJwt, postForm, useEmulator, verifyWithJwks } from './helpers';

const RESOURCE = 'https://management.azure.com/';

describe('emulator: managed identity endpoints', function () {
  this.timeout(20_000);
  const emulator = useEmulator();
  const imds = (query: string) => `${emulator().imdsUrl}/metadata/identity/oauth2/token?api-version=2018-02-01&resource=${encodeURIComponent(RESOURCE)}${query}`;

  it('IMDS answers 400 at once without the Metadata header', async () => {
    const response = await call(emulator(), 'GET', imds(''));
    assert.equal(response.status, 400);
    assert.equal(response.json.error, 'invalid_request');
    assert.match(String(response.json.error_description), /metadata header/i);
  });

  it('IMDS gives the system-assigned identity a token in the IMDS shape', async () => {
    const response = await call(emulator(), 'GET', imds(''), { headers: { Metadata: 'true' } });
    assert.equal(response.status, 200);
    const body = response.json;
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.resource, RESOURCE);
    assert.equal(body.client_id, DEFAULT_SYSTEM_ASSIGNED_IDENTITY.clientId);
    for (const field of ['expires_in', 'expires_on', 'ext_expires_in', 'not_before']) {
      assert.match(String(body[field]), /^\d+$/, `${field} is a string of digits`);
      assert.equal(typeof body[field], 'string');
    }
    const { payload } = decodeJwt(String(body.access_token));
    assert.equal(payload.oid, DEFAULT_SYSTEM_ASSIGNED_IDENTITY.objectId);
    assert.equal(payload.tid, DEFAULT_TENANT_ID);
    assert.equal(await verifyWithJwks(emulator(), DEFAULT_TENANT_ID, String(body.access_token)), true);
  });

  it('IMDS selects a user-assigned identity by client_id, object_id or msi_res_id', async () => {
    const selectors = [
      `&client_id=${DEFAULT_USER_ASSIGNED_IDENTITY.clientId}`,
      `&object_id=${DEFAULT_USER_ASSIGNED_IDENTITY.objectId}`,
      `&msi_res_id=${encodeURIComponent(DEFAULT_USER_ASSIGNED_IDENTITY.resourceId)}`,
    ];
    for (const selector of selectors) {
      const response = await call(emulator(), 'GET', imds(selector), { headers: { Metadata: 'true' } });
      assert.equal(response.status, 200, selector);
      assert.equal(response.json.client_id, DEFAULT_USER_ASSIGNED_IDENTITY.clientId);
    }
  });

  it('IMDS answers 400 "Identity not found" for an unknown identity or when none is assigned', async () => {
    const unknown = await call(emulator(), 'GET', imds('&client_id=00000000-0000-4000-8000-000000000999'), { headers: { Metadata: 'true' } });
    assert.equal(unknown.status, 400);
    assert.match(String(unknown.json.error_description), /Identity not found/);

    emulator().control.setManagedIdentities({ systemAssigned: false, userAssigned: [] });
    const none = await call(emulator(), 'GET', imds(''), { headers: { Metadata: 'true' } });
    assert.equal(none.status, 400);
    assert.match(String(none.json.error_description), /Identity not found/);
  });

  it('App Service checks X-IDENTITY-HEADER and answers expires_on in epoch seconds', async () => {
    const url = `${emulator().imdsUrl}/msi/token?api-version=2019-08-01&resource=${encodeURIComponent(RESOURCE)}`;
    const refused = await call(emulator(), 'GET', url, { headers: { 'X-IDENTITY-HEADER': 'wrong' } });
    assert.equal(refused.status, 401);
    const missing = await call(emulator(), 'GET', url);
    assert.equal(missing.status, 401);

    const response = await call(emulator(), 'GET', url, { headers: { 'X-IDENTITY-HEADER': DEFAULT_IDENTITY_HEADER } });
    assert.equal(response.status, 200);
    assert.ok(Number(response.json.expires_on) > Date.now() / 1000);
    assert.equal(response.json.client_id, DEFAULT_SYSTEM_ASSIGNED_IDENTITY.clientId);
  });

  it('Cloud Shell takes a POSTed resource with Metadata: true and answers for the signed-in user', async () => {
    const url = `${emulator().imdsUrl}/oauth2/token`;
    const refused = await postForm(emulator(), url, { resource: RESOURCE });
    assert.equal(refused.status, 400);
    const response = await postForm(emulator(), url, { resource: RESOURCE }, { Metadata: 'true' });
    assert.equal(response.status, 200);
    assert.equal(decodeJwt(String(response.json.access_token)).payload.upn, DEFAULT_USERNAME);
  });

  it('Azure Arc challenges with a key file, then accepts its content as Basic credentials', async () => {
    const url = `${emulator().imdsUrl}/arc/metadata/identity/oauth2/token?api-version=2020-06-01&resource=${encodeURIComponent(RESOURCE)}`;
    const challenge = await call(emulator(), 'GET', url, { headers: { Metadata: 'true' } });
    assert.equal(challenge.status, 401);
    const realm = /^Basic realm=(.+)$/.exec(String(challenge.headers['www-authenticate']))?.[1];
    assert.ok(realm && realm.endsWith('.key'));
    const key = fs.readFileSync(realm, 'utf8');

    const wrong = await call(emulator(), 'GET', url, { headers: { Metadata: 'true', Authorization: 'Basic not-the-key' } });
    assert.equal(wrong.status, 401);
    const response = await call(emulator(), 'GET', url, { headers: { Metadata: 'true', Authorization: `Basic ${key}` } });
    assert.equal(response.status, 200);
    assert.ok(response.json.access_token);
  });

  it('Azure ML checks the secret header and takes clientid', async () => {
    const url = `${emulator().imdsUrl}/MSI/auth?api-version=2017-09-01&resource=${encodeURIComponent(RESOURCE)}&clientid=${DEFAULT_USER_ASSIGNED_IDENTITY.clientId}`;
    assert.equal((await call(emulator(), 'GET', url)).status, 401);
    const response = await call(emulator(), 'GET', url, { headers: { secret: DEFAULT_IDENTITY_HEADER, Metadata: 'true' } });
    assert.equal(response.status, 200);
    assert.equal(response.json.client_id, DEFAULT_USER_ASSIGNED_IDENTITY.clientId);
  });
});
