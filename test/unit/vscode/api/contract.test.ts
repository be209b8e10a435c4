// The published contract: the shipped declaration is what the source compiles to, the VSIX carries it, our types
// fit @azure/core-auth's, and the error guard works on errors from any bundle.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import type { AzureIdentityAccessToken, AzureIdentityTokenCredential } from '../../../../src/vscode/api/contract';
import { AzureIdentityApiError, isAzureIdentityError } from '../../../../src/vscode/api/errors';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..', '..');

// Compile-time checks: our credential is a core-auth TokenCredential, our token a core-auth AccessToken.
const asCoreCredential = (c: AzureIdentityTokenCredential): TokenCredential => c;
const asCoreToken = (t: AzureIdentityAccessToken): AccessToken => t;
const fromCoreOptions = (c: AzureIdentityTokenCredential, o: GetTokenOptions) => c.getToken('s', o);
void [asCoreCredential, asCoreToken, fromCoreOptions];

describe('published API contract', () => {
  it('azure-identity.api.d.ts is exactly what src/vscode/api/contract.ts compiles to', function () {
    // A TypeScript program over the contract and @types/vscode: a few seconds, more on a busy machine.
    this.timeout(120_000);
    const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'apiDeclaration.mjs'), '--check'], { encoding: 'utf8', timeout: 110_000 });
    assert.equal(result.status, 0, result.stderr || result.stdout);
  });

  it('the VSIX keeps azure-identity.api.d.ts although it leaves other .ts files out', () => {
    const rules = readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split('\n').map((l) => l.trim());
    assert.ok(rules.includes('**/*.ts'), '.vscodeignore no longer drops .ts files: this check needs updating');
    assert.ok(rules.includes('!azure-identity.api.d.ts'), '.vscodeignore must re-include azure-identity.api.d.ts');
  });

  it('recognises its errors by name and code, as another bundle\'s copy would make them', () => {
    const foreign = Object.assign(new Error('x'), { name: 'AzureIdentityError', code: 'ConsentDenied' });
    assert.equal(isAzureIdentityError(foreign), true);
    assert.equal(isAzureIdentityError(foreign, 'ConsentDenied'), true);
    assert.equal(isAzureIdentityError(foreign, 'NotSignedIn'), false);
    assert.equal(isAzureIdentityError(new Error('x')), false);
    assert.equal(isAzureIdentityError({ name: 'AzureIdentityError', code: 'Whatever' }), false);
    assert.equal(isAzureIdentityError(undefined), false);
    const notSignedIn = new AzureIdentityApiError('NotSignedIn', 'Sign in.');
    assert.equal(notSignedIn.isNotSignedInError, true, 'azureauth\'s isNotSignedInError looks for this flag');
    assert.equal(new AzureIdentityApiError('ConsentDenied', 'No.').isNotSignedInError, undefined);
  });
});
