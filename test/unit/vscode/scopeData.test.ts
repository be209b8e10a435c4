import assert from 'node:assert/strict';
import { parseScopes } from '../../../src/vscode/scopeData';

describe('scope strings (the built-in microsoft provider conventions)', () => {
  it('strips VSCODE_TENANT and VSCODE_CLIENT_ID and reads them', () => {
    const data = parseScopes(['VSCODE_TENANT:contoso.onmicrosoft.com', 'https://management.azure.com/.default', 'VSCODE_CLIENT_ID:11111111-2222-3333-4444-555555555555']);
    assert.deepEqual(data.scopesToSend, ['https://management.azure.com/.default']);
    assert.equal(data.tenant, 'contoso.onmicrosoft.com');
    assert.equal(data.clientId, '11111111-2222-3333-4444-555555555555');
    assert.equal(data.isSpecificTenant, true);
  });

  it('treats organizations, common and consumers as kinds of account, not tenants', () => {
    for (const name of ['organizations', 'common', 'Consumers']) {
      assert.equal(parseScopes([`VSCODE_TENANT:${name}`, 'User.Read']).isSpecificTenant, false, name);
    }
  });

  it('asks for User.Read when only OpenID scopes are left', () => {
    assert.deepEqual(parseScopes(['openid', 'profile', 'offline_access', 'email']).scopesToSend, ['User.Read', 'email', 'offline_access', 'openid', 'profile'].sort());
    assert.deepEqual(parseScopes(['VSCODE_TENANT:abc']).scopesToSend, ['User.Read']);
  });

  it('gives the same session key whatever the order or duplicates', () => {
    assert.equal(parseScopes(['b', 'a', 'b']).sessionKey, parseScopes(['a', 'b']).sessionKey);
    assert.notEqual(parseScopes(['a']).sessionKey, parseScopes(['a', 'VSCODE_TENANT:x']).sessionKey);
  });
});
