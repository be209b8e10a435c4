// Copy Access Token's arguments and choices, checked before anything is asked.
import * as assert from 'node:assert/strict';
import { minutesUntil, parseCopyAccessTokenArgs, resourceChoices } from '../../../../src/vscode/commands/tokenResources';

describe('Copy Access Token arguments and resources', () => {
  it('accepts nothing (ask), or an account, scopes and tenant from the Accounts view', () => {
    assert.deepEqual(parseCopyAccessTokenArgs(undefined), {});
    assert.deepEqual(parseCopyAccessTokenArgs({ accountId: 'a', scopes: ['https://management.azure.com/.default'], tenantId: 'contoso.onmicrosoft.com' }), {
      accountId: 'a',
      scopes: ['https://management.azure.com/.default'],
      tenantId: 'contoso.onmicrosoft.com',
    });
  });

  it('turns malformed arguments into an error that says what is wrong', () => {
    for (const bad of ['x', { accountId: 3 }, { scopes: [] }, { scopes: ['two words'] }, { scopes: 5 }, { tenantId: 'not/a tenant' }]) {
      assert.ok(parseCopyAccessTokenArgs(bad) instanceof Error, JSON.stringify(bad));
    }
  });

  it('offers Resource Manager, Graph, Storage and Key Vault of the account\'s cloud', () => {
    assert.deepEqual(resourceChoices('AzureUSGovernment', 'https://management.usgovcloudapi.net/').map((c) => c.scope), [
      'https://management.usgovcloudapi.net/.default',
      'https://graph.microsoft.us/.default',
      'https://storage.azure.com/.default',
      'https://vault.usgovcloudapi.net/.default',
    ]);
    assert.equal(resourceChoices('AzureChinaCloud', 'https://management.chinacloudapi.cn')[1]?.scope, 'https://microsoftgraph.chinacloudapi.cn/.default');
  });

  it('says how long a copied token lasts in whole minutes', () => {
    assert.equal(minutesUntil(1_000_000 + 59.6 * 60_000, 1_000_000), 60);
    assert.equal(minutesUntil(0, 1_000_000), 0);
  });
});
