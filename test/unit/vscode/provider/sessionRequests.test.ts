import assert from 'node:assert/strict';
import type { Account } from '../../../../src/vscode/accounts/accountServiceContract';
import { authorizationServerGlobs } from '../../../../src/vscode/provider/authorizationServers';
import { ScopeError } from '../../../../src/vscode/provider/scopeData';
import { SessionLedger, accountIdOfSession, eligibleAccounts, resolveRequest, sessionIdOf, tokenRequestFor } from '../../../../src/vscode/provider/sessionRequests';

const TENANT = 'e1a70000-0000-4000-8000-000000000001';
const account = (id: string, authorityHost: string, kind: Account['kind'] = 'user'): Account => ({
  id, label: `${id}@contoso.onmicrosoft.com`, kind, method: kind === 'user' ? 'interactiveBrowser' : 'environment', cloud: 'AzureCloud',
  authorityHost, homeTenantId: TENANT, clientId: 'aebc6443-996d-45c2-90f0-388ff96faa56', signedInAt: 0,
});
const PUBLIC = account('alice', 'https://login.microsoftonline.com');
const GOV = account('gina', 'https://login.microsoftonline.us');
const SP = account('sp', 'https://login.microsoftonline.com', 'servicePrincipal');
const globs = authorizationServerGlobs();

describe('provider session requests', () => {
  it('serves an MCP request only with accounts of the cloud its authorization server names', () => {
    const request = { scopes: [], authorizationServer: `https://login.microsoftonline.us/${TENANT}/v2.0`, resource: 'api://mcp' };
    const resolved = resolveRequest(request, globs);
    assert.deepEqual(eligibleAccounts([PUBLIC, GOV], request, resolved).map((a) => a.id), ['gina']);
    assert.deepEqual(resolved.data.scopesToSend, ['api://mcp/.default']);
    assert.equal(resolved.data.tenant, TENANT);
    assert.deepEqual(resolved.consumer, { kind: 'mcp', server: 'api://mcp' });
    const aliased = { scopes: ['User.Read'], authorizationServer: `https://login.windows.net/${TENANT}/v2.0` };
    assert.throws(() => resolveRequest(aliased, globs), ScopeError, 'login.windows.net is not claimed');
  });

  it('refuses an authorization server it does not claim, naming what it serves', () => {
    assert.throws(() => resolveRequest({ scopes: ['x'], authorizationServer: 'https://github.com/login/oauth' }, globs), /does not serve the authorization server https:\/\/github\.com/);
  });

  it('keeps to the account asked for, and serves every account without an authorization server', () => {
    const request = { scopes: ['https://management.azure.com/.default'], accountId: 'gina' };
    assert.deepEqual(eligibleAccounts([PUBLIC, GOV], request, resolveRequest(request, globs)).map((a) => a.id), ['gina']);
    const any = { scopes: ['https://management.azure.com/.default'] };
    assert.deepEqual(eligibleAccounts([PUBLIC, GOV, SP], any, resolveRequest(any, globs)).map((a) => a.id), ['alice', 'gina', 'sp']);
  });

  it('asks for CAE tokens for users (not for service principals), with the challenge\'s claims and the tenant', () => {
    const claims = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';
    const resolved = resolveRequest({ scopes: ['VSCODE_TENANT:' + TENANT, 'https://management.azure.com/.default'], claims }, globs);
    const user = tokenRequestFor(PUBLIC, resolved);
    assert.equal(user.enableCae, true);
    assert.equal(user.claims, claims);
    assert.equal(user.tenantId, TENANT);
    assert.equal(user.forceRefresh, undefined, 'the token cached under the claims serves the next call');
    assert.deepEqual(user.scopes, ['https://management.azure.com/.default']);
    assert.equal(tokenRequestFor(SP, resolved).enableCae, undefined);
    assert.equal(tokenRequestFor(PUBLIC, resolveRequest({ scopes: ['User.Read', 'VSCODE_TENANT:organizations'] }, globs)).tenantId, undefined);
  });

  it('maps every session id it hands out back to its account', () => {
    const { data } = resolveRequest({ scopes: ['https://management.azure.com/.default', 'VSCODE_CLIENT_ID:x'] }, globs);
    const id = sessionIdOf('0000.1111', data);
    assert.equal(accountIdOfSession(id), '0000.1111');
    assert.equal(accountIdOfSession('0000.1111'), '0000.1111');
  });

  it('remembers handed-out sessions: new once, then known, forgotten with the account', () => {
    const ledger = new SessionLedger();
    assert.equal(ledger.record('a|x', 'a', ['x'], { scopes: ['x'] }, 1), true);
    assert.equal(ledger.record('a|x', 'a', ['x'], { scopes: ['x'] }, 2), false);
    assert.equal(ledger.ofAccount('a')[0].expiresOnTimestamp, 2);
    assert.equal(ledger.forgetAccount('a').length, 1);
    assert.equal(ledger.record('a|x', 'a', ['x'], { scopes: ['x'] }, 3), true);
  });

  it('keeps the requests no account could serve, newest 50, until satisfied', () => {
    const ledger = new SessionLedger();
    for (let i = 0; i < 55; i++) ledger.rememberUnsatisfied(`k${i}`, { scopes: [`s${i}`] });
    const pending = ledger.pendingRequests();
    assert.equal(pending.length, 50);
    assert.equal(pending[0][0], 'k5');
    ledger.satisfied('k5');
    assert.equal(ledger.pendingRequests()[0][0], 'k6');
  });
});
