// What a user account's tokens carry and where they are kept, in plain Node against the Entra ID emulator with
// real MSAL: the OpenID Connect id token that comes with each token (the provider's AuthenticationSession.idToken),
// and CAE and non-CAE access tokens kept apart in the one stored cache, also after a reload and after migrating
// a cache stored before the split (one mixed access-token section).
import * as assert from 'node:assert/strict';
import { InteractiveBrowserCredential } from '../../../src/identity/credentials/interactiveBrowserCredential';
import type { Account, SignedInAccount } from '../../../src/vscode/accounts/accountServiceContract';
import { AccountService } from '../../../src/vscode/accounts/accountService';
import { commonCredentialOptions, userCacheOptions } from '../../../src/vscode/accounts/accountCredentials';
import { MemorySecretStore, type AccountLogger } from '../../../src/vscode/accounts/secretStore';
import { LEGACY_TOKEN_CACHE_KEY, TOKEN_CACHE_KEY, splitLegacyCache } from '../../../src/vscode/accounts/secretStorageTokenCache';
import { DEFAULT_TENANT_ID, DEFAULT_USERNAME, VSCODE_CLIENT_ID } from '../../emulator/defaults';
import { useFreshEmulator } from '../msalCredentials/support/emulator';
import { fakeBrowser } from '../msalCredentials/support/fakeBrowser';

const silentLogger: AccountLogger & { lines: string[] } = {
  lines: [],
  info(message) {
    this.lines.push(message);
  },
  warn(message) {
    this.lines.push(message);
  },
  error(message) {
    this.lines.push(message);
  },
};

