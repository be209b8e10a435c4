// ChainedTokenCredential's contract with stand-in credentials: order, what moves the chain on and what stops
// it, the aggregated message, events, and the early starts that keep a chain from paying every wait in turn.
import * as assert from 'node:assert/strict';
import { chainHint, ChainedTokenCredential, type ChainHint } from '../../../src/identity/credentials/chainedTokenCredential';
import {
  AbortError,
  AggregateAuthenticationError,
  AuthenticationRequiredError,
  ClientAuthenticationError,
  CredentialUnavailableError,
  InvalidArgumentError,
} from '../../../src/identity/errors';
import { addCredentialEventListener, type CredentialEvent } from '../../../src/identity/events';
import type { AccessToken, GetTokenOptions, TokenCredential } from '../../../src/identity/types';

const SCOPE = 'https://management.azure.com/.default';

type Outcome = 'token' | 'unavailable' | 'authRequired' | 'error';

/** A log shared by the stand-ins of one test: "start A", "end A", ... in the order things happened. */
type Journal = string[];

class StandIn implements TokenCredential {
  calls = 0;
  signals: AbortSignal[] = [];

  constructor(
    readonly credentialName: string,
    private readonly outcome: Outcome,
    private readonly journal: Journal,
    private readonly delayMs = 0,
  ) {}

  async getToken(_scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    this.calls++;
    this.journal.push(`start ${this.credentialName}`);
    const signal = options?.abortSignal as AbortSignal | undefined;
    if (signal) this.signals.push(signal);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, this.delayMs);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        this.journal.push(`aborted ${this.credentialName}`);
        reject(new AbortError());
      });
    });
    this.journal.push(`end ${this.credentialName}`);
    switch (this.outcome) {
      case 'token':
        return { token: `token-from-${this.credentialName}`, expiresOnTimestamp: Date.now() + 3_600_000 };
      case 'unavailable':
        throw new CredentialUnavailableError(`${this.credentialName} is not set up here`);
      case 'authRequired':
        throw new AuthenticationRequiredError({ scopes: [SCOPE], message: `${this.credentialName} needs a sign-in` });
      case 'error':
        throw new ClientAuthenticationError(400, { error: 'invalid_client', errorDescription: `${this.credentialName} was refused` });
    }
  }
}

/** A stand-in that tells chains how it may be scheduled. */
function hinted(credential: StandIn, hint: ChainHint): StandIn {
  Object.defineProperty(credential, chainHint, { value: () => hint });
  return credential;
}

const probe: ChainHint = { availability: 'unknown', speculative: true };

