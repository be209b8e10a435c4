// The API an extension receives, over the real AccountService (in-memory SecretStore, a real browser sign-in
// against the emulator): the hand-out the service announces names the extension and the scopes, a refused
// consent announces nothing, and the subscription provider lists the account's subscriptions.
import * as assert from 'node:assert/strict';
import type { TokenHandOut } from '../../../../src/vscode/accounts/accountServiceContract';
import { AccountService } from '../../../../src/vscode/accounts/accountService';
import { MemorySecretStore } from '../../../../src/vscode/accounts/secretStore';
import { createBoundApi } from '../../../../src/vscode/api/boundApi';
import { isAzureIdentityError } from '../../../../src/vscode/api/errors';
import { ExtensionAccess } from '../../../../src/vscode/api/extensionAccess';
import { DEFAULT_SUBSCRIPTION_ID, DEFAULT_USERNAME } from '../../../emulator/defaults';
import { useFreshEmulator } from '../../msalCredentials/support/emulator';
import { emulatorResourceManager, signInUser } from '../support/signInUser';
import { MemoryMemento, armGetFor, claimsOf, scriptedConsent } from './support';

const CLIENT = { id: 'azure-identity-tests.sdk-consumer', name: 'Azure Identity SDK Consumer' };
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('the API over the real AccountService (emulator)', function () {
  const emulator = useFreshEmulator();
  let service: AccountService;
  const handOuts: TokenHandOut[] = [];

  const armEndpoint = () => emulatorResourceManager(emulator());

  beforeEach(async () => {
    handOuts.length = 0;
    service = new AccountService({ secrets: new MemorySecretStore(), logger: quiet, prefetchTenants: false });
    service.onDidHandOutToken((h) => handOuts.push(h));
    await signInUser(service, emulator());
  });

  afterEach(() => service.dispose());

  function api(answer: 'allow' | 'deny') {
    const access = new ExtensionAccess({ memento: new MemoryMemento(), ask: scriptedConsent(answer).ask });
    // Scopes name management.azure.com; outside the test namespace armGetFor sends the GETs to the emulator's URL.
    return createBoundApi(CLIENT, { service, access, resourceManagerEndpoint: () => 'https://management.azure.com', signIn: async () => undefined, armGet: armGetFor(emulator()) });
  }

  it('hands out the signed-in account\'s token, and the service announces it with the extension id and scopes', async () => {
    const scope = `${armEndpoint()}/.default`;
    const token = await api('allow').getToken(scope);
    assert.equal(claimsOf(token.token).upn, DEFAULT_USERNAME);
    assert.deepEqual(
      handOuts.map((h) => ({ consumer: h.consumer, scopes: h.scopes, account: h.account.label })),
      [{ consumer: { kind: 'extension', extensionId: CLIENT.id }, scopes: [scope], account: DEFAULT_USERNAME }],
    );
  });

  it('announces no hand-out when the person does not allow the extension', async () => {
    await assert.rejects(api('deny').getToken(`${armEndpoint()}/.default`), (e: unknown) => isAzureIdentityError(e, 'ConsentDenied'));
    assert.deepEqual(handOuts, []);
  });

  it('lists the account\'s subscriptions through Resource Manager', async () => {
    const subscriptions = await api('allow').subscriptionProvider.getSubscriptionsForTenant({
      tenantId: (await service.getDefaultAccount())!.homeTenantId,
      account: { id: (await service.getDefaultAccount())!.id, label: DEFAULT_USERNAME, environment: {} as never },
    });
    assert.deepEqual(subscriptions.map((s) => s.subscriptionId), [DEFAULT_SUBSCRIPTION_ID]);
  });
});
