// getBearerTokenProvider: a token string for fixed scopes, cycled as @azure/core-rest-pipeline's bearer
// policy does (reused until two minutes before expiry or its refreshAfterTimestamp, then refreshed in the
// background while still valid, awaited only when about to expire), against a real credential on the
// emulator and against a scripted TokenCredential that shows each cycling rule.
import * as assert from 'node:assert/strict';
import { ClientSecretCredential } from '../../../src/identity/credentials/clientSecretCredential';
import { getBearerTokenProvider } from '../../../src/identity/tokenProvider';
import type { AccessToken, GetTokenOptions, TokenCredential } from '../../../src/identity/types';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_TENANT_ID } from '../../emulator/defaults';
import { useFreshEmulator } from './support/emulator';

const ARM = 'https://management.azure.com/.default';

/** A TokenCredential that hands out the tokens a test scripts, and records each call. */
class ScriptedCredential implements TokenCredential {
  readonly calls: { scopes: string | string[]; options: GetTokenOptions | undefined }[] = [];
  constructor(private readonly answers: (() => Promise<AccessToken>)[]) {}
  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    this.calls.push({ scopes, options });
    const next = this.answers.shift();
    return next ? next() : Promise.reject(new Error('no more scripted tokens'));
  }
}

const token = (value: string, expiresInMs: number, refreshAfterInMs?: number): (() => Promise<AccessToken>) => () =>
  Promise.resolve({ token: value, expiresOnTimestamp: Date.now() + expiresInMs, refreshAfterTimestamp: refreshAfterInMs === undefined ? undefined : Date.now() + refreshAfterInMs });

describe('getBearerTokenProvider', function () {
  this.timeout(30_000);
  const emulator = useFreshEmulator();

  it('returns the credential’s token as a string, and a second call asks the authority nothing', async () => {
    const credential = new ClientSecretCredential(DEFAULT_TENANT_ID, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, emulator().authorityOptions);
    const provider = getBearerTokenProvider(credential, ARM);
    const first = await provider();
    assert.equal(JSON.parse(Buffer.from(first.split('.')[1], 'base64url').toString()).appid, DEFAULT_CLIENT_ID);
    assert.ok((await provider()) === first, 'the same token (compared as a boolean)');
    assert.equal((await emulator().tokenRequests()).length, 1);
  });

  it('asks for a CAE-capable token with the given scopes and abort signal', async () => {
    const controller = new AbortController();
    const credential = new ScriptedCredential([token('a', 3_600_000)]);
    await getBearerTokenProvider(credential, [ARM], { abortSignal: controller.signal })();
    assert.deepEqual(credential.calls[0]?.scopes, [ARM]);
    assert.equal(credential.calls[0]?.options?.enableCae, true);
    assert.equal(credential.calls[0]?.options?.abortSignal, controller.signal);
  });

  it('reuses a token until its refresh time, then hands out the valid one while one background refresh runs', async () => {
    const credential = new ScriptedCredential([token('first', 3_600_000, -1), token('second', 3_600_000)]);
    const provider = getBearerTokenProvider(credential, ARM);
    assert.equal(await provider(), 'first');
    // Past refreshAfterTimestamp: the still-valid token comes back at once, and exactly one refresh starts.
    const during = await Promise.all([provider(), provider(), provider()]);
    assert.deepEqual(during, ['first', 'first', 'first']);
    assert.equal(credential.calls.length, 2);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(await provider(), 'second');
    assert.equal(credential.calls.length, 2);
  });

  it('refreshes within two minutes of expiry, and waits for the new token when the old one is about to expire', async () => {
    const early = new ScriptedCredential([token('old', 90_000), token('new', 3_600_000)]);
    const earlyProvider = getBearerTokenProvider(early, ARM);
    assert.equal(await earlyProvider(), 'old');
    assert.equal(await earlyProvider(), 'old', 'still valid for 90 s: handed out while the refresh runs');
    assert.equal(early.calls.length, 2);

    const late = new ScriptedCredential([token('expiring', 500), token('fresh', 3_600_000)]);
    const lateProvider = getBearerTokenProvider(late, ARM);
    assert.equal(await lateProvider(), 'expiring');
    assert.equal(await lateProvider(), 'fresh', 'less than a second left: the caller waited for the new token');
  });

  it('keeps the valid token when a background refresh fails, and passes the error on when there is no token', async () => {
    const credential = new ScriptedCredential([token('valid', 90_000), () => Promise.reject(new Error('authority down'))]);
    const provider = getBearerTokenProvider(credential, ARM);
    assert.equal(await provider(), 'valid');
    assert.equal(await provider(), 'valid');
    const failing = getBearerTokenProvider(new ScriptedCredential([() => Promise.reject(new Error('signed out'))]), ARM);
    await assert.rejects(failing(), /signed out/);
  });

  it('refuses something that is not a credential', () => {
    assert.throws(() => getBearerTokenProvider({} as TokenCredential, ARM), /credential must be a TokenCredential/);
  });
});
