// The exported API in the real extension host, used by a real other extension (the SDK consumer fixture, which
// gets the API through the handshake and sends an Azure SDK request): no token without consent, nothing for an
// impostor, and Copy Access Token gives its caller nothing.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EmulatorClient } from '../emulator/client';
import type { AzureIdentityExtensionExports } from '../../src/vscode/api/contract';
import { DEFAULT_USERNAME } from '../emulator/defaults';
import { EXTENSION_ID, SDK_CONSUMER_ID, approvingDeviceCode, ourExtension, tokenThroughApi } from './support';

const CONSUMER = {
  listSubscriptions: 'azureIdentitySdkConsumer.listSubscriptions',
  listSubscriptionsSilently: 'azureIdentitySdkConsumer.listSubscriptionsSilently',
  copyToken: 'azureIdentitySdkConsumer.copyToken',
  requestApiAs: 'azureIdentitySdkConsumer.requestApiAs',
};

interface ConsumerResult {
  status?: number;
  subscriptions?: string[];
  error?: string;
  message?: string;
  returned?: string;
}

async function ourExports(): Promise<AzureIdentityExtensionExports> {
  return (await ourExtension().activate()) as unknown as AzureIdentityExtensionExports;
}

/** The subscription listings Resource Manager received (the service's own GET /tenants are not counted). */
async function subscriptionRequests() {
  return (await EmulatorClient.fromEnv().requests({ endpoint: 'arm' })).filter((r) => /\/subscriptions(\?|$)/i.test(r.path));
}

async function armRequests(): Promise<number> {
  return (await subscriptionRequests()).length;
}

describe('exported API, used by another extension', () => {
  before(async () => {
    await ourExports();
    assert.ok(vscode.extensions.getExtension(SDK_CONSUMER_ID), `the fixture ${SDK_CONSUMER_ID} is not installed in this host`);
  });

  it('exports the handshake and the error guard, and no way to a token', async () => {
    const exports = await ourExports();
    assert.deepEqual(exports.apiVersions, ['2']);
    assert.equal(exports.providerId, 'azure-identity');
    assert.equal(typeof exports.requestApi, 'function');
    const keys = Object.keys(exports).sort();
    assert.deepEqual(keys, ['apiVersions', 'getAccounts', 'isAzureIdentityError', 'providerId', 'requestApi']);
  });

  it('delivers the API to the consumer, whose Azure SDK request fails with NotSignedIn while nobody is signed in, before reaching Resource Manager', async () => {
    const before = await armRequests();
    const result = await vscode.commands.executeCommand<ConsumerResult>(CONSUMER.listSubscriptions);
    assert.equal(result?.error, 'NotSignedIn', JSON.stringify(result));
    assert.match(result?.message ?? '', /sign in/i);
    assert.equal(await armRequests(), before, 'a request reached Resource Manager');
  });

  it('gives an extension that names another extension nothing back; naming one without a receiver fails', async () => {
    const exports = await ourExports();
    // The test code here is another caller: naming the consumer delivers to the consumer, and returns nothing.
    assert.equal(await exports.requestApi({ clientExtensionId: SDK_CONSUMER_ID, apiVersion: '2', nonce: 'in-host-test-nonce-000001' }), undefined);
    const impostor = await vscode.commands.executeCommand<ConsumerResult>(CONSUMER.requestApiAs, 'vscode.git');
    assert.deepEqual(impostor, { returned: 'nothing', error: 'HandshakeFailed' });
    await assert.rejects(exports.requestApi({ clientExtensionId: EXTENSION_ID, apiVersion: '2', nonce: 'in-host-test-nonce-000002' }), (e: unknown) =>
      exports.isAzureIdentityError(e, 'HandshakeFailed'),
    );
    await assert.rejects(exports.requestApi({ clientExtensionId: SDK_CONSUMER_ID, apiVersion: '1' as '2', nonce: 'in-host-test-nonce-000003' }), (e: unknown) =>
      exports.isAzureIdentityError(e, 'InvalidRequest'),
    );
  });

  it('Copy Access Token run by another extension returns nothing to it and leaves the clipboard as it was', async () => {
    const sentinel = `not a token ${Date.now()}`;
    await vscode.env.clipboard.writeText(sentinel);
    const result = await vscode.commands.executeCommand<ConsumerResult>(CONSUMER.copyToken);
    assert.deepEqual(result, { returned: 'nothing' });
    assert.equal(await vscode.env.clipboard.readText(), sentinel);
  });

  it('lets a caller take access away, but never give it', async () => {
    // Earlier suites may have allowed the consumer; once taken away, there is nothing left to take.
    await vscode.commands.executeCommand<number>('azureIdentity.manageExtensionAccess', { extensionId: SDK_CONSUMER_ID, revoke: true });
    assert.equal(await vscode.commands.executeCommand<number>('azureIdentity.manageExtensionAccess', { extensionId: SDK_CONSUMER_ID, revoke: true }), 0);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('azureIdentity.manageExtensionAccess', { revoke: true, extensionId: 'not an id' })), /extensionId/);
  });

  it('registers the commands the manifest contributes', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['azureIdentity.copyAccessToken', 'azureIdentity.manageExtensionAccess']) assert.ok(commands.includes(id), `${id} is not registered`);
  });
});

