// The terminal token endpoint as the programs in a terminal see it: the three protocols, the refusals, and real
// clients (Azure SDK for JS, Python azure.identity, our own library, curl) pointed at it by the variables a
// terminal gets. The token source is a stand-in here; test/unit/vscode/tokenEndpointBroker.test.ts and the
// in-host tests put the real account service behind it.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import http from 'node:http';
import { promisify } from 'node:util';
import { ManagedIdentityCredential } from '@azure/identity';
import { ManagedIdentityCredential as OurManagedIdentityCredential } from '../../../src/identity/index';
import { endpointVariables } from '../../../src/vscode/terminal/terminalVariables';
import {
  EndpointTokenError,
  startTokenEndpoint,
  type EndpointRequestEvent,
  type EndpointTokenRequest,
  type RunningTokenEndpoint,
} from '../../../src/vscode/terminal/tokenEndpointServer';

const FAKE_TOKEN = 'header.payload.signature-for-tests';
const run = promisify(execFile);

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** A raw request, so the test controls every header (fetch does not let a caller set Host). */
function request(endpoint: RunningTokenEndpoint, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      { host: '127.0.0.1', port: endpoint.port, method: options.method ?? 'GET', path: options.path, headers: { Host: `127.0.0.1:${endpoint.port}`, ...options.headers } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: response.statusCode ?? 0, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.setTimeout(10_000, () => outgoing.destroy(new Error('no answer in 10 s')));
    outgoing.end(options.body);
  });
}

const ARM_QUERY_2019 = '/msi/token?resource=https%3A%2F%2Fmanagement.azure.com&api-version=2019-08-01';

