// The API an extension receives, over an account service holding a real emulator sign-in: consent before any
// token, the token a real Azure SDK pipeline sends to (emulator) Resource Manager, typed errors otherwise.
import * as assert from 'node:assert/strict';
import type { TokenCredential as CoreTokenCredential } from '@azure/core-auth';
import { bearerTokenAuthenticationPolicy, createDefaultHttpClient, createEmptyPipeline, createPipelineRequest } from '@azure/core-rest-pipeline';
import { createBoundApi, type BoundApiDependencies } from '../../../../src/vscode/api/boundApi';
import type { AzureIdentityApi } from '../../../../src/vscode/api/contract';
import { isAzureIdentityError } from '../../../../src/vscode/api/errors';
import { ExtensionAccess } from '../../../../src/vscode/api/extensionAccess';
import { DEFAULT_SUBSCRIPTION_ID, DEFAULT_TENANT_ID, DEFAULT_USERNAME, SECOND_SUBSCRIPTION_ID, SECOND_TENANT_ID } from '../../../emulator/defaults';
import { useFreshEmulator } from '../../msalCredentials/support/emulator';
import { MemoryMemento, aliceService, armGetFor, claimsOf, scriptedConsent, type ServiceDouble } from './support';

const ARM = 'https://management.azure.com/.default';
/** The authority's expires_in and the token's exp claim agree to the second they were issued in. */
function assertRealExpiry(expiresOnTimestamp: number, exp: unknown): void {
  assert.ok(typeof exp === 'number' && Math.abs(expiresOnTimestamp - exp * 1000) <= 2000, `expiresOnTimestamp ${expiresOnTimestamp} is not the token's exp ${String(exp)}`);
}

const CLIENT = { id: 'azure-identity-tests.sdk-consumer', name: 'SDK Consumer' };

