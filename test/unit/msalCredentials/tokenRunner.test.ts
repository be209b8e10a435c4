// The shared cache and refresh policy, driven through TokenRunner with a hand-moved clock and an acquirer
// that counts its calls: what callers get, when a request is made, and what happens when one fails.
import * as assert from 'node:assert/strict';
import { AbortError, CredentialUnavailableError, InvalidArgumentError } from '../../../src/identity/errors';
import type { CredentialEvent } from '../../../src/identity/events';
import { createCredentialLogger, type IdentityLogEntry } from '../../../src/identity/logger';
import { TokenRunner, type TokenRequest } from '../../../src/identity/tokenRunner';
import type { AccessToken } from '../../../src/identity/types';
import { FakeClock } from './support/fakeClock';

const SCOPE = 'https://management.azure.com/.default';
const HOUR = 3600_000;

interface Harness {
  runner: TokenRunner;
  clock: FakeClock;
  requests: TokenRequest[];
  events: CredentialEvent[];
  logs: IdentityLogEntry[];
  /** What the next acquisition does; default: a token valid for an hour. */
  next: (request: TokenRequest) => Promise<AccessToken>;
}

function harness(options: { tenantId?: string; allowed?: string[]; maxEntries?: number } = {}): Harness {
  const clock = new FakeClock(Date.UTC(2030, 0, 1));
  const h = {} as Harness;
  let counter = 0;
  h.clock = clock;
  h.requests = [];
  h.events = [];
  h.logs = [];
  h.next = async () => ({ token: `token-${++counter}`, expiresOnTimestamp: clock.now() + HOUR, tokenType: 'Bearer' });
  h.runner = new TokenRunner({
    credentialName: 'TestCredential',
    tenantId: options.tenantId ?? 'home',
    additionallyAllowedTenants: options.allowed,
    logger: createCredentialLogger('TestCredential', (entry) => h.logs.push(entry)),
    onCredentialEvent: (event) => h.events.push(event),
    clock,
    cacheOptions: options.maxEntries === undefined ? undefined : { maxEntries: options.maxEntries },
    acquire: (request) => {
      h.requests.push(request);
      return h.next(request);
    },
  });
  return h;
}

