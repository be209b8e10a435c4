// ClientSecretCredential against the emulator: what the authority receives, caching, refresh, every error
// path and the network faults a real authority shows.
import * as assert from 'node:assert/strict';
import { ClientSecretCredential } from '../../../src/identity/credentials/clientSecretCredential';
import { AbortError, AuthenticationRequiredError, ClientAuthenticationError, InvalidArgumentError } from '../../../src/identity/errors';
import type { CredentialEvent } from '../../../src/identity/events';
import type { IdentityLogEntry } from '../../../src/identity/logger';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_TENANT_ID, SECOND_TENANT_ID } from '../../emulator/defaults';
import { useFreshEmulator } from './support/emulator';
import { FakeClock } from './support/fakeClock';

const ARM = 'https://management.azure.com/.default';
const FAST_RETRY = { maxRetries: 2, retryDelayInMs: 20 };

describe('ClientSecretCredential (emulator)', function () {
  const emulator = useFreshEmulator();

  function credential(options: ConstructorParameters<typeof ClientSecretCredential>[3] = {}, secret = DEFAULT_CLIENT_SECRET, tenant = DEFAULT_TENANT_ID, client = DEFAULT_CLIENT_ID) {
    return new ClientSecretCredential(tenant, client, secret, { ...emulator().authorityOptions, retryOptions: FAST_RETRY, ...options });
  }

  it('gets a token with the client credentials grant, sending the secret and scope', async () => {
    const token = await credential().getToken(ARM);
    assert.equal(token.tokenType, 'Bearer');
    assert.ok(token.expiresOnTimestamp > Date.now() + 50 * 60_000);
    const [request] = await emulator().tokenRequests();
    assert.equal(request?.form?.grant_type, 'client_credentials');
    assert.equal(request?.form?.client_id, DEFAULT_CLIENT_ID);
    assert.ok(request?.form?.client_secret === DEFAULT_CLIENT_SECRET, 'the client secret was sent (compared without printing it)');
    assert.match(request?.form?.scope ?? '', /https:\/\/management\.azure\.com\/\.default/);
    assert.equal(request?.tenant, DEFAULT_TENANT_ID);
  });

  it('serves the second call from its cache: no request reaches the authority', async () => {
    const cred = credential();
    const first = await cred.getToken(ARM);
    const second = await cred.getToken([ARM]);
    assert.ok(second.token === first.token, 'the same token (compared as a boolean so a failure prints no token)');
    assert.equal((await emulator().tokenRequests()).length, 1);
  });

  it('makes one token request for 1,000 concurrent first calls', async () => {
    const cred = credential();
    const tokens = await Promise.all(Array.from({ length: 1000 }, () => cred.getToken(ARM)));
    assert.equal(new Set(tokens.map((t) => t.token)).size, 1);
    assert.equal((await emulator().tokenRequests()).length, 1);
  });

  it('refreshes in the background at refresh_in, serving the valid token meanwhile', async () => {
    await emulator().client.setTokenLifetime({ expiresInSeconds: 3600, refreshInSeconds: 1800 });
    const clock = new FakeClock();
    const cred = credential({ clock });
    const first = await cred.getToken(ARM);
    assert.ok(first.refreshAfterTimestamp !== undefined && first.refreshAfterTimestamp < first.expiresOnTimestamp, 'refresh_in became refreshAfterTimestamp');
    clock.setTo(first.refreshAfterTimestamp + 1000);
    const during = await Promise.all(Array.from({ length: 5 }, () => cred.getToken(ARM)));
    assert.ok(during.every((t) => t.token === first.token), 'callers got the still-valid token at once');
    let requests = await emulator().tokenRequests();
    for (let i = 0; i < 100 && (requests.length < 2 || requests[1]?.status === undefined); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      requests = await emulator().tokenRequests();
    }
    assert.equal(requests.length, 2, 'one refresh request for five callers');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const after = await cred.getToken(ARM);
    assert.ok(after.token !== first.token, 'the background refresh replaced the token');
  });

  it('fails with the authority\'s error for a wrong secret, and says what to do', async () => {
    const error = await credential({}, 'wrong-secret').getToken(ARM).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof ClientAuthenticationError);
    assert.equal(error.statusCode, 401);
    assert.equal(error.errorResponse.error, 'invalid_client');
    assert.deepEqual(error.errorResponse.errorCodes, [7000215]);
    assert.ok(error.errorResponse.correlationId);
    assert.match(error.message, /AADSTS7000215.*copy the secret value/);
    assert.ok(!error.message.includes('wrong-secret'), 'the secret is never in the message');
  });

  it('fails clearly for an unknown tenant and for an unknown client', async () => {
    const tenantError = await credential({}, DEFAULT_CLIENT_SECRET, 'e1a70000-0000-4000-8000-0000000000ff').getToken(ARM).catch((e: unknown) => e);
    assert.ok(tenantError instanceof ClientAuthenticationError);
    assert.match(tenantError.message, /AADSTS90002.*check tenantId/);
    const clientError = await credential({}, DEFAULT_CLIENT_SECRET, DEFAULT_TENANT_ID, 'e1a70000-0000-4000-8000-0000000000ee').getToken(ARM).catch((e: unknown) => e);
    assert.ok(clientError instanceof ClientAuthenticationError);
    assert.match(clientError.message, /AADSTS700016.*check clientId and tenantId/);
  });

  it('refuses bad tenant characters and missing arguments at construction, and empty scopes without a request', async () => {
    assert.throws(() => credential({}, DEFAULT_CLIENT_SECRET, 'contoso/../evil'), (e: unknown) => e instanceof InvalidArgumentError && /Invalid tenant id/.test(e.message));
    assert.throws(() => credential({}, ''), (e: unknown) => e instanceof InvalidArgumentError && /clientSecret is required/.test(e.message));
    await assert.rejects(credential().getToken([]), /at least one scope/);
    assert.equal((await emulator().tokenRequests()).length, 0);
  });

  it('sends claims and asks again instead of serving the cached token', async () => {
    const cred = credential();
    await cred.getToken(ARM);
    const claims = '{"access_token":{"xms_cc":{"values":["cp1"]}}}';
    await cred.getToken(ARM, { claims, enableCae: true });
    const requests = await emulator().tokenRequests();
    assert.equal(requests.length, 2);
    assert.ok((requests[1]?.form?.claims ?? '').includes('xms_cc'), 'the claims reached the authority');
  });

  it('acquires for another tenant only when additionallyAllowedTenants allows it', async () => {
    await assert.rejects(credential().getToken(ARM, { tenantId: SECOND_TENANT_ID }), /AdditionallyAllowedTenants/);
    assert.equal((await emulator().tokenRequests()).length, 0);
    await emulator().client.addApp({ clientId: DEFAULT_CLIENT_ID, tenantId: SECOND_TENANT_ID, secrets: [DEFAULT_CLIENT_SECRET] }).catch(() => undefined);
    await credential({ additionallyAllowedTenants: ['*'] }).getToken(ARM, { tenantId: SECOND_TENANT_ID }).catch(() => undefined);
    const [request] = await emulator().tokenRequests();
    assert.equal(request?.tenant, SECOND_TENANT_ID, 'the request went to the requested tenant');
  });

  describe('faults', () => {
    it('retries a 429 after its Retry-After and then succeeds', async () => {
      await emulator().client.addFault({ endpoint: 'token', times: 1, action: { type: 'status', status: 429, retryAfterSeconds: 1 } });
      const logs: IdentityLogEntry[] = [];
      const token = await credential({ logSink: (entry) => logs.push(entry) }).getToken(ARM);
      assert.ok(token.token);
      const requests = await emulator().tokenRequests();
      assert.deepEqual(requests.map((r) => r.status), [429, 200]);
      assert.ok(logs.some((l) => /HTTP 429; retry 1 of 2 in 1000 ms/.test(l.message)), 'the wait came from Retry-After');
    });

    it('retries a 5xx and succeeds; reports it clearly once retries run out', async () => {
      await emulator().client.addFault({ endpoint: 'token', times: 1, action: { type: 'status', status: 503 } });
      assert.ok((await credential().getToken(ARM)).token);
      assert.deepEqual((await emulator().tokenRequests()).map((r) => r.status), [503, 200]);

      await emulator().client.clearRequests();
      await emulator().client.addFault({ endpoint: 'token', times: 0, action: { type: 'status', status: 500 } });
      const error = await credential().getToken(ARM).catch((e: unknown) => e);
      assert.ok(error instanceof ClientAuthenticationError);
      assert.equal(error.statusCode, 500);
      assert.equal((await emulator().tokenRequests()).length, 3, 'the first try and two retries');
    });

    it('retries a dropped connection', async () => {
      await emulator().client.addFault({ endpoint: 'token', times: 1, action: { type: 'drop' } });
      assert.ok((await credential().getToken(ARM)).token);
      assert.equal((await emulator().tokenRequests()).length, 2);
    });

    it('gives up on a slow authority after networkTimeoutInMs with a clear error', async () => {
      await emulator().client.addFault({ endpoint: 'token', times: 1, action: { type: 'delay', ms: 5000 } });
      const error = await credential({ networkTimeoutInMs: 300 }).getToken(ARM).catch((e: unknown) => e);
      assert.ok(error instanceof ClientAuthenticationError);
      assert.equal(error.errorResponse.error, 'request_timeout');
      assert.match(error.message, /did not answer within 300 ms.*raise networkTimeoutInMs/);
    });

    it('cancels when the abortSignal fires, even while the authority hangs', async () => {
      await emulator().client.addFault({ endpoint: 'token', times: 1, action: { type: 'hang' } });
      const controller = new AbortController();
      const pending = credential().getToken(ARM, { abortSignal: controller.signal });
      setTimeout(() => controller.abort(), 200);
      await assert.rejects(pending, AbortError);
    });
  });

  it('emits one event per call with credential, outcome and reason, never the token', async () => {
    const events: CredentialEvent[] = [];
    const good = credential({ onCredentialEvent: (e) => events.push(e) });
    const token = await good.getToken(ARM);
    await good.getToken(ARM);
    await credential({ onCredentialEvent: (e) => events.push(e) }, 'wrong').getToken(ARM).catch(() => undefined);
    assert.deepEqual(events.map((e) => [e.credential, e.outcome, e.cached]), [
      ['ClientSecretCredential', 'success', false],
      ['ClientSecretCredential', 'success', true],
      ['ClientSecretCredential', 'error', false],
    ]);
    assert.match(events[2]?.reason ?? '', /AADSTS7000215/);
    assert.ok(!JSON.stringify(events).includes(token.token));
  });

  it('names the AADSTS code and description of a claims challenge and says what a service principal can do', async () => {
    const claims = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';
    await emulator().client.addFault({ endpoint: 'token', times: 1, action: { type: 'claimsChallenge', claims } });
    const error = await credential().getToken(ARM).catch((e: unknown) => e);
    assert.ok(error instanceof AuthenticationRequiredError, String(error));
    assert.match(error.message, /^ClientSecretCredential: the authority answered interaction_required: AADSTS50076: Due to a configuration change made by your administrator/);
    assert.match(error.message, /the resource requires these claims: retry getToken with options\.claims from the resource's WWW-Authenticate challenge/);
    assert.doesNotMatch(error.message, /authenticate\(/, 'a service principal has no authenticate()');
    assert.ok(!error.message.includes(DEFAULT_CLIENT_SECRET), 'the secret is not in the message');
    assert.equal(error.claims, claims, 'the claims the authority named are on the error');
    assert.deepEqual(error.scopes, [ARM]);
  });
});
