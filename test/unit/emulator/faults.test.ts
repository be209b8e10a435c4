// Injected faults: status (429 + Retry-After, 5xx), dropped connections, delays, hangs and claims
// challenges, with their matching rules (endpoint, client, tenant, times).
import * as assert from 'node:assert/strict';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_PUBLIC_CLIENT_ID, DEFAULT_TENANT_ID } from '../../emulator/defaults';
import { startEmulator, type RunningEmulator } from '../../emulator/index';
import { aadsts, call, decodeJwt, postForm, tokenUrl, useEmulator } from './helpers';

const CLAIMS = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';

function clientCredentials(emulator: RunningEmulator, extra: Record<string, string> = {}) {
  return postForm(emulator, tokenUrl(emulator, DEFAULT_TENANT_ID), {
    grant_type: 'client_credentials', client_id: DEFAULT_CLIENT_ID, client_secret: DEFAULT_CLIENT_SECRET, scope: 'https://management.azure.com/.default', ...extra,
  });
}

describe('emulator: faults', function () {
  this.timeout(20_000);
  const emulator = useEmulator();

  it('throttles with 429, Retry-After and an Entra error, once, then serves normally', async () => {
    emulator().control.addFault({ endpoint: 'token', action: { type: 'status', status: 429, retryAfterSeconds: 7 } });

    const throttled = await clientCredentials(emulator());
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers['retry-after'], '7');
    assert.ok(aadsts(throttled));
    assert.match(String(throttled.json.error_description), /^AADSTS\d+: .*Trace ID: .*Correlation ID: .*Timestamp: /s);

    const next = await clientCredentials(emulator());
    assert.equal(next.status, 200);
    const log = emulator().control.requests({ endpoint: 'token' });
    assert.deepEqual(log.map((entry) => [entry.status, entry.fault]), [[429, 'status'], [200, undefined]]);
  });

  it('applies a fault the given number of times, or until cleared with times: 0', async () => {
    emulator().control.addFault({ endpoint: 'token', times: 2, action: { type: 'status', status: 503, error: 'temporarily_unavailable' } });
    assert.equal((await clientCredentials(emulator())).status, 503);
    assert.equal((await clientCredentials(emulator())).status, 503);
    assert.equal((await clientCredentials(emulator())).status, 200);

    emulator().control.addFault({ endpoint: '*', times: 0, action: { type: 'status', status: 500 } });
    for (let i = 0; i < 3; i++) {
      assert.equal((await clientCredentials(emulator())).status, 500);
    }
    emulator().control.clearFaults();
    assert.equal((await clientCredentials(emulator())).status, 200);
  });

  it('matches faults by client id and tenant', async () => {
    emulator().control.addFault({ endpoint: 'token', clientId: DEFAULT_PUBLIC_CLIENT_ID, action: { type: 'status', status: 500 } });
    emulator().control.addFault({ endpoint: 'token', tenant: 'organizations', action: { type: 'status', status: 502 } });
    assert.equal((await clientCredentials(emulator())).status, 200);
    assert.equal(emulator().control.faults().length, 2);
  });

  it('drops the connection without an answer', async () => {
    emulator().control.addFault({ endpoint: 'token', action: { type: 'drop' } });
    await assert.rejects(clientCredentials(emulator()), /socket hang up|ECONNRESET/);
    const [entry] = emulator().control.requests({ endpoint: 'token' });
    assert.equal(entry.fault, 'drop');
    assert.equal(entry.status, undefined);
  });

  it('delays, then answers normally', async () => {
    emulator().control.addFault({ endpoint: 'token', action: { type: 'delay', ms: 50 } });
    const response = await clientCredentials(emulator());
    assert.equal(response.status, 200);
    assert.equal(emulator().control.requests({ endpoint: 'token' })[0].fault, 'delay');
  });

  it('answers a claims challenge at the token endpoint with interaction_required and the claims', async () => {
    emulator().control.addFault({ endpoint: 'token', action: { type: 'claimsChallenge', claims: CLAIMS } });
    const challenged = await clientCredentials(emulator());
    assert.equal(challenged.status, 400);
    assert.equal(challenged.json.error, 'interaction_required');
    assert.equal(challenged.json.claims, CLAIMS);

    // The client asks again with the claims; the token reflects them.
    const answered = await clientCredentials(emulator(), { claims: CLAIMS });
    assert.equal(answered.status, 200);
    assert.deepEqual(decodeJwt(String(answered.json.access_token)).payload.acrs, ['c1']);
  });

  it('answers a claims challenge at ARM with 401 and WWW-Authenticate insufficient_claims', async () => {
    const token = String((await clientCredentials(emulator())).json.access_token);
    emulator().control.addFault({ endpoint: 'arm', action: { type: 'claimsChallenge', claims: CLAIMS } });
    const response = await call(emulator(), 'GET', `${emulator().url}/subscriptions?api-version=2022-12-01`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(response.status, 401);
    const challenge = String(response.headers['www-authenticate']);
    assert.match(challenge, /error="insufficient_claims"/);
    const claims = /claims="([^"]+)"/.exec(challenge)?.[1] ?? '';
    assert.equal(Buffer.from(claims, 'base64').toString('utf8'), CLAIMS);
  });

  it('refuses a fault it cannot apply, saying what is wrong', () => {
    assert.throws(() => emulator().control.addFault({ endpoint: 'token', action: { type: 'status', status: 99 } }), /between 100 and 599/);
    assert.throws(() => emulator().control.addFault({ endpoint: 'nowhere' as 'token', action: { type: 'drop' } }), /endpoint must be one of/);
  });
});

describe('emulator: a hung request', function () {
  this.timeout(20_000);

  it('stays unanswered until close(), which ends it promptly', async () => {
    const emulator = await startEmulator();
    emulator.control.addFault({ endpoint: 'imds', action: { type: 'hang' } });
    let settled = false;
    const hung = call(emulator, 'GET', `${emulator.imdsUrl}/metadata/identity/oauth2/token?api-version=2018-02-01&resource=x`, { headers: { Metadata: 'true' } })
      .finally(() => {
        settled = true;
      });
    hung.catch(() => undefined);
    // Wait until the emulator has the request.
    for (let i = 0; i < 100 && emulator.control.requests({ endpoint: 'imds' }).length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal(emulator.control.requests({ endpoint: 'imds' }).length, 1);
    assert.equal(settled, false);

    await emulator.close();
    await assert.rejects(hung, /socket hang up|ECONNRESET/);
  });
});
