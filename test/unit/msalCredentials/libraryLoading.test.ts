// What requiring the library costs: no credential module is loaded until it is used, MSAL stays unloaded
// until a token is needed (issue #5), only msal/ may import it, and nothing in the library may import VS Code.
// The one entry (index) exports the public surface and no internals.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const sourceRoot = path.join(root, 'src', 'identity');

function sourceFiles(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('loading the library', () => {
  it('does not load MSAL when the library is required and credentials are constructed', () => {
    const index = path.join(root, 'out', 'src', 'identity', 'index.js');
    const loader = path.join(root, 'out', 'src', 'identity', 'msal', 'loadMsal.js');
    const script = `
      const identity = require(${JSON.stringify(index)});
      new identity.ClientSecretCredential('tenant', 'client', 'secret');
      new identity.DeviceCodeCredential();
      new identity.InteractiveBrowserCredential();
      const msalInCache = Object.keys(require.cache).some((file) => file.includes('@azure/msal-node'));
      process.stdout.write(JSON.stringify({ msalInCache, requested: require(${JSON.stringify(loader)}).isMsalRequested() }));`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(child.status, 0, child.stderr);
    assert.deepEqual(JSON.parse(child.stdout), { msalInCache: false, requested: false });
  });

  it('loads no credential module when required, and the one asked for when its export is first read', () => {
    const index = path.join(root, 'out', 'src', 'identity', 'index.js');
    const script = `
      const loaded = () => Object.keys(require.cache).filter((file) => file.includes('/credentials/')).map((file) => file.split('/').pop()).sort();
      const identity = require(${JSON.stringify(index)});
      const atRequire = loaded();
      new identity.AzureCliCredential();
      process.stdout.write(JSON.stringify({ atRequire, afterUse: loaded() }));`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(child.status, 0, child.stderr);
    const { atRequire, afterUse } = JSON.parse(child.stdout) as { atRequire: string[]; afterUse: string[] };
    assert.deepEqual(atRequire, []);
    assert.ok(afterUse.includes('azureCliCredential.js'), afterUse.join(', '));
    assert.ok(!afterUse.includes('defaultAzureCredential.js') && !afterUse.includes('clientSecretCredential.js'), afterUse.join(', '));
  });

  it('exports the public surface and none of the internals (TokenRunner, AccessTokenCache, test hooks)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const entry = require(path.join(root, 'out', 'src', 'identity', 'index.js')) as Record<string, unknown>;
    const names = Object.keys(entry);
    for (const internal of ['TokenRunner', 'AccessTokenCache', 'setUpCredential', 'createCredentialLogger', 'forgetRememberedUnavailability', 'unavailabilityMemory']) {
      assert.ok(!names.includes(internal), `${internal} is exported`);
    }
    assert.ok(names.includes('DefaultAzureCredential') && names.includes('AzureDeveloperCliCredential') && names.includes('logger'));
    // A lazy export is the module's own value, loaded on first read.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const direct = require(path.join(root, 'out', 'src', 'identity', 'credentials', 'azureCliCredential.js')) as Record<string, unknown>;
    assert.equal(entry.AzureCliCredential, direct.AzureCliCredential);
  });

  it('imports MSAL only from msal/, and only lazily there; never imports vscode', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(sourceRoot)) {
      const text = fs.readFileSync(file, 'utf8');
      const relative = path.relative(sourceRoot, file);
      const valueImports = [...text.matchAll(/^import\s+(?!type\b)[^;]*from\s+'(@azure\/msal-node[^']*)'/gm)].map((m) => m[1]);
      if (valueImports.length > 0) offenders.push(`${relative} statically imports ${valueImports.join(', ')}`);
      if (/import\(\s*'@azure\/msal-node/.test(text) && !relative.startsWith(`msal${path.sep}`)) offenders.push(`${relative} loads MSAL outside msal/`);
      if (/from\s+'vscode'|require\('vscode'\)/.test(text)) offenders.push(`${relative} imports vscode`);
    }
    assert.deepEqual(offenders, []);
  });
});
