// The credentials that prove an app with a client assertion, against the emulator's federated identity
// credentials: ClientAssertionCredential (any assertion source), WorkloadIdentityCredential (a Kubernetes
// service-account token file) and AzurePipelinesCredential (Azure Pipelines' OIDC endpoint). Success, the
// authority's typed refusals, and cancellation.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { AzurePipelinesCredential } from '../../../src/identity/credentials/azurePipelinesCredential';
import { ClientAssertionCredential } from '../../../src/identity/credentials/clientAssertionCredential';
import { WorkloadIdentityCredential } from '../../../src/identity/credentials/workloadIdentityCredential';
import { AbortError, ClientAuthenticationError, CredentialUnavailableError, InvalidArgumentError } from '../../../src/identity/errors';
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_PIPELINES_CONNECTION,
  DEFAULT_TENANT_ID,
  DEFAULT_WORKLOAD_ISSUER,
  DEFAULT_WORKLOAD_SUBJECT,
} from '../../emulator/defaults';
import { expectError, tokenClaims } from './support/assertions';
import { useSharedEmulator } from './support/emulator';
import { useCleanEnvironment } from './support/environment';
import { makeTempDir, removeDir } from './support/tempDir';

const ARM = 'https://management.azure.com/.default';
const FAST_RETRY = { maxRetries: 2, retryDelayInMs: 10 };
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

