// Tenant ids, per-request tenants, scopes and authority hosts: what is accepted, and what each refusal says.
import * as assert from 'node:assert/strict';
import { AzureAuthorityHosts, KnownAuthorities, resolveAuthorityHost } from '../../../src/identity/authorityHosts';
import { InvalidArgumentError } from '../../../src/identity/errors';
import { checkScopes, resourceToScope, scopeToResource } from '../../../src/identity/scopes';
import { checkTenantId, resolveConfiguredTenant, resolveRequestTenant } from '../../../src/identity/tenant';

function refusedWith(argument: string, message: RegExp) {
  return (error: unknown): boolean => error instanceof InvalidArgumentError && error.argument === argument && message.test(error.message);
}

describe('tenant ids', () => {
  it('accepts GUIDs, domains, adfs and the multi-tenant names', () => {
    for (const tenant of ['e1a70000-0000-4000-8000-000000000001', 'contoso.onmicrosoft.com', 'adfs', 'organizations', 'common', 'consumers']) {
      assert.doesNotThrow(() => checkTenantId(tenant), tenant);
    }
  });

  it('refuses characters a tenant id cannot have, saying where to find the right one', () => {
    for (const tenant of ['contoso/../x', 'a b', 'tenant?x=1', '', 'tenant\u0000']) {
      assert.throws(() => checkTenantId(tenant), refusedWith('tenantId', /Invalid tenant id provided.*find-ids-and-domain-names/), JSON.stringify(tenant));
    }
  });

  it('defaults to organizations for the developer client and common for other clients', () => {
    assert.equal(resolveConfiguredTenant(undefined, undefined), 'organizations');
    assert.equal(resolveConfiguredTenant(undefined, '04b07795-8ddb-461a-bbee-02f9e1bf7b46'), 'organizations');
    assert.equal(resolveConfiguredTenant(undefined, 'some-app'), 'common');
    assert.equal(resolveConfiguredTenant('contoso.onmicrosoft.com', 'some-app'), 'contoso.onmicrosoft.com');
  });
});

describe('per-request tenant resolution', () => {
  const env = {};
  it('keeps the configured tenant when none is requested', () => {
    assert.equal(resolveRequestTenant('home', undefined, [], env), 'home');
  });

  it('refuses another tenant unless additionallyAllowedTenants lists it, and says how to allow it', () => {
    assert.throws(() => resolveRequestTenant('home', 'other', [], env), refusedWith('tenantId', /not configured to acquire tokens for tenant other.*AdditionallyAllowedTenants/));
    assert.equal(resolveRequestTenant('home', 'other', ['other'], env), 'other');
    assert.equal(resolveRequestTenant('home', 'OTHER', ['other'], env), 'OTHER', 'the allow-list compares case-insensitively');
    assert.equal(resolveRequestTenant('home', 'anything', ['*'], env), 'anything');
  });

  it('pins every request to the configured tenant when multi-tenant auth is disabled, or for adfs', () => {
    assert.equal(resolveRequestTenant('home', 'other', [], { AZURE_IDENTITY_DISABLE_MULTITENANTAUTH: 'true' }), 'home');
    assert.equal(resolveRequestTenant('adfs', 'other', [], env), 'adfs');
  });

  it('follows the requested tenant for credentials without one, still validating it', () => {
    assert.equal(resolveRequestTenant(undefined, 'other', [], env), 'other');
    assert.throws(() => resolveRequestTenant(undefined, 'bad/tenant', ['*'], env), refusedWith('tenantId', /Invalid tenant id/));
  });
});

describe('scopes', () => {
  it('needs at least one scope', () => {
    assert.throws(() => checkScopes([]), refusedWith('scopes', /at least one scope/));
  });

  it('refuses empty and malformed scopes, and too many where only one is allowed', () => {
    assert.throws(() => checkScopes(['']), refusedWith('scopes', /Invalid scope/));
    assert.throws(() => checkScopes(['https://x/.default other']), refusedWith('scopes', /without spaces/));
    assert.throws(() => checkScopes(['a', 'b'], { maxScopes: 1, credential: 'AzureCliCredential' }), refusedWith('scopes', /AzureCliCredential accepts only one scope/));
    assert.doesNotThrow(() => checkScopes(['https://management.azure.com/.default', 'api://id/Read.All', 'User.Read', 'openid']));
  });

  it('converts between .default scopes and resources as the CLIs expect', () => {
    assert.equal(scopeToResource('https://management.azure.com/.default'), 'https://management.azure.com');
    assert.equal(scopeToResource('https://management.core.windows.net//.default'), 'https://management.core.windows.net/');
    assert.equal(resourceToScope('https://vault.azure.net'), 'https://vault.azure.net/.default');
  });
});

describe('authority hosts', () => {
  it('names the four clouds as both libraries do', () => {
    assert.equal(AzureAuthorityHosts.AzurePublicCloud, 'https://login.microsoftonline.com');
    assert.equal(AzureAuthorityHosts.AzureGovernment, 'https://login.microsoftonline.us');
    assert.equal(AzureAuthorityHosts.AzureChina, 'https://login.chinacloudapi.cn');
    assert.equal(AzureAuthorityHosts.AzureGermany, 'https://login.microsoftonline.de');
    assert.equal(KnownAuthorities.AZURE_PUBLIC_CLOUD, 'login.microsoftonline.com');
  });

  it('takes the option, else AZURE_AUTHORITY_HOST, else the public cloud', () => {
    assert.equal(resolveAuthorityHost('https://login.microsoftonline.us/', { AZURE_AUTHORITY_HOST: 'https://login.chinacloudapi.cn' }), 'https://login.microsoftonline.us');
    assert.equal(resolveAuthorityHost(undefined, { AZURE_AUTHORITY_HOST: 'https://login.chinacloudapi.cn' }), 'https://login.chinacloudapi.cn');
    assert.equal(resolveAuthorityHost(undefined, {}), 'https://login.microsoftonline.com');
    assert.equal(resolveAuthorityHost(KnownAuthorities.AZURE_GOVERNMENT, {}), 'https://login.microsoftonline.us', 'a bare host (Python spelling) gets https://');
  });

  it('refuses non-https and malformed hosts, naming their source', () => {
    assert.throws(() => resolveAuthorityHost('http://login.example.com', {}), refusedWith('authorityHost', /must use https/));
    assert.throws(() => resolveAuthorityHost(undefined, { AZURE_AUTHORITY_HOST: 'http://x' }), refusedWith('AZURE_AUTHORITY_HOST', /must use https/));
    assert.throws(() => resolveAuthorityHost('https://', {}), refusedWith('authorityHost', /not a valid URL/));
  });
});