describe('the API an extension receives (emulator)', function () {
  const emulator = useFreshEmulator();
  let service: ServiceDouble;

  function apiWith(answer: 'allow' | 'deny', memento = new MemoryMemento()) {
    service = aliceService(emulator());
    const consent = scriptedConsent(answer);
    const access = new ExtensionAccess({ memento, ask: consent.ask });
    const deps: BoundApiDependencies = {
      service,
      access,
      resourceManagerEndpoint: () => 'https://management.azure.com',
      signIn: async () => undefined,
      armGet: armGetFor(emulator()),
    };
    return { api: createBoundApi(CLIENT, deps), consent, access };
  }

  it('asks the person naming the extension, account and resource, then hands out the account\'s token with its real expiry', async () => {
    const { api, consent } = apiWith('allow');
    const token = await api.getToken(ARM);
    assert.deepEqual(consent.asked, [{ extensionId: CLIENT.id, extensionName: CLIENT.name, accountId: service.account.id, accountLabel: DEFAULT_USERNAME, resourceName: 'Azure Resource Manager' }]);
    const claims = claimsOf(token.token);
    assert.equal(claims.upn, DEFAULT_USERNAME);
    assert.equal(claims.aud, 'https://management.azure.com');
    assertRealExpiry(token.expiresOnTimestamp, claims.exp);
    assert.equal(token.tenantId, DEFAULT_TENANT_ID);
    assert.equal(token.accountId, service.account.id);
    assert.deepEqual(service.handOuts.map((r) => r.consumer), [{ kind: 'extension', extensionId: CLIENT.id }], 'the hand-out names the extension');
  });

  it('gives nothing when the person does not allow it: ConsentDenied, and no token was even requested', async () => {
    const { api } = apiWith('deny');
    await assert.rejects(api.getToken(ARM), (e: unknown) => api.isAzureIdentityError(e, 'ConsentDenied'));
    await assert.rejects(api.credential.getToken(ARM), (e: unknown) => isAzureIdentityError(e, 'ConsentDenied'));
    assert.equal(service.handOuts.length, 0);
    assert.equal((await emulator().tokenRequests()).length, 0, 'the authority saw no token request');
    assert.equal(await api.hasAccess(), false);
  });

  it('with silent, neither asks nor hands out: ConsentRequired', async () => {
    const { api, consent } = apiWith('allow');
    await assert.rejects(api.getToken(ARM, { silent: true }), (e: unknown) => isAzureIdentityError(e, 'ConsentRequired'));
    assert.equal(consent.asked.length, 0);
    assert.equal(service.handOuts.length, 0);
  });

  it('as a TokenCredential in a real Azure SDK pipeline, gets a 200 from Resource Manager with the token the emulator issued', async () => {
    const { api } = apiWith('allow');
    const credential: CoreTokenCredential = api.credential;
    const pipeline = createEmptyPipeline();
    pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential, scopes: ARM }));
    const url = `${emulator().isolated ? 'https://management.azure.com' : emulator().url}/subscriptions?api-version=2022-12-01`;
    const response = await pipeline.sendRequest(createDefaultHttpClient(), createPipelineRequest({ url }));
    assert.equal(response.status, 200);
    const body = JSON.parse(response.bodyAsText ?? '{}') as { value: Array<{ subscriptionId: string }> };
    assert.deepEqual(body.value.map((s) => s.subscriptionId), [DEFAULT_SUBSCRIPTION_ID]);
    const [armRequest] = await emulator().client.requests({ endpoint: 'arm' });
    assert.equal(armRequest?.status, 200, 'the emulator\'s Resource Manager accepted the token');
  });

  it('gets a token for another tenant from that tenant, never the home tenant\'s cached one', async () => {
    const { api } = apiWith('allow');
    const home = await api.getToken(ARM);
    const other = await api.getToken(ARM, { tenantId: SECOND_TENANT_ID });
    assert.equal(claimsOf(home.token).tid, DEFAULT_TENANT_ID);
    assert.equal(claimsOf(other.token).tid, SECOND_TENANT_ID);
    assert.equal(other.tenantId, SECOND_TENANT_ID);
  });

  it('rejects bad requests with InvalidRequest before asking anything', async () => {
    const { api, consent } = apiWith('allow');
    for (const scopes of [[], ['has space'], [ARM, 'https://vault.azure.net/.default']]) {
      await assert.rejects(api.getToken(scopes), (e: unknown) => isAzureIdentityError(e, 'InvalidRequest'), `scopes ${JSON.stringify(scopes)}`);
    }
    await assert.rejects(api.getToken(ARM, { tenantId: 'not a tenant!' }), (e: unknown) => isAzureIdentityError(e, 'InvalidRequest'));
    assert.equal(consent.asked.length, 0);
  });

  it('names an unknown account AccountNotFound and a signed-out window NotSignedIn (azureauth\'s guard recognises it)', async () => {
    const { api } = apiWith('allow');
    await assert.rejects(api.getToken(ARM, { accountId: 'nobody' }), (e: unknown) => isAzureIdentityError(e, 'AccountNotFound'));
    service.signOut();
    await assert.rejects(api.getToken(ARM), (e: unknown) => isAzureIdentityError(e, 'NotSignedIn') && (e as { isNotSignedInError?: boolean }).isNotSignedInError === true);
  });

  it('maps a cancelled request to Cancelled', async () => {
    const { api } = apiWith('allow');
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(api.getToken(ARM, { abortSignal: controller.signal }), (e: unknown) => isAzureIdentityError(e, 'Cancelled'));
  });

  it('reports account changes as vscode.Event does', async () => {
    const { api } = apiWith('allow');
    const seen: string[] = [];
    const disposables: { dispose(): unknown }[] = [];
    api.onDidChangeAccounts((e) => seen.push(`removed ${e.removed.map((a) => a.label).join()}`), undefined, disposables);
    service.signOut();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(seen, [`removed ${DEFAULT_USERNAME}`]);
    assert.equal(disposables.length, 1);
  });

  describe('subscription provider (azureauth shape)', () => {
    let api: AzureIdentityApi;
    beforeEach(() => {
      api = apiWith('allow').api;
    });

    it('lists the subscriptions of every tenant of the account, each with a credential of its own tenant', async () => {
      const subscriptions = await api.subscriptionProvider.getAvailableSubscriptions();
      assert.deepEqual(subscriptions.map((s) => `${s.subscriptionId} ${s.tenantId}`).sort(), [`${DEFAULT_SUBSCRIPTION_ID} ${DEFAULT_TENANT_ID}`, `${SECOND_SUBSCRIPTION_ID} ${SECOND_TENANT_ID}`].sort());
      const fabrikam = subscriptions.find((s) => s.tenantId === SECOND_TENANT_ID)!;
      assert.equal(fabrikam.account.label, DEFAULT_USERNAME);
      assert.equal(fabrikam.environment.resourceManagerEndpointUrl, 'https://management.azure.com/');
      const vault = await fabrikam.credential.getToken('https://vault.azure.net/.default');
      assert.equal(claimsOf(vault.token).aud, 'https://vault.azure.net', 'the credential asks for the scopes it is given');
      assert.equal(claimsOf(vault.token).tid, SECOND_TENANT_ID);
      assertRealExpiry(vault.expiresOnTimestamp, claimsOf(vault.token).exp);
      const session = await fabrikam.authentication.getSession();
      assert.equal(claimsOf(session!.accessToken).aud, 'https://management.azure.com');
    });

    it('answers v5\'s getSubscriptions, getTenants and isSignedIn', async () => {
      assert.equal((await api.subscriptionProvider.getSubscriptions()).length, 2);
      assert.deepEqual((await api.subscriptionProvider.getTenants()).map((t) => t.tenantId), [DEFAULT_TENANT_ID, SECOND_TENANT_ID]);
      assert.equal(await api.subscriptionProvider.isSignedIn(), true);
      assert.equal(await api.subscriptionProvider.isSignedIn(SECOND_TENANT_ID), true);
      assert.equal(await api.subscriptionProvider.isSignedIn('e1a70000-0000-4000-8000-0000000000ff'), false);
    });

    it('answers v6\'s getAccounts → getTenantsForAccount → getSubscriptionsForTenant', async () => {
      const [account] = await api.subscriptionProvider.getAccounts();
      assert.equal(account.label, DEFAULT_USERNAME);
      const tenants = await api.subscriptionProvider.getTenantsForAccount(account);
      const contoso = tenants.find((t) => t.tenantId === DEFAULT_TENANT_ID)!;
      const subscriptions = await api.subscriptionProvider.getSubscriptionsForTenant(contoso);
      assert.deepEqual(subscriptions.map((s) => s.subscriptionId), [DEFAULT_SUBSCRIPTION_ID]);
      assert.deepEqual(await api.subscriptionProvider.getUnauthenticatedTenantsForAccount(account), []);
    });

    it('throws NotSignedIn when nobody is signed in, and fires onDidSignOut', async () => {
      let signedOut = 0;
      api.subscriptionProvider.onDidSignOut(() => signedOut++);
      service.signOut();
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(signedOut, 1);
      await assert.rejects(api.subscriptionProvider.getSubscriptions(), (e: unknown) => (e as { isNotSignedInError?: boolean }).isNotSignedInError === true);
      assert.equal(await api.subscriptionProvider.isSignedIn(), false);
      assert.equal(await api.subscriptionProvider.signIn(undefined, { promptIfNeeded: false }), false);
    });

    it('lists nothing for an extension the person did not allow', async () => {
      const denied = apiWith('deny').api;
      await assert.rejects(denied.subscriptionProvider.getAvailableSubscriptions(), (e: unknown) => isAzureIdentityError(e, 'ConsentDenied'));
      assert.equal((await emulator().client.requests({ endpoint: 'arm' })).length, 0, 'Resource Manager was never called');
      assert.equal(await denied.subscriptionProvider.signIn(), false);
    });
  });
});
