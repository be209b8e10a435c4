// The extension loads and activates in a real VS Code extension host, and gives other extensions its API.
import * as assert from 'node:assert/strict';
import { EXTENSION_ID, PROVIDER_ID, activateOurExtension, ourExtension } from './support';

describe('activation in the real extension host', () => {
  it('is loaded by the host under its id', () => {
    const extension = ourExtension();
    assert.equal(extension.id, EXTENSION_ID);
    assert.equal(extension.packageJSON.displayName, 'Azure Identity');
  });

  it('activates without error', async () => {
    await activateOurExtension();
    assert.equal(ourExtension().isActive, true);
  });

  it('exports API version 2 (the handshake) naming its authentication provider', async () => {
    const api = await activateOurExtension();
    assert.deepEqual(api.apiVersions, ['2']);
    assert.equal(api.providerId, PROVIDER_ID);
    assert.equal(typeof api.getAccounts, 'function');
    assert.deepEqual(await api.getAccounts(), [], 'a fresh profile has no signed-in account');
  });
});
