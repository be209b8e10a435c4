// "Found on this machine" in the real extension host: an account another Microsoft developer tool left in the
// shared MSAL cache (written here by the credential library, signed in for real against the emulator) is
// listed in its own group once someone is signed in, and "Use this account" adopts it silently — no browser,
// no device code — after which it gives tokens and leaves the group.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { UsernamePasswordCredential } from '../../src/identity/index';
import { EmulatorClient } from '../emulator/client';
import { DEFAULT_PASSWORD, DEFAULT_TENANT_ID, DEFAULT_USER_OBJECT_ID, DEFAULT_USERNAME, DEVELOPER_SIGN_ON_CLIENT_ID, SECOND_USERNAME } from '../emulator/defaults';
import { ARM_SCOPE, activateOurExtension, approvingDeviceCode, eventuallyShown, type TreeItemSnapshot } from './support';

/** Waits until the Accounts tree shows what `check` wants; fails with its rows (label, description, children). */
async function eventually(check: (tree: TreeItemSnapshot[]) => boolean, what: string): Promise<TreeItemSnapshot[]> {
  const shown = await eventuallyShown((s) => check(s.tree), what, (s) => JSON.stringify(s.tree.map((i) => [i.label, i.description, i.children.map((c) => c.label)])));
  return shown.tree;
}

describe('Found on this machine: "Use this account" of the shared token cache (signed in against the emulator)', function () {
  this.timeout(120_000);
  let emulator: EmulatorClient;
  let home: string;
  const saved = { HOME: process.env.HOME, AZURE_CONFIG_DIR: process.env.AZURE_CONFIG_DIR };

  before(async function () {
    if (!process.env.AZURE_IDENTITY_TEST_EMULATOR) this.skip();
    await activateOurExtension();
    emulator = EmulatorClient.fromEnv();
    // A home of its own: the shared cache this test writes is nobody else's, and az there is signed in nowhere.
    home = mkdtempSync(path.join(tmpdir(), 'azid-found-'));
    process.env.HOME = home;
    process.env.AZURE_CONFIG_DIR = path.join(home, '.azure');
  });

  after(async () => {
    process.env.HOME = saved.HOME;
    process.env.AZURE_CONFIG_DIR = saved.AZURE_CONFIG_DIR;
    if (home) rmSync(home, { recursive: true, force: true });
    if (!emulator) return;
    const api = await activateOurExtension();
    for (const account of await api.getAccounts()) await vscode.commands.executeCommand('azureIdentity.signOut', { accountId: account.id });
    await vscode.commands.executeCommand('azureIdentity.refresh');
  });

  it('lists the account another tool left in the shared cache, and "Use this account" signs it in without a browser', async () => {
    // Another developer tool (here: the credential library, as the Azure SDKs do) signs alice in to the shared cache.
    const tool = new UsernamePasswordCredential(DEFAULT_TENANT_ID, DEVELOPER_SIGN_ON_CLIENT_ID, DEFAULT_USERNAME, DEFAULT_PASSWORD, {
      tokenCachePersistenceOptions: { enabled: true, name: 'msal.cache', allowUnencryptedStorage: true },
    });
    assert.ok(await tool.getToken(ARM_SCOPE));

    // Someone is signed in here (the group shows beside accounts): bob, by device code.
    await approvingDeviceCode(emulator, SECOND_USERNAME, () => vscode.commands.executeCommand('azureIdentity.signIn', { method: 'deviceCode' }));

    await vscode.commands.executeCommand('azureIdentity.refresh');
    const tree = await eventually((t) => t.some((i) => i.label === 'Found on this machine' && i.children.some((c) => c.label === DEFAULT_USERNAME)), 'alice is found in the shared cache');
    const found = tree.find((i) => i.label === 'Found on this machine')?.children.find((c) => c.label === DEFAULT_USERNAME);
    assert.match(found?.description ?? '', /shared token cache/);
    assert.equal(found?.contextValue, 'azureIdentity.foundAccount');

    await emulator.clearRequests();
    await vscode.commands.executeCommand('azureIdentity.useFoundAccount', {
      found: { source: 'sharedTokenCache', username: DEFAULT_USERNAME, tenantId: DEFAULT_TENANT_ID, key: `${DEFAULT_USER_OBJECT_ID}.${DEFAULT_TENANT_ID}` },
    });
    const after = await eventually((t) => t.some((i) => i.label === 'Alice Emulator') && !t.some((i) => i.label === 'Found on this machine'), 'alice is signed in and no longer only found');
    assert.ok(after.some((i) => i.label === 'Alice Emulator' && (i.description ?? '').length > 0));
    // Silent: no sign-in page, no device code; the refresh token the tool left was redeemed.
    assert.equal((await emulator.requests({ endpoint: 'authorize' })).length, 0, 'a sign-in page was asked for');
    assert.equal((await emulator.requests({ endpoint: 'devicecode' })).length, 0, 'a device code was asked for');
    const api = await activateOurExtension();
    assert.ok((await api.getAccounts()).some((a) => a.label === DEFAULT_USERNAME), 'the API lists alice');
    // Bob stays the default (the row with the default mark): adopting an account never demotes the one the person has.
    assert.equal(after.find((i) => i.contextValue === 'azureIdentity.account.default')?.label, 'Bob Emulator');
  });
});
