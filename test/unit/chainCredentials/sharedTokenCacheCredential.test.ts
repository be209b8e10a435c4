// SharedTokenCacheCredential on caches written by other code: our own persistent credential (OS keyring,
// through the core's persistence) and Debian's python3-azure azure.identity (a plaintext file: Python's
// libsecret store uses another schema than Node's keytar, so an encrypted Python cache is not shared).
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { SharedTokenCacheCredential } from '../../../src/identity/credentials/sharedTokenCacheCredential';
import { UsernamePasswordCredential } from '../../../src/identity/credentials/usernamePasswordCredential';
import { CredentialUnavailableError } from '../../../src/identity/errors';
import { createCredentialLogger } from '../../../src/identity/logger';
import { createPersistence, identityServiceDirectory } from '../../../src/identity/msal/persistence';
import {
  DEFAULT_PASSWORD,
  DEFAULT_TENANT_ID,
  DEFAULT_USER_OBJECT_ID,
  DEFAULT_USERNAME,
  DEVELOPER_SIGN_ON_CLIENT_ID,
  SECOND_PASSWORD,
  SECOND_USERNAME,
} from '../../emulator/defaults';
import { isIsolated, useSharedEmulator } from './support/emulator';
import { useCleanEnvironment } from './support/environment';
import { expectError, tokenClaims } from './support/assertions';

const run = promisify(execFile);
const SCOPE = 'https://management.azure.com/.default';
const OTHER_SCOPE = 'https://vault.azure.net/.default';

function upn(token: string): unknown {
  const claims = tokenClaims(token);
  return claims.upn ?? claims.preferred_username;
}

/** Signs users in with our own persistent credential, so their accounts land in cache `name`. */
async function signInWithOurLibrary(name: string, users: [string, string][]): Promise<void> {
  for (const [username, password] of users) {
    const credential = new UsernamePasswordCredential(DEFAULT_TENANT_ID, DEVELOPER_SIGN_ON_CLIENT_ID, username, password, {
      tokenCachePersistenceOptions: { enabled: true, name },
    });
    await credential.getToken(SCOPE);
  }
}

const PYTHON_WRITER = `
import sys
from azure.identity import UsernamePasswordCredential, TokenCachePersistenceOptions
name, client_id, username, password, tenant, scope = sys.argv[1:7]
credential = UsernamePasswordCredential(client_id=client_id, username=username, password=password, tenant_id=tenant,
    cache_persistence_options=TokenCachePersistenceOptions(name=name, allow_unencrypted_storage=True))
credential.get_token(scope)
print("ok")
`;