/** Lets pending promise callbacks (a background refresh) run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

describe('TokenRunner and the token cache', () => {
  it('serves a second call from the cache without a request', async () => {
    const h = harness();
    const first = await h.runner.getToken(SCOPE);
    const second = await h.runner.getToken([SCOPE]);
    assert.equal(second.token, first.token);
    assert.equal(h.requests.length, 1);
    assert.deepEqual(h.events.map((e) => [e.outcome, e.cached]), [['success', false], ['success', true]]);
  });

  it('keys the cache by scopes, tenant, claims and CAE', async () => {
    const h = harness({ allowed: ['other'] });
    await h.runner.getToken(SCOPE);
    await h.runner.getToken('https://vault.azure.net/.default');
    await h.runner.getToken(SCOPE, { tenantId: 'other' });
    await h.runner.getToken(SCOPE, { claims: '{"access_token":{"nbf":{"essential":true}}}' });
    await h.runner.getToken(SCOPE, { enableCae: true });
    await h.runner.getToken(SCOPE);
    assert.equal(h.requests.length, 5);
    assert.deepEqual(
      h.requests.map((r) => [r.tenantId, r.claims !== undefined, r.enableCae]),
      [['home', false, false], ['home', false, false], ['other', false, false], ['home', true, false], ['home', false, true]],
    );
  });

  it('asks again once a token left the cache (cleared or dropped for room), and never serves the old one', async () => {
    const h = harness({ maxEntries: 2 });
    const [a, b, c] = ['https://a.example/.default', 'https://b.example/.default', 'https://c.example/.default'];
    const first = await h.runner.getToken(a);
    assert.equal((await h.runner.getToken(a)).token, first.token);
    h.runner.cache.clear();
    const afterClear = await h.runner.getToken(a);
    assert.notEqual(afterClear.token, first.token, 'a cleared token is not served');
    assert.equal((await h.runner.getToken(a)).token, afterClear.token);
    assert.equal(h.requests.length, 2);

    await h.runner.getToken(b);
    await h.runner.getToken(c); // room for two: a, stored longest ago, is dropped
    const afterDrop = await h.runner.getToken(a);
    assert.notEqual(afterDrop.token, afterClear.token, 'a dropped token is not served');
    assert.equal(h.requests.length, 5);
    assert.equal((await h.runner.getToken(a)).token, afterDrop.token);
    await h.runner.getToken(c);
    assert.equal(h.requests.length, 5, 'a and c stay cached');
    await h.runner.getToken(b);
    assert.equal(h.requests.length, 6, 'b made room for a');
  });

  it('makes one request for 1,000 concurrent first calls', async () => {
    const h = harness();
    const tokens = await Promise.all(Array.from({ length: 1000 }, () => h.runner.getToken(SCOPE)));
    assert.equal(h.requests.length, 1);
    assert.equal(new Set(tokens.map((t) => t.token)).size, 1);
  });

  it('serves the still-valid token at refresh time while one background refresh runs', async () => {
    const h = harness();
    const first = await h.runner.getToken(SCOPE);
    h.clock.advance(HOUR - 4 * 60_000); // inside the 5-minute refresh window, still valid
    let release!: () => void;
    h.next = (request) =>
      new Promise((resolve) => {
        release = () => resolve({ token: 'refreshed', expiresOnTimestamp: h.clock.now() + HOUR });
        assert.equal(request.forceRefresh, true, 'a refresh skips the cache below ours');
      });
    const during = await Promise.all([h.runner.getToken(SCOPE), h.runner.getToken(SCOPE), h.runner.getToken(SCOPE)]);
    assert.deepEqual(during.map((t) => t.token), [first.token, first.token, first.token], 'callers did not wait for the refresh');
    await settle();
    assert.equal(h.requests.length, 2, 'exactly one background refresh');
    release();
    await settle();
    assert.equal((await h.runner.getToken(SCOPE)).token, 'refreshed');
  });

  it('refreshes at refreshAfterTimestamp when the authority gave one', async () => {
    const h = harness();
    h.next = async () => ({ token: 'a', expiresOnTimestamp: h.clock.now() + HOUR, refreshAfterTimestamp: h.clock.now() + HOUR / 2 });
    await h.runner.getToken(SCOPE);
    h.clock.advance(HOUR / 2 - 1000);
    await h.runner.getToken(SCOPE);
    await settle();
    assert.equal(h.requests.length, 1, 'no refresh before refresh_in');
    h.clock.advance(2000);
    await h.runner.getToken(SCOPE);
    await settle();
    assert.equal(h.requests.length, 2, 'a refresh once refresh_in has passed');
  });

  it('keeps the old token when a background refresh fails, and retries no sooner than 30 s later', async () => {
    const h = harness();
    const first = await h.runner.getToken(SCOPE);
    h.clock.advance(HOUR - 4 * 60_000);
    h.next = () => Promise.reject(new Error('authority down'));
    assert.equal((await h.runner.getToken(SCOPE)).token, first.token);
    await settle();
    assert.equal(h.requests.length, 2);
    assert.ok(h.logs.some((l) => l.level === 'warning' && /Background token refresh failed.*retried after 30 s.*authority down/.test(l.message)));
    h.clock.advance(29_000);
    assert.equal((await h.runner.getToken(SCOPE)).token, first.token);
    await settle();
    assert.equal(h.requests.length, 2, 'no retry within 30 s');
    h.clock.advance(2_000);
    h.next = async () => ({ token: 'second-try', expiresOnTimestamp: h.clock.now() + HOUR });
    assert.equal((await h.runner.getToken(SCOPE)).token, first.token);
    await settle();
    assert.equal(h.requests.length, 3, 'retried after 30 s');
    assert.equal((await h.runner.getToken(SCOPE)).token, 'second-try');
  });

  it('makes callers wait for a new token once the old one has expired', async () => {
    const h = harness();
    await h.runner.getToken(SCOPE);
    h.clock.advance(HOUR + 1);
    const next = await h.runner.getToken(SCOPE);
    assert.equal(next.token, 'token-2');
    assert.equal(h.requests[1]?.forceRefresh, true);
  });

  it('rejects an aborted caller at once and cancels the request only when every caller gave up', async () => {
    const h = harness();
    const signals: AbortSignal[] = [];
    h.next = (request) =>
      new Promise((_, reject) => {
        signals.push(request.abortSignal);
        request.abortSignal.addEventListener('abort', () => reject(new AbortError()));
      });
    const one = new AbortController();
    const two = new AbortController();
    const first = h.runner.getToken(SCOPE, { abortSignal: one.signal });
    const second = h.runner.getToken(SCOPE, { abortSignal: two.signal });
    await settle();
    one.abort();
    await assert.rejects(first, AbortError);
    assert.equal(signals[0]?.aborted, false, 'the shared request lives on for the second caller');
    two.abort();
    await assert.rejects(second, AbortError);
    assert.equal(signals[0]?.aborted, true);
    assert.equal(h.requests.length, 1);
    const already = new AbortController();
    already.abort();
    await assert.rejects(h.runner.getToken(SCOPE, { abortSignal: already.signal }), AbortError);
  });

  it('refuses bad scopes and disallowed tenants without a request, and reports them as errors', async () => {
    const h = harness();
    await assert.rejects(h.runner.getToken([]), InvalidArgumentError);
    await assert.rejects(h.runner.getToken(SCOPE, { tenantId: 'elsewhere' }), /AdditionallyAllowedTenants/);
    await assert.rejects(h.runner.getToken(SCOPE, { tenantId: 'bad tenant' }), /Invalid tenant id/);
    assert.equal(h.requests.length, 0);
    assert.deepEqual(h.events.map((e) => e.outcome), ['error', 'error', 'error']);
  });

  it('reports CredentialUnavailableError as "unavailable" with its reason, and never a token in an event', async () => {
    const h = harness();
    h.next = () => Promise.reject(new CredentialUnavailableError('Azure CLI not found on path'));
    await assert.rejects(h.runner.getToken(SCOPE), CredentialUnavailableError);
    const event = h.events[0];
    assert.equal(event?.outcome, 'unavailable');
    assert.equal(event?.reason, 'Azure CLI not found on path');
    assert.equal(event?.credential, 'TestCredential');
    h.next = async () => ({ token: 'secret-token-value', expiresOnTimestamp: h.clock.now() + HOUR });
    await h.runner.getToken(SCOPE);
    assert.ok(!JSON.stringify(h.events).includes('secret-token-value'));
    assert.ok(!JSON.stringify(h.logs).includes('secret-token-value'));
  });
});
