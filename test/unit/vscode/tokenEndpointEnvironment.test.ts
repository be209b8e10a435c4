// What a terminal's environment holds for the endpoint, what an account terminal starts with, and the state
// that keeps the endpoint's port and secret across reloads.
import assert from 'node:assert/strict';
import { endpointStateKey, readEndpointState, writeEndpointState, type SecretStore } from '../../../src/vscode/terminal/endpointState';
import { ENDPOINT_VARIABLES, URL_VARIABLES, accountTerminalVariables, endpointVariables } from '../../../src/vscode/terminal/terminalVariables';

const URLS = { managedIdentity: 'http://127.0.0.1:4711/msi/token', azd: 'http://127.0.0.1:4711/azd' };

class MemorySecrets implements SecretStore {
  readonly values = new Map<string, string>();
  async get(key: string) {
    return this.values.get(key);
  }
  async store(key: string, value: string) {
    this.values.set(key, value);
  }
  async delete(key: string) {
    this.values.delete(key);
  }
}

describe('terminal token endpoint environment', () => {
  it('points every protocol at the endpoint with one secret, and marks it as the VS Code endpoint', () => {
    const variables = endpointVariables(URLS, 's'.repeat(43));
    assert.deepEqual(Object.keys(variables), [...ENDPOINT_VARIABLES]);
    assert.equal(variables.IDENTITY_ENDPOINT, URLS.managedIdentity);
    assert.equal(variables.MSI_ENDPOINT, URLS.managedIdentity);
    assert.equal(variables.AZD_AUTH_ENDPOINT, URLS.azd);
    assert.equal(variables.AZURE_IDENTITY_VSCODE_ENDPOINT, URLS.managedIdentity);
    assert.deepEqual(new Set([variables.IDENTITY_HEADER, variables.MSI_SECRET, variables.AZD_AUTH_KEY]), new Set(['s'.repeat(43)]));
  });

  it('gives an account terminal only the id its URLs end with (VS Code prepends the window\'s URLs), never a secret', () => {
    const variables = accountTerminalVariables('t'.repeat(24));
    assert.deepEqual(Object.keys(variables).sort(), [...URL_VARIABLES].sort());
    assert.ok(Object.values(variables).every((v) => v === `/${'t'.repeat(24)}`));
    const window = endpointVariables(URLS, 's'.repeat(43));
    // What the terminal's programs see: the window's URL, prepended to the terminal's own value.
    assert.equal(window.IDENTITY_ENDPOINT + variables.IDENTITY_ENDPOINT, `http://127.0.0.1:4711/msi/token/${'t'.repeat(24)}`);
    assert.equal(window.AZD_AUTH_ENDPOINT + variables.AZD_AUTH_ENDPOINT, `http://127.0.0.1:4711/azd/${'t'.repeat(24)}`);
  });

  it('keeps port and secret per workspace, and ignores a stored value that is not ours', async () => {
    const secrets = new MemorySecrets();
    const a = endpointStateKey('file:///work/a');
    const b = endpointStateKey('file:///work/b');
    assert.notEqual(a, b);
    assert.equal(endpointStateKey(undefined), endpointStateKey(undefined));
    assert.equal(await readEndpointState(secrets, a), undefined);
    await writeEndpointState(secrets, a, { port: 4711, secret: 'k'.repeat(43) });
    assert.deepEqual(await readEndpointState(secrets, a), { port: 4711, secret: 'k'.repeat(43) });
    assert.equal(await readEndpointState(secrets, b), undefined);
    for (const bad of ['not json', '{"port": 0, "secret": "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"}', '{"port": 4711, "secret": "short"}', '[]']) {
      secrets.values.set(a, bad);
      assert.equal(await readEndpointState(secrets, a), undefined, bad);
    }
  });
});
