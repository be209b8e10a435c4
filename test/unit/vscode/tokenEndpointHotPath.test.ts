// The terminal endpoint's hot path: a cached token for a resource on the allow-list is answered at once (no
// promise, in the request's own event), still logged once per hand-out, and never where the slow path would
// say no: outside the allow-list, after sign-out, for another account or tenant, or when the token is due for
// refresh. The real AccountService and a real ClientSecretCredential against the emulator (support/signInUser.ts).
import assert from 'node:assert/strict';
import http from 'node:http';
import type { TokenHandOut } from '../../../src/vscode/accounts/accountServiceContract';
import { AccountService } from '../../../src/vscode/accounts/accountService';
import { MemorySecretStore } from '../../../src/vscode/accounts/secretStore';
import { DEFAULT_ALLOWED_RESOURCES, TerminalTokenBroker, type ConsentQuestion } from '../../../src/vscode/terminal/terminalTokenBroker';
import { startTokenEndpoint, type EndpointTokenRequest, type RunningTokenEndpoint } from '../../../src/vscode/terminal/tokenEndpointServer';
import { useFreshEmulator } from '../msalCredentials/support/emulator';
import { SERVICE_PRINCIPAL_ACCOUNT_ID, signInServicePrincipal } from './support/signInUser';

const ARM = 'https://management.azure.com/.default';
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

function isPromise(value: unknown): boolean {
  return typeof (value as { then?: unknown } | undefined)?.then === 'function';
}

describe('terminal endpoint: the hot path (cached tokens answered at once)', function () {
  const emulator = useFreshEmulator();
  let service: AccountService;
  let broker: TerminalTokenBroker;
  let questions: ConsentQuestion[];
  let handOuts: TokenHandOut[];
  let now: number;
  const accountId = SERVICE_PRINCIPAL_ACCOUNT_ID;

  const request = (scope = ARM, extra: Partial<EndpointTokenRequest> = {}): EndpointTokenRequest => ({
    scopes: [scope],
    binding: {},
    protocol: 'appService2019',
    userAgent: 'azsdk-python-identity/1.15',
    ...extra,
  });

  beforeEach(async () => {
    now = Date.now();
    questions = [];
    handOuts = [];
    service = new AccountService({ secrets: new MemorySecretStore(), logger: quiet, prefetchTenants: false, now: () => now });
    service.onDidHandOutToken((handOut) => handOuts.push(handOut));
    broker = new TerminalTokenBroker({
      service,
      allowList: () => DEFAULT_ALLOWED_RESOURCES,
      ask: async (question) => {
        questions.push(question);
        return 'once';
      },
      rememberAllowed: async () => undefined,
    });
    await signInServicePrincipal(service, emulator());
  });
  afterEach(() => service.dispose());

  it('the second request for a cached token is answered without a promise, and each hand-out is announced', async () => {
    const first = broker.getToken(request());
    assert.ok(isPromise(first), 'the first request fetches');
    const token = await first;
    const second = broker.getToken(request());
    assert.ok(!isPromise(second), 'the cached token comes at once');
    assert.equal((second as { token: string }).token, token.token);
    assert.deepEqual(
      handOuts.map((h) => [h.cached, h.consumer.kind, h.scopes.join(' ')]),
      [
        [false, 'terminal', ARM],
        [true, 'terminal', ARM],
      ],
    );
  });

  it('a resource outside the allow-list is never answered at once: the person is asked each time it is not allowed', async () => {
    const scope = 'https://cognitiveservices.azure.com/.default';
    await broker.getToken(request(scope));
    const again = broker.getToken(request(scope));
    assert.ok(isPromise(again), 'asked again (Allow Once), not served from the hot path');
    await again;
    assert.equal(questions.length, 2);
  });

  it('after sign-out nothing comes at once and the slow path says "not signed in"', async () => {
    await broker.getToken(request());
    await service.signOut(accountId);
    const answer = broker.getToken(request());
    assert.ok(isPromise(answer));
    await assert.rejects(Promise.resolve(answer), (error: Error & { kind?: string }) => error.kind === 'notSignedIn');
  });

  it('another tenant or account is not served the cached token of the first', async () => {
    await broker.getToken(request());
    assert.ok(isPromise(broker.getToken(request(ARM, { tenantId: 'e1a70000-0000-4000-8000-00000000beef' }))), 'another tenant takes the slow path');
    assert.ok(isPromise(broker.getToken(request(ARM, { binding: { accountId: 'someone-else' } }))), 'an unknown bound account takes the slow path');
  });

  it('a token due for refresh takes the slow path (the credential decides), then is hot again', async () => {
    await broker.getToken(request());
    assert.ok(!isPromise(broker.getToken(request())));
    const [held] = service.getTokens(accountId);
    now = (held.refreshAfterTimestamp ?? held.expiresOnTimestamp) + 1;
    assert.ok(isPromise(broker.getToken(request())), 'due: getToken asks the credential');
  });

  it('through the real endpoint: the hot path answers a keep-alive client like the slow one did', async () => {
    let endpoint: RunningTokenEndpoint | undefined;
    try {
      endpoint = await startTokenEndpoint({ getToken: (r) => broker.getToken(r) });
      const secret = endpoint.addSecret({});
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const get = () =>
        new Promise<{ status: number; body: Record<string, string> }>((resolve, reject) => {
          const outgoing = http.get(
            { host: '127.0.0.1', port: endpoint!.port, path: '/msi/token?resource=https%3A%2F%2Fmanagement.azure.com&api-version=2019-08-01', headers: { 'X-IDENTITY-HEADER': secret }, agent },
            (response) => {
              let text = '';
              response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
              response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as Record<string, string> }));
            },
          );
          outgoing.on('error', reject);
          outgoing.setTimeout(10_000, () => outgoing.destroy(new Error('no answer in 10 s')));
        });
      const slow = await get();
      const hot = await get();
      agent.destroy();
      assert.equal(slow.status, 200);
      assert.deepEqual(hot, slow, 'the same answer, byte for byte the same fields');
      assert.equal(hot.body.resource, 'https://management.azure.com');
      assert.equal(handOuts.filter((h) => h.cached).length, 1);
    } finally {
      await endpoint?.close();
    }
  });
});
