import assert from 'node:assert/strict';
import { ScopeError, defaultScopeOf, parseScopes, resourceOfScope, tenantOfAuthorizationServer } from '../../../../src/vscode/provider/scopeData';

describe('scope strings (the built-in microsoft provider conventions)', () => {
  it('strips VSCODE_TENANT and VSCODE_CLIENT_ID and reads them', () => {
    const data = parseScopes(['VSCODE_TENANT:contoso.onmicrosoft.com', 'https://management.azure.com/.default', 'VSCODE_CLIENT_ID:11111111-2222-3333-4444-555555555555']);
    assert.deepEqual(data.scopesToSend, ['https://management.azure.com/.default']);
    assert.equal(data.tenant, 'contoso.onmicrosoft.com');
    assert.equal(data.clientId, '11111111-2222-3333-4444-555555555555');
    assert.equal(data.isSpecificTenant, true);
    assert.equal(data.resource, 'https://management.azure.com');
  });

  it('treats organizations, common and consumers as kinds of account, not tenants', () => {
    for (const name of ['organizations', 'common', 'Consumers']) {
      assert.equal(parseScopes([`VSCODE_TENANT:${name}`, 'User.Read']).isSpecificTenant, false, name);
    }
  });

  it('asks for User.Read when only OpenID scopes are left, and keeps offline_access and the OIDC scopes', () => {
    assert.deepEqual(parseScopes(['openid', 'profile', 'offline_access', 'email']).scopesToSend, ['User.Read', 'email', 'offline_access', 'openid', 'profile'].sort());
    assert.deepEqual(parseScopes(['VSCODE_TENANT:abc']).scopesToSend, ['User.Read']);
    assert.deepEqual(parseScopes(['offline_access', 'https://management.azure.com/.default']).scopesToSend, ['https://management.azure.com/.default', 'offline_access']);
    assert.equal(parseScopes(['openid']).resource, 'https://graph.microsoft.com');
  });

  it('gives the same session key whatever the order or duplicates', () => {
    assert.equal(parseScopes(['b', 'a', 'b']).sessionKey, parseScopes(['a', 'b']).sessionKey);
    assert.notEqual(parseScopes(['a']).sessionKey, parseScopes(['a', 'VSCODE_TENANT:x']).sessionKey);
  });

  it('rejects scopes of two resources with an error naming both', () => {
    assert.throws(() => parseScopes(['https://management.azure.com/.default', 'https://vault.azure.net/user_impersonation']), (error: unknown) => {
      assert.ok(error instanceof ScopeError);
      assert.match(error.message, /https:\/\/management\.azure\.com/);
      assert.match(error.message, /https:\/\/vault\.azure\.net/);
      assert.match(error.message, /one resource at a time/);
      return true;
    });
    assert.throws(() => parseScopes(['User.Read', 'https://management.azure.com/.default']), /graph\.microsoft\.com.*management\.azure\.com|management\.azure\.com.*graph\.microsoft\.com/);
  });

  it('counts spellings of one resource as one: Graph names, trailing slashes, case', () => {
    assert.doesNotThrow(() => parseScopes(['User.Read', 'https://graph.microsoft.com/Mail.Read', '00000003-0000-0000-c000-000000000000/Files.Read']));
    assert.doesNotThrow(() => parseScopes(['https://management.core.windows.net//.default', 'https://Management.Core.Windows.Net/user_impersonation']));
    assert.equal(resourceOfScope('api://11111111-2222-3333-4444-555555555555/access_as_user'), 'api://11111111-2222-3333-4444-555555555555');
    assert.equal(resourceOfScope('offline_access'), undefined);
    assert.equal(resourceOfScope('VSCODE_TENANT:x'), undefined);
  });

  it('rejects a scope string that holds several scopes, and a malformed tenant', () => {
    assert.throws(() => parseScopes(['openid https://management.azure.com/.default']), /white space/);
    assert.throws(() => parseScopes(['VSCODE_TENANT:../evil', 'User.Read']), ScopeError);
  });
});

describe('MCP session options (authorizationServer, clientId, resource)', () => {
  it('takes the tenant from the first path segment of the authorization server, over VSCODE_TENANT', () => {
    const data = parseScopes(['VSCODE_TENANT:organizations', 'api://mcp/.default'], { authorizationServer: 'https://login.microsoftonline.us/e1a70000-0000-4000-8000-000000000001/v2.0' });
    assert.equal(data.tenant, 'e1a70000-0000-4000-8000-000000000001');
    assert.equal(data.isSpecificTenant, true);
    assert.equal(tenantOfAuthorizationServer('https://login.microsoftonline.com/'), undefined);
    assert.equal(tenantOfAuthorizationServer('https://login.microsoftonline.com/organizations/v2.0'), 'organizations');
    assert.throws(() => tenantOfAuthorizationServer('not a url'), ScopeError);
  });

  it('uses the client id the MCP configuration names, over VSCODE_CLIENT_ID', () => {
    assert.equal(parseScopes(['VSCODE_CLIENT_ID:a', 'User.Read'], { clientId: 'b' }).clientId, 'b');
    assert.equal(parseScopes(['VSCODE_CLIENT_ID:a', 'User.Read'], { clientId: ' ' }).clientId, 'a');
  });

  it('asks for <resource>/.default when no scope is given, and never sends the resource indicator itself', () => {
    const data = parseScopes([], { resource: 'api://mcp-fixture/', authorizationServer: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0' });
    assert.deepEqual(data.scopesToSend, ['api://mcp-fixture/.default']);
    assert.deepEqual(data.requestedScopes, ['api://mcp-fixture/.default']);
    assert.equal(data.resource, 'api://mcp-fixture');
    // Entra's authorization server metadata lists only OIDC scopes, which the MCP client passes on when the
    // protected resource names none: they get a token for the resource, not for Graph.
    const oidcOnly = parseScopes(['openid', 'profile', 'email', 'offline_access'], { resource: 'api://mcp-fixture' });
    assert.equal(oidcOnly.resource, 'api://mcp-fixture');
    assert.ok(oidcOnly.scopesToSend.includes('api://mcp-fixture/.default'));
    assert.ok(!oidcOnly.scopesToSend.includes('User.Read'));
    // Scopes given win: the resource only fills in when there are none.
    assert.deepEqual(parseScopes(['api://mcp-fixture/tools.read'], { resource: 'api://mcp-fixture' }).scopesToSend, ['api://mcp-fixture/tools.read']);
    assert.equal(defaultScopeOf('https://management.azure.com/'), 'https://management.azure.com/.default');
    assert.throws(() => defaultScopeOf('  '), ScopeError);
  });
});
