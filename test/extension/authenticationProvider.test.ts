// Other extensions reach the provider through vscode.authentication, the way they reach the built-in ones.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ARM_SCOPE, PROVIDER_ID, activateOurExtension } from './support';

describe('authentication provider', () => {
  before(async () => {
    await activateOurExtension();
  });

  it('answers a silent session request with "no session" instead of "no such provider"', async () => {
    // Without a registered provider VS Code rejects with "No authentication provider 'azure-identity' ...".
    const session = await vscode.authentication.getSession(PROVIDER_ID, [ARM_SCOPE], { silent: true });
    assert.equal(session, undefined);
  });

  it('lists no accounts in a fresh profile', async () => {
    const accounts = await vscode.authentication.getAccounts(PROVIDER_ID);
    assert.deepEqual(accounts, []);
  });

  it('rejects a request for a provider id that is not ours, so the checks above can fail', async () => {
    await assert.rejects(
      Promise.resolve(vscode.authentication.getSession(`${PROVIDER_ID}-missing`, [ARM_SCOPE], { silent: true })),
      /azure-identity-missing/,
    );
  });
});