describe('identity2: federated credentials', function () {
  this.timeout(30_000);
  const emulator = useSharedEmulator();
  useCleanEnvironment();

  function workloadToken(overrides: { subject?: string; audience?: string; expiresInSeconds?: number; issuer?: string } = {}): Promise<string> {
    return emulator().client.issueFederatedToken({ issuer: DEFAULT_WORKLOAD_ISSUER, subject: DEFAULT_WORKLOAD_SUBJECT, ...overrides });
  }

  async function tokenRequests() {
    return emulator().client.requests({ endpoint: 'token' });
  }

  describe('ClientAssertionCredential', () => {
    it('presents the assertion the callback returns and gets the app’s token; a cached token asks for none', async () => {
      const assertion = await workloadToken();
      let calls = 0;
      const credential = new ClientAssertionCredential(DEFAULT_TENANT_ID, DEFAULT_CLIENT_ID, () => {
        calls++;
        return Promise.resolve(assertion);
      });
      const token = await credential.getToken(ARM);
      assert.equal(tokenClaims(token.token).appid, DEFAULT_CLIENT_ID);
      assert.equal(tokenClaims(token.token).idtyp, 'app');
      const [request] = await tokenRequests();
      assert.equal(request?.form?.grant_type, 'client_credentials');
      assert.equal(request?.form?.client_assertion_type, ASSERTION_TYPE);
      assert.ok(request?.form?.client_assertion === assertion, 'the callback’s assertion was sent (compared as a boolean)');
      assert.equal(request?.form?.client_secret, undefined);
      await credential.getToken(ARM);
      assert.equal(calls, 1, 'no assertion was needed for the cached token');
      assert.equal((await tokenRequests()).length, 1);
    });

    for (const [what, overrides, code] of [
      ['an issuer the app does not trust', { issuer: 'https://token.actions.githubusercontent.com' }, 'AADSTS700211'],
      ['another service account', { subject: 'system:serviceaccount:default:someone-else' }, 'AADSTS700213'],
      ['the wrong audience', { audience: 'api://some-other-audience' }, 'AADSTS700212'],
      ['an expired token', { expiresInSeconds: -3600 }, 'AADSTS700024'],
    ] as const) {
      it(`fails with the authority’s ${code} for ${what}, without the assertion in the message`, async () => {
        const assertion = await workloadToken(overrides);
        const error = await expectError(new ClientAssertionCredential(DEFAULT_TENANT_ID, DEFAULT_CLIENT_ID, () => Promise.resolve(assertion)).getToken(ARM), ClientAuthenticationError);
        assert.ok(error.message.includes(code), error.message);
        assert.ok(!error.message.includes(assertion), 'the assertion is never in the message');
      });
    }

    it('is unavailable, saying why, when the callback fails or returns no assertion', async () => {
      const failing = new ClientAssertionCredential(DEFAULT_TENANT_ID, DEFAULT_CLIENT_ID, () => Promise.reject(new Error('no assertion here')));
      assert.equal((await expectError(failing.getToken(ARM), CredentialUnavailableError)).message, 'ClientAssertionCredential: the getAssertion callback failed: no assertion here');
      const empty = new ClientAssertionCredential(DEFAULT_TENANT_ID, DEFAULT_CLIENT_ID, () => Promise.resolve(''));
      const error = await expectError(empty.getToken(ARM), CredentialUnavailableError);
      assert.match(error.message, /the getAssertion callback returned no assertion/);
      assert.equal((await tokenRequests()).length, 0);
    });

    it('checks its arguments at construction', () => {
      assert.throws(() => new ClientAssertionCredential('', DEFAULT_CLIENT_ID, () => Promise.resolve('x')), InvalidArgumentError);
      assert.throws(() => new ClientAssertionCredential(DEFAULT_TENANT_ID, '', () => Promise.resolve('x')), InvalidArgumentError);
      assert.throws(() => new ClientAssertionCredential(DEFAULT_TENANT_ID, DEFAULT_CLIENT_ID, undefined as unknown as () => Promise<string>), /getAssertion is required/);
      assert.throws(() => new ClientAssertionCredential('not a tenant!', DEFAULT_CLIENT_ID, () => Promise.resolve('x')), InvalidArgumentError);
    });

    it('is cancelled by the abort signal while the authority does not answer', async () => {
      const assertion = await workloadToken();
      await emulator().client.addFault({ endpoint: 'token', action: { type: 'hang' } });
      const controller = new AbortController();
      const pending = new ClientAssertionCredential(DEFAULT_TENANT_ID, DEFAULT_CLIENT_ID, () => Promise.resolve(assertion), { retryOptions: FAST_RETRY }).getToken(ARM, {
        abortSignal: controller.signal,
      });
      for (let i = 0; i < 100 && (await tokenRequests()).length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      controller.abort();
      await expectError(pending, AbortError);
    });
  });

  describe('WorkloadIdentityCredential', () => {
    let dir: string | undefined;
    beforeEach(() => {
      dir = makeTempDir('workload');
    });
    afterEach(() => removeDir(dir));

    async function tokenFile(overrides: Parameters<typeof workloadToken>[0] = {}): Promise<string> {
      const file = path.join(dir as string, 'azure-identity-token');
      writeFileSync(file, `${await workloadToken(overrides)}\n`);
      return file;
    }

    it('reads the environment (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_FEDERATED_TOKEN_FILE) and exchanges the service-account token', async () => {
      const file = await tokenFile();
      Object.assign(process.env, { AZURE_TENANT_ID: DEFAULT_TENANT_ID, AZURE_CLIENT_ID: DEFAULT_CLIENT_ID, AZURE_FEDERATED_TOKEN_FILE: file });
      const token = await new WorkloadIdentityCredential().getToken(ARM);
      assert.equal(tokenClaims(token.token).appid, DEFAULT_CLIENT_ID);
      const [request] = await tokenRequests();
      assert.equal(request?.tenant, DEFAULT_TENANT_ID);
      assert.equal(request?.form?.client_assertion_type, ASSERTION_TYPE);
      assert.equal(tokenClaims(request?.form?.client_assertion ?? '').sub, DEFAULT_WORKLOAD_SUBJECT, 'the file’s token was the assertion');
    });

    it('takes its options over the environment', async () => {
      const file = await tokenFile();
      process.env.AZURE_FEDERATED_TOKEN_FILE = '/nonexistent/token';
      const token = await new WorkloadIdentityCredential({ tenantId: DEFAULT_TENANT_ID, clientId: DEFAULT_CLIENT_ID, tokenFilePath: file }).getToken(ARM);
      assert.equal(tokenClaims(token.token).appid, DEFAULT_CLIENT_ID);
    });

    it('is unavailable at construction, naming the missing variable, when not configured', () => {
      process.env.AZURE_TENANT_ID = DEFAULT_TENANT_ID;
      process.env.AZURE_CLIENT_ID = DEFAULT_CLIENT_ID;
      assert.throws(() => new WorkloadIdentityCredential(), (e: unknown) => e instanceof CredentialUnavailableError && /"AZURE_FEDERATED_TOKEN_FILE"/.test(e.message));
      delete process.env.AZURE_CLIENT_ID;
      assert.throws(() => new WorkloadIdentityCredential({ tokenFilePath: '/x' }), (e: unknown) => e instanceof CredentialUnavailableError && /clientId is a required parameter/.test(e.message));
    });

    it('is unavailable when the token file cannot be read or is empty, before asking the authority', async () => {
      const missing = new WorkloadIdentityCredential({ tenantId: DEFAULT_TENANT_ID, clientId: DEFAULT_CLIENT_ID, tokenFilePath: path.join(dir as string, 'absent') });
      assert.match((await expectError(missing.getToken(ARM), CredentialUnavailableError)).message, /\(tokenFilePath\) does not exist/);
      const emptyFile = path.join(dir as string, 'empty');
      writeFileSync(emptyFile, '  \n');
      const empty = new WorkloadIdentityCredential({ tenantId: DEFAULT_TENANT_ID, clientId: DEFAULT_CLIENT_ID, tokenFilePath: emptyFile });
      assert.match((await expectError(empty.getToken(ARM), CredentialUnavailableError)).message, /is empty/);
      assert.equal((await tokenRequests()).length, 0);
    });

    it('fails with the authority’s error for a service account the app does not trust', async () => {
      const file = await tokenFile({ subject: 'system:serviceaccount:kube-system:default' });
      const error = await expectError(new WorkloadIdentityCredential({ tenantId: DEFAULT_TENANT_ID, clientId: DEFAULT_CLIENT_ID, tokenFilePath: file }).getToken(ARM), ClientAuthenticationError);
      assert.match(error.message, /AADSTS700213/);
    });

    it('is cancelled by the abort signal', async () => {
      const file = await tokenFile();
      const controller = new AbortController();
      controller.abort();
      await expectError(new WorkloadIdentityCredential({ tenantId: DEFAULT_TENANT_ID, clientId: DEFAULT_CLIENT_ID, tokenFilePath: file }).getToken(ARM, { abortSignal: controller.signal }), AbortError);
      assert.equal((await tokenRequests()).length, 0);
    });
  });

  describe('AzurePipelinesCredential', () => {
    const { serviceConnectionId, systemAccessToken } = DEFAULT_PIPELINES_CONNECTION;

    beforeEach(async () => {
      process.env.SYSTEM_OIDCREQUESTURI = (await emulator().client.info()).pipelinesOidcRequestUri;
    });

    function pipelines(connectionId = serviceConnectionId, accessToken = systemAccessToken): AzurePipelinesCredential {
      return new AzurePipelinesCredential(DEFAULT_TENANT_ID, DEFAULT_CLIENT_ID, connectionId, accessToken, { retryOptions: FAST_RETRY });
    }

    it('asks the pipeline’s OIDC endpoint for the service connection’s token and exchanges it for the app’s', async () => {
      const token = await pipelines().getToken(ARM);
      assert.equal(tokenClaims(token.token).appid, DEFAULT_CLIENT_ID);
      const [oidc] = await emulator().client.requests({ endpoint: 'pipelinesOidc' });
      assert.equal(oidc?.method, 'POST');
      assert.equal(oidc?.query['api-version'], '7.1');
      assert.equal(oidc?.query.serviceConnectionId, serviceConnectionId);
      assert.ok(oidc?.headers.authorization === `Bearer ${systemAccessToken}`, 'the System.AccessToken was sent as a bearer token');
      assert.equal(oidc?.headers['x-tfs-fedauthredirect'], 'Suppress');
      const [request] = await tokenRequests();
      const assertion = tokenClaims(request?.form?.client_assertion ?? '');
      assert.equal(assertion.iss, DEFAULT_PIPELINES_CONNECTION.issuer);
      assert.equal(assertion.sub, 'sc://contoso/identity/emulator-connection');
      await pipelines().getToken(ARM).then(() => undefined);
    });

    it('fails with Azure DevOps’ 401, its diagnostic ids and what to do, for a wrong System.AccessToken', async () => {
      const wrong = 'not-the-system-access-token';
      const error = await expectError(pipelines(serviceConnectionId, wrong).getToken(ARM), ClientAuthenticationError);
      assert.equal(error.statusCode, 401);
      assert.match(error.message, /AzurePipelinesCredential: Authentication Failed\. oidcToken field not detected in the response\. Response status 401: TF400813/);
      assert.match(error.message, /\["x-vss-e2eid"\] = [0-9a-f-]{36}/);
      assert.match(error.message, /pass \$\(System\.AccessToken\)/);
      assert.ok(!error.message.includes(wrong), 'the access token is never in the message');
      assert.equal((await tokenRequests()).length, 0);
    });

    it('names the service connection id as the thing to check when Azure DevOps does not know it', async () => {
      const error = await expectError(pipelines('e1a70000-0000-4000-8000-00000000e999').getToken(ARM), ClientAuthenticationError);
      assert.equal(error.statusCode, 404);
      assert.match(error.message, /Check serviceConnectionId/);
    });

    it('retries a 503 from the OIDC endpoint', async () => {
      await emulator().client.addFault({ endpoint: 'pipelinesOidc', action: { type: 'status', status: 503 } });
      const token = await pipelines().getToken(ARM);
      assert.equal(tokenClaims(token.token).appid, DEFAULT_CLIENT_ID);
      assert.equal((await emulator().client.requests({ endpoint: 'pipelinesOidc' })).length, 2);
    });

    it('is unavailable outside a pipeline (no SYSTEM_OIDCREQUESTURI) and without its parameters', () => {
      delete process.env.SYSTEM_OIDCREQUESTURI;
      assert.throws(() => pipelines(), (e: unknown) => e instanceof CredentialUnavailableError && /"SYSTEM_OIDCREQUESTURI"/.test(e.message));
      assert.throws(() => new AzurePipelinesCredential(DEFAULT_TENANT_ID, DEFAULT_CLIENT_ID, '', systemAccessToken), /serviceConnectionId is a required parameter/);
    });

    it('is cancelled by the abort signal while the OIDC endpoint does not answer', async () => {
      await emulator().client.addFault({ endpoint: 'pipelinesOidc', action: { type: 'hang' } });
      const controller = new AbortController();
      const pending = pipelines().getToken(ARM, { abortSignal: controller.signal });
      for (let i = 0; i < 100 && (await emulator().client.requests({ endpoint: 'pipelinesOidc' })).length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      controller.abort();
      await expectError(pending, AbortError);
      assert.equal((await tokenRequests()).length, 0);
    });
  });
});
