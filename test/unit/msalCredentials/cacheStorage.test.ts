// tokenCachePersistenceOptions.storage: the token cache kept in a host's own store (the extension uses
// VS Code's SecretStorage), so a later credential — a reloaded window — finds the account without a prompt.
import * as assert from 'node:assert/strict';
import { DeviceCodeCredential, UsernamePasswordCredential, type TokenCacheStorage } from '../../../src/identity';
import { AZURE_CLI_CLIENT_ID, DEFAULT_PASSWORD, DEFAULT_TENANT_ID, DEFAULT_USERNAME } from '../../emulator/defaults';
import { useFreshEmulator } from './support/emulator';

class MemoryStorage implements TokenCacheStorage {
  contents: string | undefined;
  saves = 0;
  async load() {
    return this.contents;
  }
  async save(serialized: string) {
    this.contents = serialized;
    this.saves++;
  }
}

describe('token cache in a caller-provided storage (emulator)', () => {
  const emulator = useFreshEmulator();

  it('writes the cache to the storage and a new credential gets tokens silently from it', async () => {
    const storage = new MemoryStorage();
    const persistence = { enabled: true, storage };
    const signIn = new UsernamePasswordCredential(DEFAULT_TENANT_ID, AZURE_CLI_CLIENT_ID, DEFAULT_USERNAME, DEFAULT_PASSWORD, {
      ...emulator().authorityOptions,
      tokenCachePersistenceOptions: persistence,
    });
    const record = await signIn.authenticate('https://management.azure.com/.default');
    assert.ok(storage.saves >= 1, 'the cache was saved');
    assert.ok(storage.contents?.includes('"RefreshToken"'), 'the saved cache holds the refresh token');

    await emulator().client.clearRequests();
    // A different credential type that would prompt if it found nothing: it must not need to.
    const later = new DeviceCodeCredential({
      tenantId: DEFAULT_TENANT_ID,
      clientId: AZURE_CLI_CLIENT_ID,
      ...emulator().authorityOptions,
      authenticationRecord: record,
      disableAutomaticAuthentication: true,
      tokenCachePersistenceOptions: persistence,
    });
    const token = await later.getToken('https://vault.azure.net/.default');
    assert.ok(token?.token);
    const grants = (await emulator().tokenRequests()).map((r) => r.form?.grant_type);
    assert.deepEqual(grants, ['refresh_token'], 'the refresh token from the storage was redeemed, no prompt');
  });

  it('without the storage the same silent request needs a sign-in', async () => {
    const record = await new UsernamePasswordCredential(DEFAULT_TENANT_ID, AZURE_CLI_CLIENT_ID, DEFAULT_USERNAME, DEFAULT_PASSWORD, emulator().authorityOptions).authenticate(
      'https://management.azure.com/.default',
    );
    const later = new DeviceCodeCredential({
      tenantId: DEFAULT_TENANT_ID,
      clientId: AZURE_CLI_CLIENT_ID,
      ...emulator().authorityOptions,
      authenticationRecord: record,
      disableAutomaticAuthentication: true,
    });
    await assert.rejects(later.getToken('https://vault.azure.net/.default'), { name: 'AuthenticationRequiredError' });
  });
});