describe('exported API with a signed-in account, where no question can be shown', function () {
  // In test mode VS Code refuses every modal dialog: the consent question and Copy Access Token's warning count as
  // not answered, which is exactly the case of an extension or a task calling without the person.
  this.timeout(120_000);
  let emulator: EmulatorClient;
  let accountId: string | undefined;

  before(async function () {
    if (!process.env.AZURE_IDENTITY_TEST_EMULATOR) this.skip();
    await ourExports();
    emulator = EmulatorClient.fromEnv();
    await emulator.reset();
    // The Sign In command with a device code, approved on the emulator as the person would on the device login page.
    const signIn = () => vscode.commands.executeCommand<{ id: string } | undefined>('azureIdentity.signIn', { method: 'deviceCode' });
    accountId = (await approvingDeviceCode(emulator, DEFAULT_USERNAME, signIn)).result?.id;
    assert.ok(accountId, 'the Sign In command returned no account');
  });

  after(async () => {
    if (accountId) await vscode.commands.executeCommand('azureIdentity.signOut', { accountId });
  });

  it('lists the account on the exports, without any token', async () => {
    const accounts = await (await ourExports()).getAccounts();
    assert.deepEqual(accounts.map((a) => a.label), [DEFAULT_USERNAME]);
    assert.ok(accounts.every((a) => !('token' in a)));
  });

  it('the consumer\'s Azure SDK request gets ConsentDenied, and Resource Manager saw nothing', async () => {
    await vscode.commands.executeCommand('azureIdentity.manageExtensionAccess', { extensionId: SDK_CONSUMER_ID, revoke: true });
    const armBefore = await armRequests();
    const result = await vscode.commands.executeCommand<ConsumerResult>(CONSUMER.listSubscriptions);
    assert.equal(result?.error, 'ConsentDenied', JSON.stringify(result));
    assert.match(result?.message ?? '', /Azure Identity SDK Consumer/);
    assert.equal(await armRequests(), armBefore);
  });

  it('with silent, the consumer gets ConsentRequired without any question', async () => {
    const result = await vscode.commands.executeCommand<ConsumerResult>(CONSUMER.listSubscriptionsSilently);
    assert.equal(result?.error, 'ConsentRequired', JSON.stringify(result));
  });

  it('Copy Access Token for the account and Resource Manager copies nothing without the person\'s confirmation', async () => {
    const sentinel = `not a token ${Date.now()}`;
    await vscode.env.clipboard.writeText(sentinel);
    const returned = await vscode.commands.executeCommand('azureIdentity.copyAccessToken', { accountId, scopes: ['https://management.azure.com/.default'] });
    assert.equal(returned, undefined);
    assert.deepEqual(await vscode.commands.executeCommand<ConsumerResult>(CONSUMER.copyToken), { returned: 'nothing' });
    assert.equal(await vscode.env.clipboard.readText(), sentinel);
  });

  it('once allowed, the consumer\'s real Azure SDK request reaches Resource Manager, which accepts the token; revoking ends it', async function () {
    // The fixture calls https://management.azure.com, which only the test namespace leads to the emulator.
    if (process.env.AZURE_IDENTITY_TEST_ISOLATED !== '1') this.skip();
    await vscode.commands.executeCommand('azureIdentity.test.allowExtension', { extensionId: SDK_CONSUMER_ID, accountId });
    const armBefore = await armRequests();
    const result = await vscode.commands.executeCommand<ConsumerResult>(CONSUMER.listSubscriptions);
    assert.equal(result?.status, 200, JSON.stringify(result));
    assert.ok(result?.subscriptions?.includes('Contoso Emulator Subscription'), JSON.stringify(result));
    const arm = await subscriptionRequests();
    assert.equal(arm.length, armBefore + 1);
    assert.equal(arm[arm.length - 1]?.status, 200, 'the emulator\'s Resource Manager accepted the token');

    const token = await tokenThroughApi('https://management.azure.com/.default', { accountId });
    const claims = JSON.parse(Buffer.from(token.token.split('.')[1] ?? '', 'base64url').toString()) as { upn?: string; exp?: number };
    assert.equal(claims.upn, DEFAULT_USERNAME);
    assert.ok(Math.abs(token.expiresOnTimestamp - (claims.exp ?? 0) * 1000) <= 2000, 'the expiry is the token\'s own');

    assert.equal(await vscode.commands.executeCommand<number>('azureIdentity.manageExtensionAccess', { extensionId: SDK_CONSUMER_ID, revoke: true }), 1);
    const after = await vscode.commands.executeCommand<ConsumerResult>(CONSUMER.listSubscriptionsSilently);
    assert.equal(after?.error, 'ConsentRequired', JSON.stringify(after));
  });
});