describe('identity2: SharedTokenCacheCredential', function () {
  this.timeout(60_000);
  const emulator = useSharedEmulator();
  useCleanEnvironment();
  let name: string;

  /**
   * The OS keyring holds one secret for every cache name (the layout @azure/identity uses), so each test
   * empties it before and after: no test may find another test's accounts there.
   */
  async function clearCache(): Promise<void> {
    const file = path.join(identityServiceDirectory(), `${name}.nocae`);
    try {
      await (await createPersistence(file, { enabled: true, name }, createCredentialLogger('test'))).delete();
    } catch {
      // no keyring here: only files were written
    }
    for (const suffix of ['', '.nocae', '.cae']) rmSync(path.join(identityServiceDirectory(), `${name}${suffix}`), { force: true });
  }

  beforeEach(async () => {
    name = `id2-shared-${process.pid}-${Math.floor(Math.random() * 1e9)}`;
    await clearCache();
  });
  afterEach(clearCache);

  describe('on a cache written by our own persistent credential', () => {
    it('returns the cached access token without a request, and redeems the refresh token for another scope', async () => {
      await signInWithOurLibrary(name, [[DEFAULT_USERNAME, DEFAULT_PASSWORD]]);
      const { client } = emulator();
      await client.clearRequests();
      const credential = new SharedTokenCacheCredential({ tokenCachePersistenceOptions: { name } });
      const token = await credential.getToken(SCOPE);
      assert.equal(upn(token.token), DEFAULT_USERNAME);
      assert.equal((await client.requests({ endpoint: 'token' })).length, 0, 'served from the shared cache');

      const other = await credential.getToken(OTHER_SCOPE);
      assert.equal(upn(other.token), DEFAULT_USERNAME);
      const [request] = await client.requests({ endpoint: 'token' });
      assert.equal(request.form?.grant_type, 'refresh_token');
      assert.equal(request.tenant, DEFAULT_TENANT_ID);
    });

    it('asks to disambiguate when the cache holds several accounts, and picks one by username', async () => {
      await signInWithOurLibrary(name, [[DEFAULT_USERNAME, DEFAULT_PASSWORD], [SECOND_USERNAME, SECOND_PASSWORD]]);
      const ambiguous = await expectError(new SharedTokenCacheCredential({ tokenCachePersistenceOptions: { name } }).getToken(SCOPE), CredentialUnavailableError);
      assert.match(ambiguous.message, /Multiple accounts were found in the cache\. Use username and tenant id to disambiguate/);

      const bob = await new SharedTokenCacheCredential(SECOND_USERNAME, { tokenCachePersistenceOptions: { name } }).getToken(SCOPE);
      assert.equal(upn(bob.token), SECOND_USERNAME);

      const tenantOnly = await expectError(new SharedTokenCacheCredential({ tenantId: DEFAULT_TENANT_ID, tokenCachePersistenceOptions: { name } }).getToken(SCOPE), CredentialUnavailableError);
      assert.match(tenantOnly.message, /Multiple accounts matching the specified tenant: /);
    });

    it('says no account matches an unknown username', async () => {
      await signInWithOurLibrary(name, [[DEFAULT_USERNAME, DEFAULT_PASSWORD]]);
      const error = await expectError(new SharedTokenCacheCredential('carol@contoso.onmicrosoft.com', { tokenCachePersistenceOptions: { name } }).getToken(SCOPE), CredentialUnavailableError);
      assert.match(error.message, /No account\s+matching the specified username: carol@contoso\.onmicrosoft\.com was found in the cache/);
    });

    it('chooses the account of an AuthenticationRecord', async () => {
      await signInWithOurLibrary(name, [[DEFAULT_USERNAME, DEFAULT_PASSWORD], [SECOND_USERNAME, SECOND_PASSWORD]]);
      const record = {
        authority: 'login.microsoftonline.com',
        clientId: DEVELOPER_SIGN_ON_CLIENT_ID,
        homeAccountId: `${DEFAULT_USER_OBJECT_ID}.${DEFAULT_TENANT_ID}`,
        tenantId: DEFAULT_TENANT_ID,
        username: DEFAULT_USERNAME,
      };
      const token = await new SharedTokenCacheCredential({ authenticationRecord: record, tokenCachePersistenceOptions: { name } }).getToken(SCOPE);
      assert.equal(upn(token.token), DEFAULT_USERNAME);
    });

    it('is unavailable, telling the user to sign in again, when the refresh token is no longer accepted', async () => {
      await signInWithOurLibrary(name, [[DEFAULT_USERNAME, DEFAULT_PASSWORD]]);
      await emulator().client.reset(); // the emulator forgets every refresh token it issued
      const error = await expectError(new SharedTokenCacheCredential({ tokenCachePersistenceOptions: { name } }).getToken(OTHER_SCOPE), CredentialUnavailableError);
      assert.match(error.message, /Token acquisition failed for user 'alice@contoso\.onmicrosoft\.com'\. To fix, re-authenticate/);
    });
  });

  it('is unavailable when there is no cache, or no account in it', async () => {
    const missing = await expectError(new SharedTokenCacheCredential({ tokenCachePersistenceOptions: { name } }).getToken(SCOPE), CredentialUnavailableError);
    assert.match(missing.message, /No shared token cache was found/);
    mkdirSync(identityServiceDirectory(), { recursive: true });
    writeFileSync(path.join(identityServiceDirectory(), name), JSON.stringify({ Account: {}, RefreshToken: {}, AccessToken: {} }), { mode: 0o600 });
    const empty = await expectError(new SharedTokenCacheCredential({ tokenCachePersistenceOptions: { name } }).getToken(SCOPE), CredentialUnavailableError);
    assert.match(empty.message, /No accounts were found in the cache/);
  });

  describe('on a cache written by Python azure.identity (python3-azure)', () => {
    before(function () {
      if (!isIsolated() || !existsSync('/usr/bin/python3')) this.skip();
    });

    it('reads the account and its tokens', async () => {
      // Without a D-Bus session Python's libsecret store is unusable, so it writes the plaintext cache it was allowed to.
      const env = { ...process.env };
      delete env.DBUS_SESSION_BUS_ADDRESS;
      const { stdout } = await run(
        '/usr/bin/python3',
        ['-c', PYTHON_WRITER, name, DEVELOPER_SIGN_ON_CLIENT_ID, DEFAULT_USERNAME, DEFAULT_PASSWORD, DEFAULT_TENANT_ID, SCOPE],
        { env, timeout: 60_000 },
      );
      assert.equal(stdout.trim(), 'ok');
      assert.ok(existsSync(path.join(identityServiceDirectory(), name)), 'Python wrote ~/.IdentityService/<name>');

      const { client } = emulator();
      await client.clearRequests();
      const credential = new SharedTokenCacheCredential({ tokenCachePersistenceOptions: { name } });
      assert.equal(upn((await credential.getToken(SCOPE)).token), DEFAULT_USERNAME);
      assert.equal((await client.requests({ endpoint: 'token' })).length, 0, 'Python’s cached access token was used');
      assert.equal(upn((await credential.getToken(OTHER_SCOPE)).token), DEFAULT_USERNAME);
      assert.equal((await client.requests({ endpoint: 'token', grantType: 'refresh_token' })).length, 1, 'Python’s refresh token was redeemed');
    });
  });
});
