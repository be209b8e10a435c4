// The stored MSAL cache several clients share: a save merges instead of overwriting, and a signed-out
// account's entries are removed.
import * as assert from 'node:assert/strict';
import { MemorySecretStore } from '../../../src/vscode/accounts/secretStore';
import { TOKEN_CACHE_KEY, mergeCaches, secretStorageTokenCache } from '../../../src/vscode/accounts/secretStorageTokenCache';

const cache = (accounts: string[]) =>
  JSON.stringify({
    Account: Object.fromEntries(accounts.map((a) => [`${a}-account`, { home_account_id: a }])),
    RefreshToken: Object.fromEntries(accounts.map((a) => [`${a}-rt`, { home_account_id: a, secret: `rt-of-${a}` }])),
    AccessToken: Object.fromEntries(accounts.map((a) => [`${a}-at`, { home_account_id: a, realm: 'tid', target: 'https://management.azure.com/.default' }])),
  });

describe('token cache in secret storage', () => {
  it('a client that loaded before another wrote does not drop the other\'s tokens when it saves', async () => {
    const secrets = new MemorySecretStore();
    const storage = secretStorageTokenCache(secrets);
    await storage.save(cache(['alice']));
    await storage.save(cache(['bob']));
    const stored = JSON.parse((await storage.load()) ?? '{}') as { RefreshToken: Record<string, unknown> };
    assert.deepEqual(Object.keys(stored.RefreshToken).sort(), ['alice-rt', 'bob-rt']);
  });

  it('forgets one account\'s entries, or only its access tokens', async () => {
    const secrets = new MemorySecretStore({ [TOKEN_CACHE_KEY]: cache(['alice', 'bob']) });
    const storage = secretStorageTokenCache(secrets);
    await storage.forgetAccessTokens('bob');
    let stored = JSON.parse((await storage.load()) ?? '{}') as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(stored.AccessToken ?? {}), ['alice-at']);
    assert.ok(stored.RefreshToken?.['bob-rt'], 'the refresh token stays for the next silent request');
    await storage.forgetAccount('alice');
    stored = JSON.parse((await storage.load()) ?? '{}') as Record<string, Record<string, unknown>>;
    assert.ok(!JSON.stringify(stored).includes('alice'));
    assert.ok(JSON.stringify(stored).includes('bob'));
  });

  it('keeps a client\'s newer entry over the stored one', () => {
    const merged = JSON.parse(mergeCaches(JSON.stringify({ AccessToken: { k: { secret: 'old' } } }), JSON.stringify({ AccessToken: { k: { secret: 'new' } } }))) as { AccessToken: { k: { secret: string } } };
    assert.equal(merged.AccessToken.k.secret, 'new');
  });
});
