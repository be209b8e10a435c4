// The resource a request is for, as the consent question and the Copy Access Token warning name it.
import * as assert from 'node:assert/strict';
import { ScopeResourceError, resourceDisplayName, resourceOfScope, resourceOfScopes, scopesDisplayName } from '../../../../src/vscode/api/resourceNames';

describe('resource names', () => {
  it('finds the resource of each scope form', () => {
    assert.equal(resourceOfScope('https://management.azure.com/.default'), 'https://management.azure.com');
    assert.equal(resourceOfScope('https://management.core.windows.net//.default'), 'https://management.core.windows.net');
    assert.equal(resourceOfScope('https://storage.azure.com/user_impersonation'), 'https://storage.azure.com');
    assert.equal(resourceOfScope('User.Read'), 'https://graph.microsoft.com');
    assert.equal(resourceOfScope('api://e1a70000-0000-4000-8000-00000000a001/access'), 'api://e1a70000-0000-4000-8000-00000000a001');
    assert.equal(resourceOfScope('openid'), undefined);
  });

  it('names well-known resources, in every cloud, and shows others as they are', () => {
    assert.equal(resourceDisplayName('https://management.azure.com'), 'Azure Resource Manager');
    assert.equal(resourceDisplayName('https://management.usgovcloudapi.net'), 'Azure Resource Manager');
    assert.equal(resourceDisplayName('https://myvault.vault.azure.net'), 'Azure Key Vault');
    assert.equal(resourceDisplayName('https://acct.blob.core.windows.net'), 'Azure Storage');
    assert.equal(resourceDisplayName('https://graph.microsoft.com'), 'Microsoft Graph');
    assert.equal(resourceDisplayName('api://my-app'), 'api://my-app');
    assert.equal(resourceDisplayName('https://evilvault.azure.net.example.com'), 'https://evilvault.azure.net.example.com', 'a look-alike host is not Key Vault');
  });

  it('treats OpenID scopes as belonging to the resource beside them', () => {
    assert.equal(resourceOfScopes(['openid', 'offline_access', 'https://management.azure.com/.default']), 'https://management.azure.com');
    assert.equal(scopesDisplayName(['profile', 'User.Read', 'Mail.Read']), 'Microsoft Graph');
  });

  it('refuses scopes of two resources, naming both', () => {
    assert.throws(() => resourceOfScopes(['https://management.azure.com/.default', 'https://vault.azure.net/.default']), (e: unknown) => {
      assert.ok(e instanceof ScopeResourceError);
      assert.match(e.message, /management\.azure\.com and https:\/\/vault\.azure\.net/);
      return true;
    });
  });
});
