// VisualStudioCodeCredential: inside the extension host through the provider the extension registers, in a
// terminal through the extension's real token endpoint (src/vscode/terminal/tokenEndpointServer.ts, plain
// Node), and unavailable — with the sign-in hint — everywhere else.
import * as assert from 'node:assert/strict';
import {
  notifyVisualStudioCodeAccountsChanged,
  setVisualStudioCodeTokenProvider,
  VisualStudioCodeCredential,
  type VisualStudioCodeTokenRequest,
} from '../../../src/identity/credentials/visualStudioCodeCredential';
import { CredentialUnavailableError } from '../../../src/identity/errors';
import { EndpointTokenError, startTokenEndpoint, type RunningTokenEndpoint } from '../../../src/vscode/terminal/tokenEndpointServer';
import { useCleanEnvironment } from './support/environment';
import { expectError } from './support/assertions';

const SCOPE = 'https://management.azure.com/.default';

describe('identity2: VisualStudioCodeCredential', () => {
  useCleanEnvironment();
  let registration: { dispose(): void } | undefined;
  afterEach(() => {
    registration?.dispose();
    registration = undefined;
  });

  it('is unavailable outside VS Code and says to sign in from the Accounts menu', async () => {
    const error = await expectError(new VisualStudioCodeCredential().getToken(SCOPE), CredentialUnavailableError);
    assert.match(error.message, /Sign in from the Accounts menu/);
  });

  describe('inside the extension host', () => {
    it('asks the provider the extension registered, with the scopes and tenant, and caches the answer', async () => {
      const requests: VisualStudioCodeTokenRequest[] = [];
      registration = setVisualStudioCodeTokenProvider(async (request) => {
        requests.push(request);
        return { token: `vscode-token-${requests.length}`, expiresOnTimestamp: Date.now() + 3_600_000 };
      });
      const credential = new VisualStudioCodeCredential({ tenantId: 'e1a70000-0000-4000-8000-000000000001' });
      assert.equal((await credential.getToken(SCOPE)).token, 'vscode-token-1');
      assert.equal((await credential.getToken(SCOPE)).token, 'vscode-token-1');
      assert.equal(requests.length, 1);
      assert.deepEqual(requests[0].scopes, [SCOPE]);
      assert.equal(requests[0].tenantId, 'e1a70000-0000-4000-8000-000000000001');
    });

    it('forgets cached tokens when the extension reports that accounts changed', async () => {
      let calls = 0;
      registration = setVisualStudioCodeTokenProvider(async () => ({ token: `t${++calls}`, expiresOnTimestamp: Date.now() + 3_600_000 }));
      const credential = new VisualStudioCodeCredential();
      assert.equal((await credential.getToken(SCOPE)).token, 't1');
      notifyVisualStudioCodeAccountsChanged();
      assert.equal((await credential.getToken(SCOPE)).token, 't2');
    });

    it('is unavailable when nobody is signed in, and again once the provider is gone', async () => {
      registration = setVisualStudioCodeTokenProvider(async () => undefined);
      const credential = new VisualStudioCodeCredential();
      assert.match((await expectError(credential.getToken(SCOPE), CredentialUnavailableError)).message, /no account is signed in/);
      registration.dispose();
      registration = undefined;
      assert.match((await expectError(credential.getToken('https://vault.azure.net/.default'), CredentialUnavailableError)).message, /Accounts menu/);
    });
  });

  describe('in a terminal, through the extension’s token endpoint', () => {
    let endpoint: RunningTokenEndpoint | undefined;
    let secret: string | undefined;
    let answer: () => Promise<{ token: string; expiresOnTimestamp: number }>;
    const seen: string[] = [];
    beforeEach(async () => {
      seen.length = 0;
      answer = async () => ({ token: 'terminal-token', expiresOnTimestamp: Date.now() + 3_600_000 });
      endpoint = await startTokenEndpoint({
        getToken: (request) => {
          seen.push(...request.scopes);
          return answer();
        },
      });
      secret = endpoint.addSecret({});
    });
    afterEach(async () => {
      await endpoint?.close();
    });

    function terminalEnvironment(marker = true): NodeJS.ProcessEnv {
      return {
        IDENTITY_ENDPOINT: endpoint?.urls.managedIdentity,
        IDENTITY_HEADER: secret,
        ...(marker ? { AZURE_IDENTITY_VSCODE_ENDPOINT: endpoint?.urls.managedIdentity } : {}),
      };
    }

    it('gets the signed-in account’s token from the endpoint the extension put in the terminal', async () => {
      const credential = new VisualStudioCodeCredential({ environment: terminalEnvironment() });
      const token = await credential.getToken(SCOPE);
      assert.equal(token.token, 'terminal-token');
      assert.ok(token.expiresOnTimestamp > Date.now());
      assert.deepEqual(seen, [SCOPE]);
    });

    it('ignores IDENTITY_ENDPOINT without the extension’s marker (an App Service is not VS Code)', async () => {
      await expectError(new VisualStudioCodeCredential({ environment: terminalEnvironment(false) }).getToken(SCOPE), CredentialUnavailableError);
      assert.deepEqual(seen, []);
    });

    it('is unavailable with the sign-in hint when the extension has no signed-in account', async () => {
      answer = () => Promise.reject(new EndpointTokenError('notSignedIn', 'No account is signed in to Azure Identity.'));
      const error = await expectError(new VisualStudioCodeCredential({ environment: terminalEnvironment() }).getToken(SCOPE), CredentialUnavailableError);
      assert.match(error.message, /Accounts menu/);
    });

    it('is unavailable when the window that served the endpoint is gone', async () => {
      const environment = terminalEnvironment();
      await endpoint?.close();
      endpoint = undefined;
      await expectError(new VisualStudioCodeCredential({ environment }).getToken(SCOPE), CredentialUnavailableError);
    });
  });
});
