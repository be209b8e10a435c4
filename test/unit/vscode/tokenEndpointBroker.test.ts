// Who may have what from the terminal endpoint: the default account (followed when the person changes it), an
// account terminal's own account and tenant, the allow-list per cloud, and the person's answer for the rest.
// The account service is an in-memory stand-in shaped like the AccountService contract; the in-host tests run
// the same broker over the real one.
import assert from 'node:assert/strict';
import type { Account, AccountToken, AccountTokenRequest, CloudName } from '../../../src/vscode/accounts/accountServiceContract';
import {
  DEFAULT_ALLOWED_RESOURCES,
  TerminalTokenBroker,
  allowedResourcesFor,
  scopeResource,
  type ConsentAnswer,
  type ConsentQuestion,
} from '../../../src/vscode/terminal/terminalTokenBroker';
import { EndpointTokenError, type EndpointBinding, type EndpointTokenRequest } from '../../../src/vscode/terminal/tokenEndpointServer';

const HOME = 'e1a70000-0000-4000-8000-000000000001';
const OTHER = 'e1a70000-0000-4000-8000-000000000002';

function account(id: string, cloud: CloudName = 'AzureCloud'): Account {
  return { id, label: `${id}@contoso`, kind: 'user', method: 'interactiveBrowser', cloud, authorityHost: 'https://login.microsoftonline.com', homeTenantId: HOME, clientId: 'c', signedInAt: 0 };
}

class AccountsStandIn {
  accounts: Account[] = [];
  defaultId: string | undefined;
  readonly calls: Array<{ accountId: string | undefined; request: AccountTokenRequest }> = [];
  failWith: Error | undefined;

  async getAccount(id: string) {
    return this.accounts.find((a) => a.id === id);
  }
  async getDefaultAccount() {
    return this.accounts.find((a) => a.id === this.defaultId);
  }
  async getToken(accountId: string | undefined, request: AccountTokenRequest): Promise<AccountToken> {
    this.calls.push({ accountId, request });
    if (this.failWith) throw this.failWith;
    return { token: `token-of-${accountId}-for-${request.tenantId ?? HOME}`, expiresOnTimestamp: Date.now() + 3600_000, accountId: accountId ?? '?', tenantId: request.tenantId ?? HOME };
  }
}

function tokenRequest(scope: string, binding: EndpointBinding = {}, extra: Partial<EndpointTokenRequest> = {}): EndpointTokenRequest {
  return { scopes: [scope], binding, tenantId: binding.tenantId, protocol: 'appService2019', userAgent: 'python-requests/2.31', ...extra };
}

