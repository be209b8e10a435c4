// What the Accounts tree says, from the plain view model: labels a person reads at a glance, expiry in words,
// and hovers that show a token's non-secret claims and never the token.
import * as assert from 'node:assert/strict';
import type { Account, AccountTenant, InventoryToken } from '../../../src/vscode/accounts/accountServiceContract';
import { displayNameFromToken } from '../../../src/vscode/accounts/tokenClaims';
import { accountDescription, accountIcon, accountLabel, accountTooltip, expiryText, tenantContext, tenantDescription, tokenDescription, tokenLabel, tokenTooltip, type Localize } from '../../../src/vscode/tree/treeModel';

/** vscode.l10n.t's placeholder rule, without VS Code. */
const t: Localize = (message, ...args) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

const alice: Account = {
  id: 'oid.tid',
  label: 'alice@contoso.onmicrosoft.com',
  displayName: 'Alice Emulator',
  kind: 'user',
  method: 'interactiveBrowser',
  cloud: 'AzureUSGovernment',
  authorityHost: 'https://login.microsoftonline.us',
  homeTenantId: 'tid',
  homeTenantName: 'Contoso',
  clientId: 'client',
  signedInAt: 0,
};

describe('Accounts tree view model', () => {
  it('labels a person by display name, then cloud and tenant name, short enough for a narrow side bar', () => {
    assert.equal(accountLabel(alice), 'Alice Emulator');
    assert.equal(accountDescription(t, alice, true), 'Azure US Gov · Contoso');
    assert.equal(accountLabel({ ...alice, displayName: undefined }), 'alice@contoso.onmicrosoft.com');
    assert.equal(accountDescription(t, { ...alice, displayName: undefined, homeTenantName: undefined }, false), 'Azure US Gov · tid');
    assert.ok(`${accountLabel(alice)} ${accountDescription(t, alice, true)}`.length <= 40);
    const hover = accountTooltip(t, alice, true);
    assert.match(hover, /default account/);
    assert.match(hover, /alice@contoso\\.onmicrosoft\\.com/);
    assert.match(hover, /Signed in with: browser/);
  });

  it('tells a service principal from a managed identity', () => {
    const sp: Account = { ...alice, kind: 'servicePrincipal', method: 'environment', displayName: undefined, label: 'app 123 (environment)' };
    const mi: Account = { ...alice, kind: 'managedIdentity', method: 'managedIdentity', displayName: undefined, label: 'object 9 (managed identity)' };
    assert.match(accountDescription(t, sp, false), / · service principal$/);
    assert.match(accountDescription(t, mi, false), / · managed identity$/);
    assert.notEqual(accountIcon(sp), accountIcon(mi));
    assert.notEqual(accountIcon(sp), accountIcon(alice));
  });

  it('names a managed identity by its resource and an app by its name, not by a GUID', () => {
    // Unsigned tokens with the claims Entra puts there: labels read them, nothing verifies them here.
    const tokenWith = (claims: Record<string, unknown>) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
    const vm = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/build-agent-7';
    const uami = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/deploy-identity';
    assert.equal(displayNameFromToken(tokenWith({ appid: 'c1', xms_mirid: vm })), 'build-agent-7');
    assert.equal(displayNameFromToken(tokenWith({ appid: 'c1', xms_mirid: uami })), 'deploy-identity');
    assert.equal(displayNameFromToken(tokenWith({ appid: 'c1', app_displayname: 'Nightly deploy' })), 'Nightly deploy');
    assert.equal(displayNameFromToken(tokenWith({ name: 'Alice Emulator', app_displayname: 'Visual Studio Code' })), 'Alice Emulator');
    assert.equal(displayNameFromToken(tokenWith({ appid: 'c1', xms_mirid: '' })), undefined);
    assert.equal(displayNameFromToken('not a token'), undefined);

    const mi: Account = { ...alice, kind: 'managedIdentity', method: 'managedIdentity', displayName: 'build-agent-7', label: 'app c1 (managed identity)' };
    assert.equal(accountLabel(mi), 'build-agent-7');
    assert.match(accountDescription(t, mi, false), / · managed identity$/);
    assert.equal(accountLabel({ ...mi, displayName: undefined }), 'app c1 (managed identity)');
  });

  it('names the tenant tokens come from once the person chose another', () => {
    const tenants: AccountTenant[] = [{ tenantId: 'tid', displayName: 'Contoso', state: 'signedIn' }, { tenantId: 'other', displayName: 'Fabrikam', state: 'signedIn' }];
    assert.equal(accountDescription(t, { ...alice, defaultTenantId: 'other' }, true, tenants), 'Azure US Gov · Fabrikam');
    assert.equal(tenantContext({ ...alice, defaultTenantId: 'other' }, tenants[1]!), 'azureIdentity.tenant.default');
    assert.equal(tenantContext(alice, { tenantId: 'x', state: 'signInRequired' }), 'azureIdentity.tenant.signInRequired');
    assert.equal(tenantDescription(t, alice, { tenantId: 'x', displayName: 'X', state: 'signInRequired', defaultDomain: 'x.example' }), 'sign in required');
  });

  it('says when a token expires in words', () => {
    const now = 1_000_000_000_000;
    assert.equal(expiryText(t, now + 52 * 60_000, now), 'expires in 52 min');
    assert.equal(expiryText(t, now + 125 * 60_000, now), 'expires in 2 h 5 min');
    assert.equal(expiryText(t, now + 20_000, now), 'expires in less than a minute');
    assert.equal(expiryText(t, now - 3 * 60_000, now), 'expired 3 min ago');
  });

  it('shows a token\'s resource, expiry, tenant and non-secret claims, and nothing else of it', () => {
    const now = Date.UTC(2026, 0, 1);
    const token: InventoryToken = {
      accountId: alice.id,
      scopes: ['https://graph.microsoft.com/User.Read'],
      resource: 'https://graph.microsoft.com',
      tenantId: 'tid',
      expiresOnTimestamp: now + 52 * 60_000,
      refreshAfterTimestamp: now + 47 * 60_000,
      cae: true,
      claims: { aud: '00000003-0000-0000-c000-000000000000', scp: 'User.Read', tid: 'tid', oid: 'oid', upn: 'alice@contoso.onmicrosoft.com', exp: 123, acrs: ['c1'], xms_cc: ['CP1'] },
    };
    assert.equal(tokenLabel(t, token), 'Microsoft Graph (User.Read)');
    assert.equal(tokenLabel(t, { ...token, scopes: ['https://vault.azure.net/.default'], resource: 'https://vault.azure.net' }), 'vault.azure.net');
    // Resource Manager by name in any cloud, and a custom cloud's own endpoint (npm start's emulator) too.
    const arm = { ...token, scopes: ['https://management.usgovcloudapi.net/.default'], resource: 'https://management.usgovcloudapi.net' };
    assert.equal(tokenLabel(t, arm), 'Azure Resource Manager');
    const custom = { ...token, scopes: ['https://127.0.0.1:44300/.default'], resource: 'https://127.0.0.1:44300' };
    assert.equal(tokenLabel(t, custom, { resourceManagerEndpoint: 'https://127.0.0.1:44300' }), 'Azure Resource Manager');
    assert.equal(tokenLabel(t, custom, { resourceManagerEndpoint: 'https://management.azure.com' }), '127.0.0.1:44300');
    // The hover keeps the address (Markdown-escaped).
    assert.ok(tokenTooltip(t, custom, now, { resourceManagerEndpoint: 'https://127.0.0.1:44300' }).includes('Resource: https://127\\.0\\.0\\.1:44300'));
    assert.equal(tokenDescription(t, token, now, [{ tenantId: 'tid', displayName: 'Contoso', state: 'signedIn' }]), 'expires in 52 min · tenant Contoso · CAE');
    const hover = tokenTooltip(t, token, now);
    for (const claim of ['aud', 'scp', 'tid', 'oid', 'upn', 'exp', 'acrs', 'xms_cc']) assert.match(hover, new RegExp(`\`${claim}\``), claim);
    assert.match(hover, /Refreshed after: 2026\\-01\\-01 00:47:00 UTC/);
    assert.match(hover, /never shown/);
  });
});
