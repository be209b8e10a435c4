import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { ManagedIdentityCredential } from '@azure/identity';
import { startTokenEndpoint, type RunningTokenEndpoint, type TokenRequest } from '../../../src/vscode/terminal/tokenEndpointServer';

const FAKE_TOKEN = 'header.payload.signature-for-tests';

async function get(endpoint: RunningTokenEndpoint, query: string, headers: Record<string, string> = { 'X-IDENTITY-HEADER': endpoint.secret }) {
  const response = await fetch(`${endpoint.endpoint}?${query}`, { headers });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

describe('terminal token endpoint (App Service managed-identity protocol)', () => {
  let endpoint: RunningTokenEndpoint;
  const requests: TokenRequest[] = [];
  const events: Array<{ status: number; reason?: string }> = [];
  const expiresOnTimestamp = Date.now() + 3600_000;

  before(async () => {
    endpoint = await startTokenEndpoint({
      getToken: async (request) => {
        requests.push(request);
        if (request.scope === 'https://unavailable.example/.default') throw new Error('Sign in from the Accounts menu first.');
        return { token: FAKE_TOKEN, expiresOnTimestamp };
      },
      onRequest: (event) => events.push(event),
    });
  });
  after(() => endpoint.close());
  beforeEach(() => {
    requests.length = 0;
    events.length = 0;
  });

  it('listens on loopback only and has a long random secret', () => {
    assert.match(endpoint.endpoint, /^http:\/\/127\.0\.0\.1:\d+\/msi\/token$/);
    assert.ok(endpoint.secret.length >= 40);
  });

  it('answers a resource request with the App Service response shape', async () => {
    const { status, body } = await get(endpoint, 'resource=https%3A%2F%2Fmanagement.azure.com&api-version=2019-08-01');
    assert.equal(status, 200);
    assert.equal(body.access_token, FAKE_TOKEN);
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.expires_on, String(Math.floor(expiresOnTimestamp / 1000)));
    assert.deepEqual(requests.map((r) => r.scope), ['https://management.azure.com/.default']);
  });

  it('refuses a request without the secret, or with a wrong one, before asking for a token', async () => {
    assert.equal((await get(endpoint, 'resource=https://management.azure.com&api-version=2019-08-01', {})).status, 401);
    const wrong = endpoint.secret.slice(0, -1) + (endpoint.secret.endsWith('A') ? 'B' : 'A');
    assert.equal((await get(endpoint, 'resource=https://management.azure.com&api-version=2019-08-01', { 'X-IDENTITY-HEADER': wrong })).status, 401);
    assert.equal(requests.length, 0);
    assert.ok(events.every((e) => e.status === 401));
  });

  it('refuses user-assigned identity parameters rather than answering as someone else', async () => {
    const { status, body } = await get(endpoint, 'resource=https://management.azure.com&api-version=2019-08-01&client_id=abc');
    assert.equal(status, 400);
    assert.match(body.error_description, /client_id/);
    assert.equal(requests.length, 0);
  });

  it('passes a sign-in problem on as a 400 with its message, never a token', async () => {
    const { status, body } = await get(endpoint, 'resource=https://unavailable.example&api-version=2019-08-01');
    assert.equal(status, 400);
    assert.match(body.error_description, /Accounts menu/);
    assert.equal(body.access_token, undefined);
  });

  it('serves @azure/identity ManagedIdentityCredential from the environment variables a terminal gets', async () => {
    const saved = { IDENTITY_ENDPOINT: process.env.IDENTITY_ENDPOINT, IDENTITY_HEADER: process.env.IDENTITY_HEADER };
    process.env.IDENTITY_ENDPOINT = endpoint.endpoint;
    process.env.IDENTITY_HEADER = endpoint.secret;
    try {
      const token = await new ManagedIdentityCredential().getToken('https://storage.azure.com/.default');
      assert.equal(token.token, FAKE_TOKEN);
      assert.deepEqual(requests.map((r) => r.scope), ['https://storage.azure.com/.default']);
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
    }
  });

  it('serves Python azure.identity ManagedIdentityCredential too (any language)', async () => {
    const probe = spawnSync('/usr/bin/python3', ['-c', 'import azure.identity'], { timeout: 20_000 });
    assert.equal(probe.status, 0, 'Python azure.identity is missing: apt-get install python3-azure');
    const script = 'from azure.identity import ManagedIdentityCredential\nt = ManagedIdentityCredential().get_token("https://vault.azure.net/.default")\nprint("ok" if t.token == "' + FAKE_TOKEN + '" else "mismatch")';
    // Asynchronously: this process serves the endpoint, so it must not block while Python calls it.
    const run = await promisify(execFile)('/usr/bin/python3', ['-c', script], {
      env: { ...process.env, IDENTITY_ENDPOINT: endpoint.endpoint, IDENTITY_HEADER: endpoint.secret },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(run.stdout.trim(), 'ok');
    assert.deepEqual(requests.map((r) => r.scope), ['https://vault.azure.net/.default']);
  });
});
