// The handshake: the API goes to the exports of the extension the request names, never back to the caller, so an
// extension cannot get an API (and tokens under another's consent) by naming another extension.
import * as assert from 'node:assert/strict';
import type { ClientExtension } from '../../../../src/vscode/api/boundApi';
import { createAzureIdentityApiClient } from '../../../../src/vscode/api/client';
import type { AzureIdentityApi, AzureIdentityApiDelivery, AzureIdentityExtensionExports } from '../../../../src/vscode/api/contract';
import { isAzureIdentityError } from '../../../../src/vscode/api/errors';
import { createRequestApi, type ExtensionLike } from '../../../../src/vscode/api/handshake';

const OWN_ID = 'azure-identity-vscode.azure-identity';
const NONCE = '0123456789abcdef-nonce';

/** An installed extension whose exports are what `activate` returned (as VS Code's registry hands them out). */
function installed(id: string, displayName: string, exports: unknown, active = true): ExtensionLike {
  let isActive = active;
  return {
    id,
    get isActive() {
      return isActive;
    },
    exports,
    packageJSON: { displayName },
    activate: async () => {
      isActive = true;
      return exports;
    },
  };
}

function registry(...extensions: ExtensionLike[]) {
  const made: ClientExtension[] = [];
  const requestApi = createRequestApi({
    getExtension: (id) => extensions.find((e) => e.id.toLowerCase() === id.toLowerCase()),
    ownExtensionId: OWN_ID,
    createApi: (client) => {
      made.push(client);
      return { extensionId: client.id, getToken: async () => ({}) } as unknown as AzureIdentityApi;
    },
  });
  return { requestApi, made };
}

describe('API handshake', () => {
  it('delivers the API to the named extension\'s receiver, with the nonce, bound to that extension', async () => {
    const deliveries: AzureIdentityApiDelivery[] = [];
    const { requestApi, made } = registry(installed('contoso.docker', 'Docker', { receiveAzureIdentityApi: (d: AzureIdentityApiDelivery) => void deliveries.push(d) }));
    const result = await requestApi({ clientExtensionId: 'contoso.docker', apiVersion: '2', nonce: NONCE });
    assert.equal(result, undefined, 'nothing is returned to the caller');
    assert.equal(deliveries.length, 1);
    assert.equal(deliveries[0].nonce, NONCE);
    assert.equal(deliveries[0].api.extensionId, 'contoso.docker');
    assert.deepEqual(made, [{ id: 'contoso.docker', name: 'Docker' }]);
  });

  it('an extension naming another one gets nothing: the API goes to the named extension, which ignores a nonce it did not make', async () => {
    const docker = createAzureIdentityApiClient({ getExtension: () => undefined } as never, 'contoso.docker');
    const { requestApi } = registry(installed('contoso.docker', 'Docker', docker));
    // An impostor triggers a delivery in Docker's name; it has no way to see what was delivered.
    assert.equal(await requestApi({ clientExtensionId: 'contoso.docker', apiVersion: '2', nonce: 'impostor-nonce-0000000' }), undefined);
  });

  it('activates the named extension first when it is not active yet', async () => {
    let received = 0;
    const ext = installed('contoso.later', 'Later', { receiveAzureIdentityApi: () => void received++ }, false);
    await registry(ext).requestApi({ clientExtensionId: 'contoso.later', apiVersion: '2', nonce: NONCE });
    assert.equal(ext.isActive, true);
    assert.equal(received, 1);
  });

  it('fails with HandshakeFailed for an extension that is not installed, exports no receiver, or is ourselves', async () => {
    const { requestApi } = registry(installed('contoso.noreceiver', 'No Receiver', {}), installed(OWN_ID, 'Azure Identity', {}));
    for (const clientExtensionId of ['contoso.missing', 'contoso.noreceiver', OWN_ID]) {
      await assert.rejects(requestApi({ clientExtensionId, apiVersion: '2', nonce: NONCE }), (e: unknown) => isAzureIdentityError(e, 'HandshakeFailed'), clientExtensionId);
    }
  });

  it('fails with InvalidRequest for a malformed request', async () => {
    const { requestApi } = registry();
    for (const request of [undefined, {}, { clientExtensionId: 'no-dot', apiVersion: '2', nonce: NONCE }, { clientExtensionId: 'a.b', apiVersion: '1', nonce: NONCE }, { clientExtensionId: 'a.b', apiVersion: '2', nonce: 'short' }]) {
      await assert.rejects(requestApi(request as never), (e: unknown) => isAzureIdentityError(e, 'InvalidRequest'), JSON.stringify(request));
    }
  });

  it('the client helper runs the handshake once and only accepts the delivery answering its own request', async () => {
    const client = { getExtension: (id: string) => (id === OWN_ID ? ours : undefined) } as never;
    const clientExports = createAzureIdentityApiClient(client, 'contoso.docker');
    const { requestApi } = registry(installed('contoso.docker', 'Docker', clientExports));
    let requests = 0;
    const exports: AzureIdentityExtensionExports = {
      apiVersions: ['2'],
      providerId: 'azure-identity',
      isAzureIdentityError,
      getAccounts: async () => [],
      requestApi: async (request) => {
        requests++;
        // A stray delivery with a wrong nonce first: ignored.
        clientExports.receiveAzureIdentityApi({ nonce: 'somebody-else-0000000', api: { getToken: async () => ({}) } as never });
        await requestApi(request);
      },
    };
    const ours = installed(OWN_ID, 'Azure Identity', exports);
    const [first, second] = await Promise.all([clientExports.getApi(), clientExports.getApi()]);
    assert.equal(first, second);
    assert.equal(first.extensionId, 'contoso.docker');
    assert.equal(await clientExports.getApi(), first);
    assert.equal(requests, 1);
  });
});