describe('identity2: ChainedTokenCredential', () => {
  it('returns the first token and never asks the credentials after it', async () => {
    const journal: Journal = [];
    const a = new StandIn('A', 'unavailable', journal);
    const b = new StandIn('B', 'token', journal);
    const c = new StandIn('C', 'token', journal);
    const token = await new ChainedTokenCredential(a, b, c).getToken(SCOPE);
    assert.equal(token.token, 'token-from-B');
    assert.equal(c.calls, 0);
  });

  it('moves on after CredentialUnavailableError and AuthenticationRequiredError', async () => {
    const journal: Journal = [];
    const token = await new ChainedTokenCredential(
      new StandIn('A', 'unavailable', journal),
      new StandIn('B', 'authRequired', journal),
      new StandIn('C', 'token', journal),
    ).getToken(SCOPE);
    assert.equal(token.token, 'token-from-C');
    assert.deepEqual(journal, ['start A', 'end A', 'start B', 'end B', 'start C', 'end C']);
  });

  it('stops at any other error and throws it as it is', async () => {
    const journal: Journal = [];
    const last = new StandIn('C', 'token', journal);
    await assert.rejects(
      new ChainedTokenCredential(new StandIn('A', 'unavailable', journal), new StandIn('B', 'error', journal), last).getToken(SCOPE),
      (error: unknown) => error instanceof ClientAuthenticationError && /B was refused/.test(error.message),
    );
    assert.equal(last.calls, 0);
  });

  it('lists every attempt, in order, when no credential gives a token', async () => {
    const journal: Journal = [];
    try {
      await new ChainedTokenCredential(new StandIn('A', 'unavailable', journal), new StandIn('B', 'authRequired', journal)).getToken(SCOPE);
      assert.fail('expected the chain to fail');
    } catch (error) {
      assert.ok(error instanceof AggregateAuthenticationError);
      assert.equal(
        error.message,
        'ChainedTokenCredential failed to retrieve a token from the included credentials.\n' +
          'Attempted credentials:\n' +
          '\tA: A is not set up here\n' +
          '\tB: B needs a sign-in\n' +
          'To mitigate this issue, please refer to the troubleshooting guidelines here at https://aka.ms/azsdk/js/identity/defaultazurecredential/troubleshoot.',
      );
      assert.equal(error.errors.length, 2);
      assert.ok(error.errors[0] instanceof CredentialUnavailableError);
      assert.ok(error.errors[1] instanceof AuthenticationRequiredError);
    }
  });

  it('emits one event per attempt of a credential that does not report its own', async () => {
    const events: CredentialEvent[] = [];
    const subscription = addCredentialEventListener((event) => events.push(event));
    try {
      const journal: Journal = [];
      await new ChainedTokenCredential(new StandIn('A', 'unavailable', journal), new StandIn('B', 'token', journal)).getToken(SCOPE);
    } finally {
      subscription.dispose();
    }
    assert.deepEqual(
      events.map((e) => [e.credential, e.outcome, e.reason]),
      [
        ['A', 'unavailable', 'A is not set up here'],
        ['B', 'success', undefined],
      ],
    );
    assert.ok(events.every((e) => e.durationMs >= 0 && !JSON.stringify(e).includes('token-from')));
  });

  it('starts later probes while an earlier one is still deciding, and still answers by order', async () => {
    const journal: Journal = [];
    const slow = hinted(new StandIn('IMDS', 'unavailable', journal, 120), probe);
    const cli = hinted(new StandIn('CLI', 'token', journal, 20), probe);
    const token = await new ChainedTokenCredential(slow, cli).getToken(SCOPE);
    assert.equal(token.token, 'token-from-CLI');
    assert.ok(journal.indexOf('start CLI') < journal.indexOf('end IMDS'), `CLI started early: ${journal.join(', ')}`);
  });

  it('lets a later tool reach its process start before the probe that started it early begins', async () => {
    // A tool credential's path to its process (runner, cache, acquire) takes several microtask hops; the probe
    // before it loads an HTTP client and opens a socket synchronously. The tool's process, the long pole,
    // must be under way first.
    const journal: Journal = [];
    const imds = hinted(new StandIn('IMDS', 'unavailable', journal, 30), probe);
    const tool = new StandIn('CLI', 'token', journal, 10);
    const toolPath = tool.getToken.bind(tool);
    tool.getToken = async (scopes, options) => {
      journal.push('queued CLI');
      for (let hop = 0; hop < 5; hop++) await Promise.resolve();
      journal.push('process started CLI');
      return toolPath(scopes, options);
    };
    hinted(tool, probe);
    const token = await new ChainedTokenCredential(imds, tool).getToken(SCOPE);
    assert.equal(token.token, 'token-from-CLI');
    assert.ok(journal.indexOf('process started CLI') < journal.indexOf('start IMDS'), journal.join(', '));
  });

  it('prefers the earlier credential even when a later one answered first', async () => {
    const journal: Journal = [];
    const first = hinted(new StandIn('First', 'token', journal, 80), probe);
    const second = hinted(new StandIn('Second', 'token', journal, 5), probe);
    assert.equal((await new ChainedTokenCredential(first, second).getToken(SCOPE)).token, 'token-from-First');
  });

  it('cancels what it started early and no longer needs', async () => {
    const journal: Journal = [];
    const winner = hinted(new StandIn('Winner', 'token', journal, 20), probe);
    const loser = hinted(new StandIn('Loser', 'token', journal, 5_000), probe);
    await new ChainedTokenCredential(winner, loser).getToken(SCOPE);
    assert.equal(loser.signals[0]?.aborted, true);
    await new Promise((r) => setImmediate(r));
    assert.ok(journal.includes('aborted Loser'));
  });

  it('never starts early a credential that did not allow it, nor anything past a configured one', async () => {
    const journal: Journal = [];
    const probing = hinted(new StandIn('Probe', 'unavailable', journal, 50), probe);
    const interactive = new StandIn('Interactive', 'unavailable', journal);
    const configured = hinted(new StandIn('Configured', 'token', journal, 10), { availability: 'available', speculative: true });
    const after = hinted(new StandIn('After', 'token', journal), probe);
    const token = await new ChainedTokenCredential(probing, interactive, configured, after).getToken(SCOPE);
    assert.equal(token.token, 'token-from-Configured');
    assert.ok(journal.indexOf('start Interactive') > journal.indexOf('end Probe'), journal.join(', '));
    assert.ok(journal.indexOf('start Configured') < journal.indexOf('end Probe'), 'the configured one was started early');
    assert.equal(after.calls, 0);
  });

  it('skips credentials that declare themselves unavailable when starting early', async () => {
    const journal: Journal = [];
    const probing = hinted(new StandIn('Probe', 'unavailable', journal, 30), probe);
    const off = hinted(new StandIn('Off', 'unavailable', journal), { availability: 'unavailable', speculative: true });
    const cli = hinted(new StandIn('CLI', 'token', journal, 5), probe);
    await new ChainedTokenCredential(probing, off, cli).getToken(SCOPE);
    assert.ok(journal.indexOf('start Off') > journal.indexOf('end Probe'), 'asked in its turn only');
  });

  it('passes the caller’s cancellation to every credential it started', async () => {
    const journal: Journal = [];
    const a = hinted(new StandIn('A', 'token', journal, 5_000), probe);
    const b = hinted(new StandIn('B', 'token', journal, 5_000), probe);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    await assert.rejects(new ChainedTokenCredential(a, b).getToken(SCOPE, { abortSignal: controller.signal }), (e: unknown) => (e as Error).name === 'AbortError');
    assert.equal(a.signals[0]?.aborted, true);
    assert.equal(b.signals[0]?.aborted, true);
  });

  it('needs at least one credential', () => {
    assert.throws(() => new ChainedTokenCredential(), InvalidArgumentError);
  });
});