describe('terminal token endpoint: protocols and refusals', () => {
  let endpoint: RunningTokenEndpoint;
  let secret: string;
  const requests: EndpointTokenRequest[] = [];
  const events: EndpointRequestEvent[] = [];
  const expiresOnTimestamp = Date.now() + 3600_000;

  before(async () => {
    endpoint = await startTokenEndpoint({
      getToken: async (req) => {
        requests.push(req);
        if (req.scopes[0] === 'https://signed-out.example/.default') throw new EndpointTokenError('notSignedIn', 'No account is signed in to Azure Identity in VS Code.');
        if (req.scopes[0] === 'https://denied.example/.default') throw new EndpointTokenError('denied', 'A token for https://denied.example was refused in VS Code.');
        return { token: FAKE_TOKEN, expiresOnTimestamp };
      },
      onRequest: (event) => events.push(event),
      maxBodyBytes: 1024,
    });
    secret = endpoint.addSecret({});
  });
  after(() => endpoint.close());
  beforeEach(() => {
    requests.length = 0;
    events.length = 0;
  });

  it('listens on loopback only, with separate paths for managed identity and azd, and long random secrets', () => {
    assert.equal(endpoint.urls.managedIdentity, `http://127.0.0.1:${endpoint.port}/msi/token`);
    assert.equal(endpoint.urls.azd, `http://127.0.0.1:${endpoint.port}/azd`);
    assert.ok(secret.length >= 43);
    assert.notEqual(endpoint.addSecret({}), secret);
  });

  it('answers App Service 2019-08-01 with its response shape and the normalised scope', async () => {
    const { status, body } = await request(endpoint, { path: ARM_QUERY_2019, headers: { 'X-IDENTITY-HEADER': secret, 'User-Agent': 'probe/1.0' } });
    assert.equal(status, 200);
    assert.deepEqual(body, { access_token: FAKE_TOKEN, expires_on: String(Math.floor(expiresOnTimestamp / 1000)), resource: 'https://management.azure.com', token_type: 'Bearer' });
    assert.deepEqual(requests.map((r) => [r.scopes, r.protocol, r.userAgent]), [[['https://management.azure.com/.default'], 'appService2019', 'probe/1.0']]);
  });

  it('answers App Service 2017-09-01 (MSI_SECRET in the `secret` header), also at the path with a trailing slash the Azure CLI uses', async () => {
    for (const path of ['/msi/token', '/msi/token/']) {
      const { status, body } = await request(endpoint, { path: `${path}?resource=https://vault.azure.net&api-version=2017-09-01`, headers: { secret } });
      assert.equal(status, 200, path);
      assert.equal(body.access_token, FAKE_TOKEN);
      assert.equal(body.expires_on, String(Math.floor(expiresOnTimestamp / 1000)));
    }
    assert.deepEqual(requests.map((r) => r.protocol), ['appService2017', 'appService2017']);
  });

  it('refuses a missing or wrong secret before any token is asked for, for every protocol', async () => {
    const wrong = secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');
    const answers = await Promise.all([
      request(endpoint, { path: ARM_QUERY_2019 }),
      request(endpoint, { path: ARM_QUERY_2019, headers: { 'X-IDENTITY-HEADER': wrong } }),
      request(endpoint, { path: '/msi/token?resource=https://vault.azure.net&api-version=2017-09-01', headers: { 'X-IDENTITY-HEADER': secret } }),
      request(endpoint, { method: 'POST', path: '/azd/token?api-version=2023-07-12-preview', headers: { Authorization: `Bearer ${wrong}` }, body: '{"scopes":["x/.default"]}' }),
    ]);
    assert.deepEqual(answers.map((a) => a.status), [401, 401, 401, 401]);
    assert.equal(requests.length, 0);
    assert.ok(events.every((e) => e.status === 401 && !JSON.stringify(e).includes(secret)));
  });

  it('refuses a request whose Host is not the loopback address (DNS rebinding) even with the right secret', async () => {
    for (const host of [`evil.example:${endpoint.port}`, 'evil.example', `127.0.0.1.nip.io:${endpoint.port}`]) {
      const { status } = await request(endpoint, { path: ARM_QUERY_2019, headers: { Host: host, 'X-IDENTITY-HEADER': secret } });
      assert.equal(status, 403, host);
    }
    const localhost = await request(endpoint, { path: ARM_QUERY_2019, headers: { Host: `localhost:${endpoint.port}`, 'X-IDENTITY-HEADER': secret } });
    assert.equal(localhost.status, 200);
  });

  it('refuses requests from a web page (Origin header)', async () => {
    const { status } = await request(endpoint, { path: ARM_QUERY_2019, headers: { 'X-IDENTITY-HEADER': secret, Origin: 'https://evil.example' } });
    assert.equal(status, 403);
    assert.equal(requests.length, 0);
  });

  it('answers a client_id (AZURE_CLIENT_ID exported for something else) by naming the variable and what to do', async () => {
    for (const parameter of ['client_id', 'clientid', 'object_id', 'mi_res_id']) {
      const { status, body } = await request(endpoint, { path: `${ARM_QUERY_2019}&${parameter}=e1a70000-0000-4000-8000-00000000d002`, headers: { 'X-IDENTITY-HEADER': secret } });
      assert.equal(status, 400);
      assert.match(String(body.error_description), new RegExp(parameter));
    }
    const { body } = await request(endpoint, { path: `${ARM_QUERY_2019}&client_id=x`, headers: { 'X-IDENTITY-HEADER': secret } });
    assert.match(String(body.error_description), /AZURE_CLIENT_ID/);
    assert.match(String(body.error_description), /unset AZURE_CLIENT_ID/);
    assert.equal(requests.length, 0);
  });

  it('passes "not signed in" on as a 400 and a refusal as a 403, with the message and never a token', async () => {
    const signedOut = await request(endpoint, { path: '/msi/token?resource=https://signed-out.example&api-version=2019-08-01', headers: { 'X-IDENTITY-HEADER': secret } });
    assert.equal(signedOut.status, 400);
    assert.match(String(signedOut.body.error_description), /No account is signed in/);
    assert.equal(signedOut.body.access_token, undefined);
    const denied = await request(endpoint, { path: '/msi/token?resource=https://denied.example&api-version=2019-08-01', headers: { 'X-IDENTITY-HEADER': secret } });
    assert.equal(denied.status, 403);
    assert.match(String(denied.body.error_description), /refused/);
  });

  it('speaks azd external authentication: POST /token with {scopes, tenantId}, RFC 3339 expiresOn', async () => {
    const { status, body } = await request(endpoint, {
      method: 'POST',
      path: '/azd/token?api-version=2023-07-12-preview',
      headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json', 'User-Agent': 'azsdk-go-azd/1.0' },
      body: JSON.stringify({ scopes: ['https://management.azure.com//.default'], tenantId: 'e1a70000-0000-4000-8000-000000000002' }),
    });
    assert.equal(status, 200);
    assert.deepEqual(body, { status: 'success', token: FAKE_TOKEN, expiresOn: new Date(expiresOnTimestamp).toISOString() });
    assert.match(String(body.expiresOn), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    assert.deepEqual(requests.map((r) => [r.scopes, r.tenantId, r.protocol]), [[['https://management.azure.com//.default'], 'e1a70000-0000-4000-8000-000000000002', 'azd']]);
  });

  it('gives azd its error shape with status 200 (azd treats any other status as a transport failure)', async () => {
    const post = (body: string) =>
      request(endpoint, { method: 'POST', path: '/azd/token?api-version=2023-07-12-preview', headers: { Authorization: `Bearer ${secret}` }, body });
    const signedOut = await post(JSON.stringify({ scopes: ['https://signed-out.example/.default'] }));
    assert.deepEqual([signedOut.status, signedOut.body.status, signedOut.body.code], [200, 'error', 'NotSignedInError']);
    assert.match(String(signedOut.body.message), /No account is signed in/);
    const denied = await post(JSON.stringify({ scopes: ['https://denied.example/.default'] }));
    assert.deepEqual([denied.status, denied.body.status, denied.body.code], [200, 'error', 'GetTokenError']);
    const malformed = await post('{"scopes": "not a list"}');
    assert.deepEqual([malformed.status, malformed.body.code], [200, 'GetTokenError']);
    assert.match(String(malformed.body.message), /scopes/);
  });

  it('bounds the request: a large azd body gets 413, huge headers 431, a long URL 414', async () => {
    const body = JSON.stringify({ scopes: ['x'.repeat(2000)] });
    const large = await request(endpoint, { method: 'POST', path: '/azd/token?api-version=2023-07-12-preview', headers: { Authorization: `Bearer ${secret}` }, body });
    assert.equal(large.status, 413);
    const headers = await new Promise<number>((resolve, reject) => {
      const outgoing = http.request({ host: '127.0.0.1', port: endpoint.port, path: ARM_QUERY_2019, headers: { 'X-IDENTITY-HEADER': secret, 'X-Padding': 'p'.repeat(20_000) } }, (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      });
      outgoing.on('error', reject);
      outgoing.end();
    });
    assert.equal(headers, 431);
    const url = await request(endpoint, { path: `${ARM_QUERY_2019}&pad=${'p'.repeat(5000)}`, headers: { 'X-IDENTITY-HEADER': secret } });
    assert.equal(url.status, 414);
    assert.equal(requests.length, 0);
  });

  it('binds each secret to what it may ask for, and forgets removed secrets', async () => {
    const bound = endpoint.addSecret({ accountId: 'bob', tenantId: 'e1a70000-0000-4000-8000-000000000002' });
    await request(endpoint, { path: ARM_QUERY_2019, headers: { 'X-IDENTITY-HEADER': bound } });
    await request(endpoint, { path: ARM_QUERY_2019, headers: { 'X-IDENTITY-HEADER': secret } });
    assert.deepEqual(requests.map((r) => [r.binding.accountId, r.tenantId]), [['bob', 'e1a70000-0000-4000-8000-000000000002'], [undefined, undefined]]);
    endpoint.removeSecretsOf('bob');
    assert.equal((await request(endpoint, { path: ARM_QUERY_2019, headers: { 'X-IDENTITY-HEADER': bound } })).status, 401);
    const restored = 'r'.repeat(43);
    endpoint.restoreSecret(restored, {});
    assert.equal((await request(endpoint, { path: ARM_QUERY_2019, headers: { 'X-IDENTITY-HEADER': restored } })).status, 200);
    endpoint.removeSecret(restored);
    assert.equal((await request(endpoint, { path: ARM_QUERY_2019, headers: { 'X-IDENTITY-HEADER': restored } })).status, 401);
  });

  it('binds an account terminal by the id its URLs end with, only together with a valid secret', async () => {
    const id = endpoint.addTerminal({ accountId: 'bob', tenantId: 'e1a70000-0000-4000-8000-000000000002' });
    const query = '?resource=https%3A%2F%2Fmanagement.azure.com&api-version=2019-08-01';
    for (const path of [`/msi/token/${id}${query}`, `/msi/token/${id}/${query}`]) {
      assert.equal((await request(endpoint, { path, headers: { 'X-IDENTITY-HEADER': secret } })).status, 200, path);
    }
    const azd = await request(endpoint, { method: 'POST', path: `/azd/${id}/token?api-version=2023-07-12-preview`, headers: { Authorization: `Bearer ${secret}` }, body: '{"scopes":["https://management.azure.com//.default"]}' });
    assert.equal(azd.body.status, 'success');
    assert.deepEqual(requests.map((r) => [r.binding.accountId, r.tenantId]), Array(3).fill(['bob', 'e1a70000-0000-4000-8000-000000000002']));
    assert.equal((await request(endpoint, { path: `/msi/token/${id}${query}` })).status, 401, 'the id alone is not enough');
    assert.equal((await request(endpoint, { path: `/msi/token/${'x'.repeat(24)}${query}`, headers: { 'X-IDENTITY-HEADER': secret } })).status, 401, 'an unknown id gets nothing');
    endpoint.removeTerminal(id);
    assert.equal((await request(endpoint, { path: `/msi/token/${id}${query}`, headers: { 'X-IDENTITY-HEADER': secret } })).status, 401);
  });

  it('re-binds a given port (a reload keeps the port its terminals know)', async () => {
    const first = await startTokenEndpoint({ getToken: async () => ({ token: FAKE_TOKEN, expiresOnTimestamp }) });
    const port = first.port;
    await assert.rejects(startTokenEndpoint({ getToken: async () => ({ token: FAKE_TOKEN, expiresOnTimestamp }), port }), { code: 'EADDRINUSE' });
    await first.close();
    const second = await startTokenEndpoint({ getToken: async () => ({ token: FAKE_TOKEN, expiresOnTimestamp }), port });
    assert.equal(second.port, port);
    await second.close();
  });
});

describe('terminal token endpoint: real clients with the variables a terminal gets', () => {
  let endpoint: RunningTokenEndpoint;
  let variables: Record<string, string>;
  const requests: EndpointTokenRequest[] = [];
  const expiresOnTimestamp = Date.now() + 3600_000;

  before(async () => {
    endpoint = await startTokenEndpoint({
      getToken: async (req) => {
        requests.push(req);
        return { token: FAKE_TOKEN, expiresOnTimestamp };
      },
    });
    variables = endpointVariables(endpoint.urls, endpoint.addSecret({}));
  });
  after(() => endpoint.close());
  beforeEach(() => (requests.length = 0));

  /** Runs with exactly the terminal's variables (and no managed-identity variable of this process). */
  function terminalEnv(only?: readonly string[]): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of Object.keys(variables)) delete env[name];
    for (const [name, value] of Object.entries(variables)) if (!only || only.includes(name)) env[name] = value;
    return env;
  }

  async function withEnv<T>(env: NodeJS.ProcessEnv, body: () => Promise<T>): Promise<T> {
    const saved = { ...process.env };
    Object.assign(process.env, env);
    for (const name of Object.keys(process.env)) if (env[name] === undefined) delete process.env[name];
    try {
      return await body();
    } finally {
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
    }
  }

  it('@azure/identity ManagedIdentityCredential (App Service 2019)', async () => {
    const token = await withEnv(terminalEnv(), () => new ManagedIdentityCredential().getToken('https://storage.azure.com/.default'));
    assert.equal(token.token, FAKE_TOKEN);
    assert.deepEqual(requests.map((r) => [r.scopes[0], r.protocol]), [['https://storage.azure.com/.default', 'appService2019']]);
  });

  it('our ManagedIdentityCredential with only MSI_ENDPOINT and MSI_SECRET (2017-09-01)', async () => {
    const credential = new OurManagedIdentityCredential({ environment: terminalEnv(['MSI_ENDPOINT', 'MSI_SECRET']) });
    const token = await credential.getToken('https://vault.azure.net/.default');
    assert.equal(token.token, FAKE_TOKEN);
    assert.deepEqual(requests.map((r) => r.protocol), ['appService2017']);
  });

  it('Python azure.identity ManagedIdentityCredential, through IDENTITY_ENDPOINT and through MSI_ENDPOINT alone', async () => {
    const probe = spawnSync('/usr/bin/python3', ['-c', 'import azure.identity'], { timeout: 20_000 });
    assert.equal(probe.status, 0, 'Python azure.identity is missing: apt-get install python3-azure');
    const script = `from azure.identity import ManagedIdentityCredential\nt = ManagedIdentityCredential().get_token("https://vault.azure.net/.default")\nprint("ok" if t.token == "${FAKE_TOKEN}" and t.expires_on == ${Math.floor(expiresOnTimestamp / 1000)} else "mismatch")`;
    // Asynchronously: this process serves the endpoint, so it must not block while Python calls it.
    for (const only of [undefined, ['MSI_ENDPOINT', 'MSI_SECRET']]) {
      const { stdout } = await run('/usr/bin/python3', ['-c', script], { env: terminalEnv(only), encoding: 'utf8', timeout: 30_000 });
      assert.equal(stdout.trim(), 'ok');
    }
    assert.deepEqual(requests.map((r) => r.protocol), ['appService2019', 'appService2017']);
  });

  it('curl, as a person would call it in the terminal', async () => {
    const { stdout } = await run('sh', ['-c', 'curl -sS --max-time 10 -H "X-IDENTITY-HEADER: $IDENTITY_HEADER" "$IDENTITY_ENDPOINT?resource=https://management.azure.com&api-version=2019-08-01"'], {
      env: terminalEnv(),
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.equal((JSON.parse(stdout) as { access_token: string }).access_token, FAKE_TOKEN);
  });

  it('an azd-protocol client (curl speaking azd external authentication)', async () => {
    const { stdout } = await run(
      'sh',
      ['-c', `curl -sS --max-time 10 -X POST -H "Authorization: Bearer $AZD_AUTH_KEY" -H "Content-Type: application/json" -d '{"scopes":["https://management.azure.com//.default"]}' "$AZD_AUTH_ENDPOINT/token?api-version=2023-07-12-preview"`],
      { env: terminalEnv(), encoding: 'utf8', timeout: 20_000 },
    );
    const body = JSON.parse(stdout) as { status: string; token: string; expiresOn: string };
    assert.equal(body.status, 'success');
    assert.equal(body.token, FAKE_TOKEN);
    assert.equal(Date.parse(body.expiresOn), expiresOnTimestamp);
  });
});
