import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { authorityHostOfServer, authorizationServerGlobs, globMatches, matchingGlob, sameAuthorityHost } from '../../../../src/vscode/provider/authorizationServers';

const TENANT = 'e1a70000-0000-4000-8000-000000000001';

describe('authorization servers the provider claims for MCP', () => {
  const globs = authorizationServerGlobs();

  it('claims the public, US Government and China clouds, v1 and v2.0 issuers', () => {
    for (const host of ['login.microsoftonline.com', 'login.microsoftonline.us', 'login.chinacloudapi.cn']) {
      assert.ok(matchingGlob(globs, `https://${host}/${TENANT}/v2.0`), host);
      assert.ok(matchingGlob(globs, `https://${host}/${TENANT}`), host);
      assert.ok(matchingGlob(globs, `https://${host.toUpperCase()}/organizations/v2.0/`), host);
    }
  });

  it('claims nothing else: other hosts, look-alike hosts, deeper paths', () => {
    for (const server of [
      'https://github.com/login/oauth',
      'https://login.microsoftonline.com.evil.example/tenant/v2.0',
      'https://evil.example/login.microsoftonline.com/v2.0',
      `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/authorize`,
      `http://login.microsoftonline.com/${TENANT}/v2.0`,
    ]) {
      assert.equal(matchingGlob(globs, server), undefined, server);
    }
  });

  it('adds the configured custom authority', () => {
    const custom = authorizationServerGlobs('https://login.contoso.cloud/');
    assert.ok(matchingGlob(custom, `https://login.contoso.cloud/${TENANT}/v2.0`));
    assert.equal(matchingGlob(globs, `https://login.contoso.cloud/${TENANT}/v2.0`), undefined);
    assert.equal(new Set(custom).size, custom.length);
  });

  it('matches like the workbench: * stops at /, ** does not, case is ignored', () => {
    assert.equal(globMatches('https://a.example/*', 'https://a.example/x/y'), false);
    assert.equal(globMatches('https://a.example/**', 'https://a.example/x/y'), true);
    assert.equal(globMatches('https://A.example/x', 'https://a.example/X'), true);
  });

  it('folds authority host aliases to their cloud', () => {
    assert.equal(authorityHostOfServer('https://login.windows.net/x/v2.0'), 'https://login.microsoftonline.com');
    assert.equal(authorityHostOfServer('https://login.microsoftonline.us/x/v2.0'), 'https://login.microsoftonline.us');
    assert.ok(sameAuthorityHost('https://login.partner.microsoftonline.cn', 'https://login.chinacloudapi.cn/'));
    assert.equal(sameAuthorityHost('https://login.microsoftonline.us', 'https://login.microsoftonline.com'), false);
  });

  it('the manifest declares exactly these globs, so the workbench activates the provider for them', () => {
    const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', '..', '..', 'package.json'), 'utf8')) as { contributes: { authentication: { id: string; authorizationServerGlobs?: string[] }[] } };
    const declared = manifest.contributes.authentication.find((a) => a.id === 'azure-identity')?.authorizationServerGlobs;
    assert.deepEqual(declared, globs);
  });
});
