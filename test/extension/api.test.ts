// The exported API, used by another extension while nobody is signed in: it must say where to sign in rather
// than open a browser by itself, so an Azure SDK client in that extension fails fast with a useful message.
import * as assert from 'node:assert/strict';
import { ARM_SCOPE, activateOurExtension } from './support';

describe('exported API without a signed-in account', () => {
  it('getToken fails with CredentialUnavailableError pointing at the Accounts menu', async () => {
    const api = await activateOurExtension();
    // The extension is a webpack bundle with its own copy of the error classes: compare by name, not instanceof.
    await assert.rejects(api.getToken(ARM_SCOPE), (error: unknown) => {
      assert.ok(error instanceof Error, `not an Error: ${String(error)}`);
      assert.equal(error.name, 'CredentialUnavailableError');
      assert.match(error.message, /Accounts menu/);
      return true;
    });
  });

  it('credential.getToken, the TokenCredential Azure SDK clients call, fails the same way', async () => {
    const api = await activateOurExtension();
    await assert.rejects(api.credential.getToken([ARM_SCOPE]), { name: 'CredentialUnavailableError', message: /Accounts menu/ });
  });
});
