// "Found on this machine": other tools' accounts, less the ones already signed in here, read once for
// everyone who asks, and looked for again on Refresh.
import * as assert from 'node:assert/strict';
import type { Account } from '../../../src/vscode/accounts/accountServiceContract';
import { FoundAccounts } from '../../../src/vscode/tree/foundAccounts';
import { Memo } from '../../../src/vscode/signIn/probes';

const signedIn = (id: string, label: string, method: Account['method'] = 'interactiveBrowser'): Account => ({
  id, label, kind: 'user', method, cloud: 'AzureCloud', authorityHost: 'https://login.microsoftonline.com', homeTenantId: 't', clientId: 'c', signedInAt: 0,
});

describe('accounts found on this machine', () => {
  it('lists the shared cache\'s and the Azure CLI\'s accounts that are not signed in here', async () => {
    let reads = 0;
    const found = new FoundAccounts({
      authorityHost: () => 'https://login.microsoftonline.com',
      readSharedCache: async () => {
        reads++;
        return [
          { homeAccountId: 'oid1.t', username: 'alice@contoso.com', tenantId: 't', environment: 'login.microsoftonline.com' },
          { homeAccountId: 'oid2.t', username: 'bob@contoso.com', tenantId: 't', environment: 'login.microsoftonline.com' },
        ];
      },
      azureCli: new Memo(async () => ({ account: { username: 'carol@contoso.com', userType: 'user', tenantId: 't', subscription: 'Contoso' }, result: { state: 'available' as const, detail: '' } }), 60_000),
    });
    const list = await found.list([signedIn('oid1.t', 'alice@contoso.com')]);
    assert.deepEqual(list.map((f) => [f.source, f.username]), [['sharedTokenCache', 'bob@contoso.com'], ['azureCli', 'carol@contoso.com']]);
    assert.equal(list[1]?.detail, 'Contoso');
    const withCli = await found.list([signedIn('azureCli:x.t', 'carol@contoso.com (Azure CLI)', 'azureCli')]);
    assert.ok(!withCli.some((f) => f.source === 'azureCli'), 'the CLI account signed in here is not offered again');
    assert.equal(reads, 1, 'read once');
    let changed = 0;
    found.onDidChange(() => changed++);
    found.refresh();
    await found.list([]);
    assert.equal(reads, 2);
    assert.equal(changed, 1);
  });
});
