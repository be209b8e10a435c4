// The Accounts tree and the status bar in the real extension host, signed in for real: a device-code sign-in
// against the emulator (approved through its control API, as a person would on the device-login page), then
// every action the tree offers, settings changed while running, and the scope each cloud's sign-in asks for.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EmulatorClient } from '../emulator/client';
import { DEFAULT_TENANT_ID, DEFAULT_USERNAME, SECOND_TENANT_ID, SECOND_USERNAME } from '../emulator/defaults';
import { ARM_SCOPE, activateOurExtension, approvingDeviceCode, eventuallyShown as eventually, tokenThroughApi, viewSnapshot as snapshot, type TreeItemSnapshot, type ViewSnapshot } from './support';

function child(item: TreeItemSnapshot | undefined, label: string): TreeItemSnapshot | undefined {
  return item?.children.find((c) => c.label === label);
}

describe('Accounts view and status bar (signed in against the emulator)', function () {
  this.timeout(120_000);
  let emulator: EmulatorClient;
  const configuration = () => vscode.workspace.getConfiguration('azureIdentity');

  /** Runs the Sign In command with a device code and approves the code as `username` on the emulator. */
  async function signInWithDeviceCode(username: string, options: { tenant?: string } = {}): Promise<{ id: string; label: string } | undefined> {
    const signIn = () => vscode.commands.executeCommand<{ id: string; label: string } | undefined>('azureIdentity.signIn', { method: 'deviceCode', ...options });
    return (await approvingDeviceCode(emulator, username, signIn)).result;
  }

  before(async function () {
    if (!process.env.AZURE_IDENTITY_TEST_EMULATOR) this.skip();
    await activateOurExtension();
    emulator = EmulatorClient.fromEnv();
    await emulator.reset();
  });

  after(async () => {
    await configuration().update('statusBar.enabled', undefined, vscode.ConfigurationTarget.Global);
    await configuration().update('cloud', undefined, vscode.ConfigurationTarget.Global);
    const api = await activateOurExtension();
    for (const account of await api.getAccounts()) await vscode.commands.executeCommand('azureIdentity.signOut', { accountId: account.id });
  });

  it('before any sign-in shows only a small "Sign in" entry in the status bar and an empty tree (the welcome view)', async () => {
    const s = await snapshot();
    assert.deepEqual(s.tree, []);
    assert.equal(s.statusBar.visible, true);
    assert.match(s.statusBar.text, /Sign in/);
    assert.equal(s.statusBar.command, 'azureIdentity.signIn');
  });

  it('after a device-code sign-in shows who, cloud, tenant name, method and the default mark, and the status bar follows', async () => {
    const account = await signInWithDeviceCode(DEFAULT_USERNAME);
    assert.equal(account?.label, DEFAULT_USERNAME);
    const s = await eventually((x) => x.tree[0]?.description?.includes('Contoso (emulator)') === true, 'the account is labelled with its tenant name');
    const [row] = s.tree;
    assert.equal(row?.label, 'Alice Emulator', 'the display name first');
    assert.equal(row?.description, 'Azure · Contoso (emulator)');
    assert.equal(row?.contextValue, 'azureIdentity.account.default');
    assert.equal(row?.icon, 'star-full', 'the default is marked');
    assert.match(row?.tooltip ?? '', /login\\?\.microsoftonline\\?\.com/);
    assert.match(row?.tooltip ?? '', /Signed in with: device code/);
    assert.match(row?.tooltip ?? '', /alice@contoso\\?\.onmicrosoft\\?\.com/);
    assert.equal(s.statusBar.text, '$(account) Alice Emulator · Contoso (emulator)');
    assert.equal(s.statusBar.command, 'azureIdentity.statusBar.switch');
  });

  it('lists the tenants the account reaches, signed in, with the home tenant used for tokens', async () => {
    const s = await snapshot();
    const tenants = child(s.tree[0], 'Tenants');
    assert.deepEqual(tenants?.children.map((t) => [t.label, t.contextValue]), [
      ['Contoso (emulator)', 'azureIdentity.tenant.default'],
      ['Fabrikam (emulator)', 'azureIdentity.tenant.signedIn'],
    ]);
    assert.match(tenants?.children[0]?.description ?? '', /^signed in · home · used for tokens/);
    assert.match(tenants?.children[1]?.tooltip ?? '', new RegExp(SECOND_TENANT_ID.replace(/-/g, '\\\\?-')));
  });

  it('lists the token the sign-in got: resource, "expires in … min", tenant; the hover has claims and never the token', async () => {
    const token = await tokenThroughApi(ARM_SCOPE);
    const s = await eventually((x) => (child(x.tree[0], 'Tokens')?.children.length ?? 0) >= 1, 'a token is listed');
    // Named as a person knows it; the hover keeps the address.
    const arm = child(s.tree[0], 'Tokens')?.children.find((t) => t.label === 'Azure Resource Manager' && (t.description ?? '').includes('tenant Contoso'));
    assert.ok(arm, `tokens: ${child(s.tree[0], 'Tokens')?.children.map((t) => t.label).join(', ')}`);
    assert.match(arm.description ?? '', /^expires in (59 min|1 h) · tenant Contoso \(emulator\)( · CAE)?$/);
    assert.match(arm.tooltip ?? '', /`aud`: https:\/\/management\\\.azure\\\.com/);
    assert.match(arm.tooltip ?? '', /Resource: https:\/\/management\\\.azure\\\.com/);
    assert.match(arm.tooltip ?? '', new RegExp(`\`upn\`: ${DEFAULT_USERNAME.replace(/[.@]/g, (c) => (c === '.' ? '\\\\\\.' : c))}`));
    assert.match(arm.tooltip ?? '', /`tid`: /);
    assert.match(arm.tooltip ?? '', /`scp`: user\\_impersonation/);
    const serialized = JSON.stringify(s);
    assert.ok(!serialized.includes(token.token), 'the view holds the token');
    assert.ok(!serialized.includes(token.token.split('.')[2] ?? 'no-signature'), 'the view holds the token\'s signature');
    assert.equal(arm.contextValue, 'azureIdentity.token');
  });

  it('"Refresh token" gets a new token from the authority and the inventory shows it', async () => {
    const before = (await emulator.requests({ endpoint: 'token', grantType: 'refresh_token' })).length;
    await vscode.commands.executeCommand('azureIdentity.refreshToken', { accountId: (await (await activateOurExtension()).getAccounts())[0]?.id, scopes: [ARM_SCOPE] });
    const after = (await emulator.requests({ endpoint: 'token', grantType: 'refresh_token' })).length;
    assert.equal(after, before + 1, 'one refresh-token grant');
  });

  it('"Use this tenant" makes tokens come from that tenant, and the status bar says so', async () => {
    const api = await activateOurExtension();
    const [alice] = await api.getAccounts();
    await vscode.commands.executeCommand('azureIdentity.useTenant', { accountId: alice?.id, tenantId: SECOND_TENANT_ID });
    const s = await eventually((x) => x.statusBar.text.includes('Fabrikam'), 'the status bar names the tenant');
    assert.equal(s.statusBar.text, '$(account) Alice Emulator · Fabrikam (emulator)');
    const token = await tokenThroughApi(ARM_SCOPE);
    assert.equal(JSON.parse(Buffer.from(token.token.split('.')[1] ?? '', 'base64url').toString()).tid, SECOND_TENANT_ID);
    await vscode.commands.executeCommand('azureIdentity.useTenant', { accountId: alice?.id, tenantId: DEFAULT_TENANT_ID });
    await eventually((x) => x.statusBar.text.includes('Contoso'), 'back to the home tenant');
  });

  it('a second account does not take the default; "Make default" does, and the status bar follows', async () => {
    const bob = await signInWithDeviceCode(SECOND_USERNAME);
    let s = await eventually((x) => x.tree.filter((i) => i.contextValue?.startsWith('azureIdentity.account')).length === 2, 'two accounts');
    assert.equal(s.tree[0]?.contextValue, 'azureIdentity.account.default', 'alice stays the default');
    assert.equal(s.tree[1]?.contextValue, 'azureIdentity.account');
    await vscode.commands.executeCommand('azureIdentity.makeDefault', { accountId: bob?.id });
    s = await eventually((x) => x.tree[1]?.contextValue === 'azureIdentity.account.default', 'bob is the default');
    assert.match(s.statusBar.text, new RegExp(`^\\$\\(account\\) .*${'Contoso'}`));
    assert.ok(!s.statusBar.text.includes('Alice'), s.statusBar.text);
    const upn = JSON.parse(Buffer.from((await tokenThroughApi(ARM_SCOPE)).token.split('.')[1] ?? '', 'base64url').toString()).upn;
    assert.equal(upn, SECOND_USERNAME, 'the exported API follows the default');
  });

  it('signing out the default hands the role to the other account, which the tree and the status bar show', async () => {
    const api = await activateOurExtension();
    const bob = (await api.getAccounts()).find((a) => a.label === SECOND_USERNAME);
    await vscode.commands.executeCommand('azureIdentity.signOut', { accountId: bob?.id });
    const s = await eventually((x) => x.tree.length === 1 && x.tree[0]?.contextValue === 'azureIdentity.account.default' && x.tree[0]?.label === 'Alice Emulator', 'alice is the default again');
    assert.match(s.statusBar.text, /Alice Emulator/);
  });

  it('a tenant that needs a sign-in shows "sign in required"; Sign In to Tenant signs in there and it turns signed in', async () => {
    const carolName = 'carol@contoso.onmicrosoft.com';
    await emulator.addUser({ username: carolName, password: 'emulator-fake-password-carol', guestOf: [SECOND_TENANT_ID], displayName: 'Carol Emulator' });
    // The first silent request to Fabrikam meets multi-factor authentication; the sign-in after it does not.
    await emulator.addFault({ endpoint: 'token', tenant: SECOND_TENANT_ID, times: 1, action: { type: 'claimsChallenge', claims: '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}' } });
    const carol = await signInWithDeviceCode(carolName);
    const carolRow = (x: ViewSnapshot) => x.tree.find((i) => i.label === 'Carol Emulator');
    let s = await eventually((x) => child(carolRow(x), 'Tenants')?.children.some((t) => t.contextValue === 'azureIdentity.tenant.signInRequired') === true, 'Fabrikam needs a sign-in');
    const fabrikam = child(carolRow(s), 'Tenants')?.children.find((t) => t.label === 'Fabrikam (emulator)');
    assert.match(fabrikam?.description ?? '', /^sign in required/);
    assert.equal(fabrikam?.command, 'azureIdentity.signInToTenant');
    assert.match(fabrikam?.tooltip ?? '', /multi\\?-factor/);
    const { tenant } = await approvingDeviceCode(emulator, carolName, () => vscode.commands.executeCommand('azureIdentity.signInToTenant', { accountId: carol?.id, tenantId: SECOND_TENANT_ID }));
    assert.equal(tenant, SECOND_TENANT_ID, 'the sign-in goes to that tenant');
    s = await eventually((x) => child(carolRow(x), 'Tenants')?.children.find((t) => t.label === 'Fabrikam (emulator)')?.contextValue === 'azureIdentity.tenant.signedIn', 'Fabrikam is signed in');
    assert.equal(carolRow(s)?.description?.includes('Contoso (emulator)'), true, 'the home tenant stays Contoso');
    await vscode.commands.executeCommand('azureIdentity.signOut', { accountId: carol?.id });
  });

  it('hides the status bar item when azureIdentity.statusBar.enabled is turned off, and shows it again', async () => {
    await configuration().update('statusBar.enabled', false, vscode.ConfigurationTarget.Global);
    await eventually((x) => !x.statusBar.visible, 'the status bar item is hidden');
    await configuration().update('statusBar.enabled', undefined, vscode.ConfigurationTarget.Global);
    await eventually((x) => x.statusBar.visible, 'the status bar item is back');
  });

  it('a cloud changed while running applies to the next sign-in: its authority and its Resource Manager scope', async () => {
    await configuration().update('cloud', 'AzureUSGovernment', vscode.ConfigurationTarget.Global);
    await emulator.clearRequests();
    const account = await signInWithDeviceCode(SECOND_USERNAME);
    assert.equal(account?.label, SECOND_USERNAME);
    const [request] = await emulator.requests({ endpoint: 'devicecode' });
    assert.equal(request?.host, 'login.microsoftonline.us');
    assert.match(request?.form?.scope ?? '', /https:\/\/management\.usgovcloudapi\.net\/\.default/);
    assert.ok(!(request?.form?.scope ?? '').includes('management.azure.com'), 'not the public cloud\'s scope');
    await configuration().update('cloud', undefined, vscode.ConfigurationTarget.Global);
    // The account keeps the cloud it signed in to, after the setting moved back.
    const s = await eventually((x) => x.tree.some((i) => i.description?.includes('Azure US Gov')), 'the account shows its own cloud');
    const gov = s.tree.find((i) => i.description?.includes('Azure US Gov'));
    assert.match(gov?.tooltip ?? '', /login\\\.microsoftonline\\\.us/);
  });
});
