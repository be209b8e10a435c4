// The helper other extensions copy: vscode.authentication.getSession as a TokenCredential with the real expiry.
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { createSessionCredential } from '../../../../src/vscode/api/client';
import { UsernamePasswordCredential } from '../../../../src/identity/credentials/usernamePasswordCredential';
import { AZURE_CLI_CLIENT_ID, DEFAULT_PASSWORD, DEFAULT_TENANT_ID, DEFAULT_USERNAME, SECOND_TENANT_ID } from '../../../emulator/defaults';
import { useFreshEmulator } from '../../msalCredentials/support/emulator';
import { claimsOf } from './support';

const ARM = 'https://management.azure.com/.default';
const ACCOUNT = { id: 'account-id', label: 'app' };

describe('session credential helper (emulator)', function () {
  const emulator = useFreshEmulator();

  /** getSession's shape, answered with a token the emulator really issued to alice for the scopes asked. */
  function authentication(calls: Array<{ providerId: string; scopes: readonly string[]; options?: vscode.AuthenticationGetSessionOptions }>, none = false) {
    return {
      getSession: async (providerId: string, scopes: readonly string[], options?: vscode.AuthenticationGetSessionOptions) => {
        calls.push({ providerId, scopes, options });
        if (none) return undefined;
        const tenant = scopes.find((s) => s.startsWith('VSCODE_TENANT:'))?.slice('VSCODE_TENANT:'.length) ?? DEFAULT_TENANT_ID;
        const token = await new UsernamePasswordCredential(tenant, AZURE_CLI_CLIENT_ID, DEFAULT_USERNAME, DEFAULT_PASSWORD, emulator().authorityOptions).getToken(scopes.filter((s) => !s.startsWith('VSCODE_')));
        return { id: 's', accessToken: token.token, account: ACCOUNT, scopes };
      },
    } as unknown as Pick<typeof vscode.authentication, 'getSession'>;
  }

  it('asks the azure-identity provider for exactly the scopes the SDK asks, and returns the token\'s own expiry', async () => {
    const calls: Parameters<typeof authentication>[0] = [];
    const token = await createSessionCredential(authentication(calls)).getToken(ARM);
    assert.deepEqual(calls.map((c) => [c.providerId, c.scopes]), [['azure-identity', [ARM]]]);
    assert.equal(token.expiresOnTimestamp, (claimsOf(token.token).exp as number) * 1000);
    assert.ok(token.expiresOnTimestamp > Date.now() + 50 * 60_000, 'not a guessed short expiry');
    assert.equal(token.tenantId, DEFAULT_TENANT_ID);
    assert.equal(token.accountId, ACCOUNT.id);
  });

  it('sends the tenant as VSCODE_TENANT and the account, and gets that tenant\'s token', async () => {
    const calls: Parameters<typeof authentication>[0] = [];
    const token = await createSessionCredential(authentication(calls), { account: ACCOUNT, createIfNone: true }).getToken([ARM], { tenantId: SECOND_TENANT_ID });
    assert.deepEqual(calls[0].scopes, [ARM, `VSCODE_TENANT:${SECOND_TENANT_ID}`]);
    assert.deepEqual(calls[0].options, { createIfNone: true, account: ACCOUNT });
    assert.equal(claimsOf(token.token).tid, SECOND_TENANT_ID);
  });

  it('fails as CredentialUnavailableError when there is no session, so SDK chains move on', async () => {
    await assert.rejects(createSessionCredential(authentication([], true)).getToken(ARM), { name: 'CredentialUnavailableError', message: /Accounts menu/ });
  });
});