async function rejection(promise: unknown): Promise<EndpointTokenError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof EndpointTokenError, `expected EndpointTokenError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a refusal');
}

describe('terminal token endpoint broker (who may have what)', () => {
  let accounts: AccountsStandIn;
  let questions: ConsentQuestion[];
  let answers: Array<ConsentAnswer | undefined>;
  let remembered: string[];
  let allowList: string[];
  let broker: TerminalTokenBroker;

  beforeEach(() => {
    accounts = new AccountsStandIn();
    accounts.accounts = [account('alice'), account('bob')];
    accounts.defaultId = 'alice';
    questions = [];
    answers = [];
    remembered = [];
    allowList = [...DEFAULT_ALLOWED_RESOURCES];
    broker = new TerminalTokenBroker({
      service: accounts,
      allowList: () => allowList,
      ask: async (question) => {
        questions.push(question);
        return answers.shift();
      },
      rememberAllowed: async (resource) => {
        remembered.push(resource);
        allowList = [...allowList, resource];
      },
    });
  });

  it('serves the default account, and follows the default the person chooses', async () => {
    assert.equal((await broker.getToken(tokenRequest('https://management.azure.com/.default'))).token, `token-of-alice-for-${HOME}`);
    accounts.defaultId = 'bob';
    assert.equal((await broker.getToken(tokenRequest('https://management.azure.com/.default'))).token, `token-of-bob-for-${HOME}`);
    assert.deepEqual(accounts.calls[0].request.consumer, { kind: 'terminal', userAgent: 'python-requests/2.31', protocol: 'appService2019' });
  });

  it('serves an account terminal its own account and tenant, whatever the default', async () => {
    const token = await broker.getToken(tokenRequest('https://management.azure.com/.default', { accountId: 'bob', tenantId: OTHER }));
    assert.equal(token.token, `token-of-bob-for-${OTHER}`);
    assert.deepEqual([accounts.calls[0].accountId, accounts.calls[0].request.tenantId], ['bob', OTHER]);
  });

  it('passes a tenant asked for (azd tenantId) on to the account service', async () => {
    await broker.getToken(tokenRequest('https://management.azure.com//.default', {}, { tenantId: OTHER, protocol: 'azd' }));
    assert.equal(accounts.calls[0].request.tenantId, OTHER);
  });

  it('serves nothing to a signed-out window, and says how to sign in', async () => {
    accounts.accounts = [];
    const error = await rejection(broker.getToken(tokenRequest('https://management.azure.com/.default')));
    assert.equal(error.kind, 'notSignedIn');
    assert.match(error.message, /Sign In/);
    assert.equal(accounts.calls.length, 0);
  });

  it('serves nothing to an account terminal whose account signed out, even while another account is default', async () => {
    accounts.accounts = [account('alice')];
    const error = await rejection(broker.getToken(tokenRequest('https://management.azure.com/.default', { accountId: 'bob' })));
    assert.equal(error.kind, 'notSignedIn');
    assert.match(error.message, /New Terminal for Account/);
    assert.equal(accounts.calls.length, 0);
  });

  it('turns the service\'s "sign in first" errors into notSignedIn and keeps their message', async () => {
    accounts.failWith = Object.assign(new Error('alice must sign in again to reach tenant X.'), { name: 'AuthenticationRequiredError' });
    const error = await rejection(broker.getToken(tokenRequest('https://management.azure.com/.default')));
    assert.deepEqual([error.kind, error.message], ['notSignedIn', 'alice must sign in again to reach tenant X.']);
    accounts.failWith = new Error('AADSTS50000: the authority failed');
    assert.equal((await rejection(broker.getToken(tokenRequest('https://management.azure.com/.default')))).kind, 'failed');
  });

  it('serves Resource Manager (both names), Graph, Storage and Key Vault of the account\'s cloud without asking', async () => {
    for (const scope of ['https://management.azure.com/.default', 'https://management.core.windows.net//.default', 'https://graph.microsoft.com/.default', 'User.Read', 'https://storage.azure.com/.default', 'https://Vault.Azure.Net/.default']) {
      await broker.getToken(tokenRequest(scope));
    }
    assert.equal(questions.length, 0);
    assert.equal(accounts.calls.length, 6);
  });

  it('reads the allow-list in the account\'s cloud: a China account is not served public-cloud ARM unasked', async () => {
    accounts.accounts = [account('li', 'AzureChinaCloud')];
    accounts.defaultId = 'li';
    await broker.getToken(tokenRequest('https://management.chinacloudapi.cn/.default'));
    assert.equal(questions.length, 0);
    answers.push('deny');
    await rejection(broker.getToken(tokenRequest('https://management.azure.com/.default')));
    assert.deepEqual(questions.map((q) => q.resource), ['https://management.azure.com']);
  });

  it('asks for anything else, naming the program and resource; "allow once" serves this request only', async () => {
    answers.push('once', 'once');
    await broker.getToken(tokenRequest('https://cognitiveservices.azure.com/.default'));
    await broker.getToken(tokenRequest('https://cognitiveservices.azure.com/.default'));
    assert.deepEqual(questions.map((q) => [q.resource, q.userAgent, q.account.id]), [
      ['https://cognitiveservices.azure.com', 'python-requests/2.31', 'alice'],
      ['https://cognitiveservices.azure.com', 'python-requests/2.31', 'alice'],
    ]);
    assert.deepEqual(remembered, []);
  });

  it('"always allow" remembers the resource and does not ask again', async () => {
    answers.push('always');
    await broker.getToken(tokenRequest('https://cognitiveservices.azure.com/.default'));
    await broker.getToken(tokenRequest('https://cognitiveservices.azure.com/.default'));
    assert.equal(questions.length, 1);
    assert.deepEqual(remembered, ['https://cognitiveservices.azure.com']);
  });

  it('"deny" (or a dismissed prompt) refuses and does not ask that program again in this window', async () => {
    answers.push(undefined);
    const first = await rejection(broker.getToken(tokenRequest('https://cognitiveservices.azure.com/.default')));
    assert.equal(first.kind, 'denied');
    assert.match(first.message, /azureIdentity\.terminal\.allowedResources/);
    await rejection(broker.getToken(tokenRequest('https://cognitiveservices.azure.com/.default')));
    assert.equal(questions.length, 1);
    assert.equal(accounts.calls.length, 0);
    // Another program is asked for itself.
    answers.push('once');
    await broker.getToken(tokenRequest('https://cognitiveservices.azure.com/.default', {}, { userAgent: 'curl/8.5' }));
    assert.equal(questions.length, 2);
  });

  it('asks once for a burst of requests from one program', async () => {
    let release: (answer: ConsentAnswer) => void = () => undefined;
    broker = new TerminalTokenBroker({
      service: accounts,
      allowList: () => allowList,
      ask: (question) => {
        questions.push(question);
        return new Promise((resolve) => (release = resolve));
      },
      rememberAllowed: async () => undefined,
    });
    const burst = Array.from({ length: 5 }, () => broker.getToken(tokenRequest('https://cognitiveservices.azure.com/.default')));
    await new Promise((resolve) => setImmediate(resolve));
    release('once');
    await Promise.all(burst);
    assert.equal(questions.length, 1);
    assert.equal(accounts.calls.length, 5);
  });

  it('allow-list entries: well-known names per cloud, URIs compared without case or trailing slash, "*" for all', () => {
    assert.ok(allowedResourcesFor('AzureUSGovernment', ['keyVault']).has('https://vault.usgovcloudapi.net'));
    assert.equal(allowedResourcesFor('custom', ['resourceManager']).size, 0);
    assert.ok(allowedResourcesFor('AzureCloud', ['HTTPS://My.App.Example/']).has(scopeResource('https://my.app.example/.default')));
    assert.ok(allowedResourcesFor('AzureCloud', ['*']).has('*'));
    assert.equal(scopeResource('api://e1a70000-0000-4000-8000-00000000a001/.default'), 'api://e1a70000-0000-4000-8000-00000000a001');
  });
});