function claimsOf(jwt: string | undefined): Record<string, unknown> {
  assert.ok(jwt, 'a token');
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

const isCae = (jwt: string) => ((claimsOf(jwt).xms_cc as string[] | undefined) ?? []).some((c) => c.toLowerCase() === 'cp1');

type StoredCache = Record<string, Record<string, { secret?: string }> | undefined>;

describe('user account tokens: id token, CAE and non-CAE kept apart (emulator)', function () {
  const emulator = useFreshEmulator();
  const services: AccountService[] = [];
  let secrets: MemorySecretStore;

  const armEndpoint = () => (emulator().isolated ? 'https://management.azure.com' : emulator().url);
  const armScope = () => `${armEndpoint()}/.default`;
  const tokenRequestCount = async () => (await emulator().tokenRequests()).length;

  function newService(): AccountService {
    const service = new AccountService({ secrets, logger: silentLogger, prefetchTenants: false });
    services.push(service);
    return service;
  }

  /** A browser sign-in into the service's cache, as the sign-in flow does it. */
  async function signIn(service: AccountService): Promise<Account> {
    const authorityHost = emulator().authorityHost;
    const credential = new InteractiveBrowserCredential({
      ...commonCredentialOptions(authorityHost),
      ...userCacheOptions(service.userTokenCache),
      ...emulator().authorityOptions,
      tenantId: 'organizations',
      clientId: VSCODE_CLIENT_ID,
      loginHint: DEFAULT_USERNAME,
      disableAutomaticAuthentication: true,
      browserOpener: fakeBrowser().open,
    });
    const record = await credential.authenticate([armScope()]);
    const account: SignedInAccount = {
      id: record.homeAccountId,
      label: record.username,
      kind: 'user',
      method: 'interactiveBrowser',
      cloud: emulator().isolated ? 'AzureCloud' : 'custom',
      authorityHost,
      resourceManagerEndpoint: armEndpoint(),
      homeTenantId: record.tenantId,
      clientId: record.clientId,
      signedInAt: Date.now(),
      record: { authority: record.authority, homeAccountId: record.homeAccountId, clientId: record.clientId, tenantId: record.tenantId, username: record.username },
    };
    return service.addAccount(account, credential);
  }

  async function stored(key = TOKEN_CACHE_KEY): Promise<StoredCache> {
    return JSON.parse((await secrets.get(key)) ?? '{}') as StoredCache;
  }

  const secretsOf = (section: Record<string, { secret?: string }> | undefined) => Object.values(section ?? {}).map((e) => e.secret ?? '');

  beforeEach(() => {
    secrets = new MemorySecretStore();
    silentLogger.lines.length = 0;
  });

  afterEach(() => {
    for (const service of services.splice(0)) service.dispose();
  });

  it('a user\'s token comes with the id token issued with it, naming the account; also when served from a cache or after a reload', async () => {
    const service = newService();
    const alice = await signIn(service);
    const token = await service.getToken(alice.id, { scopes: [armScope()], consumer: { kind: 'tree' } });
    const claims = claimsOf(token.idToken);
    assert.equal(claims.aud, VSCODE_CLIENT_ID, 'an id token is for the client, not the resource');
    assert.equal(claims.tid, DEFAULT_TENANT_ID);
    assert.equal(claims.preferred_username, DEFAULT_USERNAME);
    assert.equal(claims.oid, alice.id.split('.')[0], 'the account\'s object id');
    assert.notEqual(token.idToken, token.token);

    const cached = await service.getToken(alice.id, { scopes: [armScope()], consumer: { kind: 'tree' } });
    assert.equal(cached.token, token.token, 'served from the cache');
    assert.equal(cached.idToken, token.idToken);

    service.dispose();
    const reloaded = newService();
    const again = await reloaded.getToken(alice.id, { scopes: [armScope()], consumer: { kind: 'tree' } });
    assert.equal(claimsOf(again.idToken).oid, claims.oid, 'the stored cache\'s id token');
    assert.ok(!silentLogger.lines.some((line) => line.includes(String(token.idToken).split('.')[2])), 'the id token is never logged');
  });

  it('a non-CAE request never gets a CAE token and a CAE request never a non-CAE one, in memory and from the stored cache', async () => {
    const first = newService();
    const alice = await signIn(first);
    const plain = await first.getToken(alice.id, { scopes: [armScope()], consumer: { kind: 'tree' } });
    const cae = await first.getToken(alice.id, { scopes: [armScope()], enableCae: true, consumer: { kind: 'tree' } });
    assert.equal(isCae(plain.token), false, 'the sign-in\'s token was requested without cp1');
    assert.equal(isCae(cae.token), true, 'a CAE request gets a CAE-capable token, not the cached plain one');
    assert.ok((await first.getToken(alice.id, { scopes: [armScope()], consumer: { kind: 'tree' } })).token === plain.token, 'and the plain one stays plain');
    const document = await stored();
    assert.deepEqual(secretsOf(document.AccessToken).map(isCae), [false], 'one plain token under AccessToken');
    assert.deepEqual(secretsOf(document.AccessTokenCae).map(isCae), [true], 'one CAE token apart');
    assert.equal(Object.keys(document.RefreshToken ?? {}).length, 1, 'one refresh token serves both');

    // A new window: nothing in memory, both served from the stored cache, each from its own section.
    first.dispose();
    const before = await tokenRequestCount();
    const second = newService();
    assert.equal((await second.getToken(alice.id, { scopes: [armScope()], enableCae: true, consumer: { kind: 'tree' } })).token, cae.token);
    assert.equal((await second.getToken(alice.id, { scopes: [armScope()], consumer: { kind: 'tree' } })).token, plain.token);
    assert.equal(await tokenRequestCount(), before, 'no request to the authority');
  });

  it('migrates a cache stored before the split: each access token goes to its kind, and the old key is removed', async () => {
    const graphScope = 'https://graph.microsoft.com/.default';
    const first = newService();
    const alice = await signIn(first);
    const plain = await first.getToken(alice.id, { scopes: [armScope()], consumer: { kind: 'tree' } });
    const cae = await first.getToken(alice.id, { scopes: [graphScope], enableCae: true, consumer: { kind: 'tree' } });
    first.dispose();
    // The v1 layout: every access token in one section (a CAE and a plain token for the same scopes had the same
    // MSAL key there, so one overwrote the other: whichever came last was served to both kinds of request).
    const { AccessTokenCae, ...rest } = await stored();
    const legacy = { ...rest, AccessToken: { ...rest.AccessToken, ...AccessTokenCae } };
    assert.equal(Object.keys(legacy.AccessToken).length, 2);
    await secrets.delete(TOKEN_CACHE_KEY);
    await secrets.store(LEGACY_TOKEN_CACHE_KEY, JSON.stringify(legacy));

    const before = await tokenRequestCount();
    const second = newService();
    assert.equal((await second.getToken(alice.id, { scopes: [armScope()], consumer: { kind: 'tree' } })).token, plain.token, 'the plain token, migrated');
    assert.equal((await second.getToken(alice.id, { scopes: [graphScope], enableCae: true, consumer: { kind: 'tree' } })).token, cae.token, 'the CAE token, migrated');
    assert.equal(await tokenRequestCount(), before, 'migrated, not signed in again');
    assert.equal(await secrets.get(LEGACY_TOKEN_CACHE_KEY), undefined, 'the v1 key is gone');
    const plainGraph = await second.getToken(alice.id, { scopes: [graphScope], consumer: { kind: 'tree' } });
    assert.notEqual(plainGraph.token, cae.token, 'a plain request for Graph does not get the migrated CAE token');
    assert.equal(isCae(plainGraph.token), false);
    assert.equal(await tokenRequestCount(), before + 1, 'it is redeemed from the shared refresh token');
    const document = await stored();
    assert.deepEqual(secretsOf(document.AccessToken).map(isCae), [false, false]);
    assert.deepEqual(secretsOf(document.AccessTokenCae).map(isCae), [true]);
  });

  it('a stored v1 cache that is not JSON is not migrated (the sign-in starts afresh)', () => {
    assert.equal(splitLegacyCache('{not json'), undefined);
    assert.deepEqual(JSON.parse(splitLegacyCache('{"Account":{}}') ?? ''), { Account: {}, AccessToken: {}, AccessTokenCae: {} });
  });
});
