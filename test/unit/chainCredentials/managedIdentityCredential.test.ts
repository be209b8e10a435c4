// ManagedIdentityCredential against the emulator's managed-identity endpoints (IMDS on the real address
// inside the namespace, App Service, Cloud Shell, Azure ML, Azure Arc), a local Service Fabric endpoint,
// workload identity against the emulator's token endpoint, and IMDS that is absent, refusing or silent.
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ManagedIdentityCredential } from '../../../src/identity/credentials/managedIdentityCredential';
import { AbortError, ClientAuthenticationError, CredentialUnavailableError } from '../../../src/identity/errors';
import { forgetImdsProbes } from '../../../src/identity/managedIdentity/imds';
import { forgetRememberedUnavailability } from '../../../src/identity/unavailabilityMemory';
import { createCertificateAuthority, createServerCertificate } from '../../emulator/certificates';
import { DEFAULT_CLIENT_ID, DEFAULT_SYSTEM_ASSIGNED_IDENTITY, DEFAULT_TENANT_ID, DEFAULT_USER_ASSIGNED_IDENTITY } from '../../emulator/defaults';
import { useSharedEmulator, isIsolated } from './support/emulator';
import { useCleanEnvironment } from './support/environment';
import { refusingUrl, startSilentListener } from './support/listeners';
import { makeTempDir, removeDir } from './support/tempDir';
import { expectError, tokenClaims as payload } from './support/assertions';

const SCOPE = 'https://management.azure.com/.default';
const FAST_RETRY = { maxRetries: 3, retryDelayInMs: 10, maxRetryDelayInMs: 50 };

describe('identity2: ManagedIdentityCredential', function () {
  this.timeout(20_000);
  const emulator = useSharedEmulator();
  useCleanEnvironment();
  beforeEach(() => {
    forgetRememberedUnavailability();
    forgetImdsProbes();
  });

  /** The IMDS the runner serves: the real default address inside the namespace. */
  function imdsOptions(): { imdsEndpoint?: string } {
    return isIsolated() ? {} : { imdsEndpoint: emulator().info.imdsUrl };
  }

  describe('IMDS', () => {
    it('gets a system-assigned token from the default address, probing first, and caches it', async () => {
      const { client } = emulator();
      const credential = new ManagedIdentityCredential({ ...imdsOptions(), retryOptions: FAST_RETRY });
      assert.equal(credential.sourceName, 'Imds');
      const token = await credential.getToken(SCOPE);
      assert.equal(payload(token.token).oid, DEFAULT_SYSTEM_ASSIGNED_IDENTITY.objectId);
      assert.ok(token.expiresOnTimestamp > Date.now() + 30 * 60_000);

      const requests = await client.requests({ endpoint: 'imds' });
      const tokenRequests = requests.filter((r) => r.headers.metadata === 'true');
      assert.equal(tokenRequests.length, 1);
      assert.equal(tokenRequests[0].query.resource, 'https://management.azure.com');
      assert.equal(tokenRequests[0].query['api-version'], '2018-02-01');
      if (isIsolated()) {
        assert.equal(tokenRequests[0].host, '169.254.169.254');
        assert.equal(requests.length, 2, 'one probe (no Metadata header), then the token request');
      }

      const again = await credential.getToken(SCOPE);
      assert.equal(again.token, token.token);
      assert.equal((await client.requests({ endpoint: 'imds' })).length, requests.length, 'the second call made no request');
    });

    it('shares one request among concurrent callers', async () => {
      const { client } = emulator();
      const credential = new ManagedIdentityCredential({ ...imdsOptions(), sendProbeRequest: false });
      const tokens = await Promise.all(Array.from({ length: 20 }, () => credential.getToken(SCOPE)));
      assert.equal(new Set(tokens.map((t) => t.token)).size, 1);
      assert.equal((await client.requests({ endpoint: 'imds' })).length, 1);
    });

    for (const [option, value, parameter] of [
      ['clientId', DEFAULT_USER_ASSIGNED_IDENTITY.clientId, 'client_id'],
      ['objectId', DEFAULT_USER_ASSIGNED_IDENTITY.objectId, 'object_id'],
      ['resourceId', DEFAULT_USER_ASSIGNED_IDENTITY.resourceId, 'msi_res_id'],
    ] as const) {
      it(`asks for a user-assigned identity by ${option}`, async () => {
        const { client } = emulator();
        const credential = new ManagedIdentityCredential({ ...imdsOptions(), [option]: value });
        const token = await credential.getToken(SCOPE);
        assert.equal(payload(token.token).oid, DEFAULT_USER_ASSIGNED_IDENTITY.objectId);
        const sent = (await client.requests({ endpoint: 'imds' })).filter((r) => r.headers.metadata === 'true');
        assert.equal(sent[0].query[parameter], value);
      });
    }

    it('accepts the Python spelling identityConfig: { object_id }', async () => {
      const credential = new ManagedIdentityCredential({ ...imdsOptions(), identityConfig: { object_id: DEFAULT_USER_ASSIGNED_IDENTITY.objectId } });
      assert.equal(payload((await credential.getToken(SCOPE)).token).oid, DEFAULT_USER_ASSIGNED_IDENTITY.objectId);
    });

    it('uses AZURE_POD_IDENTITY_AUTHORITY_HOST as the IMDS host, probing it first', async () => {
      const { client, info } = emulator();
      const credential = new ManagedIdentityCredential({ environment: { AZURE_POD_IDENTITY_AUTHORITY_HOST: `${info.imdsUrl}/` } });
      await credential.getToken(SCOPE);
      const requests = await client.requests({ endpoint: 'imds' });
      assert.deepEqual(requests.map((r) => r.headers.metadata), [undefined, 'true'], 'the probe (no Metadata header), then the token request');
      const refused = new ManagedIdentityCredential({ environment: { AZURE_POD_IDENTITY_AUTHORITY_HOST: await refusingUrl() } });
      await expectError(refused.getToken(SCOPE), CredentialUnavailableError);
    });

    it('rejects two ids at once with a clear error', () => {
      assert.throws(() => new ManagedIdentityCredential({ clientId: 'a', objectId: 'b' }), /one id only/);
    });

    it('is unavailable when no identity is assigned (400), and says so', async () => {
      await emulator().client.setManagedIdentities({ systemAssigned: false, userAssigned: [] });
      const error = await expectError(new ManagedIdentityCredential(imdsOptions()).getToken(SCOPE), CredentialUnavailableError);
      assert.match(error.message, /No identity has been assigned to this resource/);
    });

    it('is unavailable when the requested user-assigned identity does not exist', async () => {
      const credential = new ManagedIdentityCredential({ ...imdsOptions(), clientId: '00000000-0000-0000-0000-00000000dead' });
      const error = await expectError(credential.getToken(SCOPE), CredentialUnavailableError);
      assert.match(error.message, /requested identity has not been assigned/);
    });

    for (const status of [404, 429, 500, 503]) {
      it(`retries HTTP ${status} with back-off and then succeeds`, async () => {
        const { client } = emulator();
        await client.addFault({ endpoint: 'imds', times: 2, action: { type: 'status', status, retryAfterSeconds: status === 429 ? 0 : undefined } });
        const credential = new ManagedIdentityCredential({ ...imdsOptions(), sendProbeRequest: false, retryOptions: FAST_RETRY });
        await credential.getToken(SCOPE);
        const statuses = (await client.requests({ endpoint: 'imds' })).map((r) => r.status);
        assert.deepEqual(statuses, [status, status, 200]);
      });
    }

    it('gives up after maxRetries and reports the endpoint’s error', async () => {
      const { client } = emulator();
      await client.addFault({ endpoint: 'imds', times: 0, action: { type: 'status', status: 500, errorDescription: 'IMDS is broken' } });
      const credential = new ManagedIdentityCredential({ ...imdsOptions(), sendProbeRequest: false, retryOptions: { ...FAST_RETRY, maxRetries: 2 } });
      const error = await expectError(credential.getToken(SCOPE), ClientAuthenticationError);
      assert.equal(error.statusCode, 500);
      assert.equal((await client.requests({ endpoint: 'imds' })).length, 3);
    });

    it('cancels a hanging request when the abort signal fires', async () => {
      await emulator().client.addFault({ endpoint: 'imds', times: 0, action: { type: 'hang' } });
      const controller = new AbortController();
      const credential = new ManagedIdentityCredential({ ...imdsOptions(), sendProbeRequest: false });
      setTimeout(() => controller.abort(), 150);
      const started = Date.now();
      await expectError(credential.getToken(SCOPE, { abortSignal: controller.signal }), AbortError);
      assert.ok(Date.now() - started < 5_000);
    });

    it('bounds a hanging token request by requestOptions.timeout', async () => {
      await emulator().client.addFault({ endpoint: 'imds', times: 0, action: { type: 'hang' } });
      const credential = new ManagedIdentityCredential({ ...imdsOptions(), sendProbeRequest: false, retryOptions: FAST_RETRY });
      const error = await expectError(credential.getToken(SCOPE, { requestOptions: { timeout: 200 } }), CredentialUnavailableError);
      assert.match(error.message, /no response from the IMDS endpoint/);
    });

    it('is unavailable at once when IMDS refuses connections', async () => {
      const url = await refusingUrl();
      const error = await expectError(new ManagedIdentityCredential({ imdsEndpoint: url }).getToken(SCOPE), CredentialUnavailableError);
      assert.match(error.message, /no response from the IMDS endpoint/);
    });

    it('is unavailable within the probe timeout when IMDS accepts and never answers; a later credential skips it', async () => {
      const silent = await startSilentListener();
      try {
        const started = Date.now();
        const error = await expectError(new ManagedIdentityCredential({ imdsEndpoint: silent.url }).getToken(SCOPE), CredentialUnavailableError);
        assert.match(error.message, /no response from the IMDS endpoint/);
        assert.ok(Date.now() - started < 3_000, 'bounded by the probe timeout, not a network timeout');
        assert.equal(silent.connections, 1);

        await expectError(new ManagedIdentityCredential({ imdsEndpoint: silent.url }).getToken(SCOPE), CredentialUnavailableError);
        assert.equal(silent.connections, 1, 'the remembered verdict made no new connection');
      } finally {
        await silent.close();
      }
    });

    it('is unavailable at once when the IMDS address does not exist (namespace only)', async function () {
      if (!isIsolated()) this.skip();
      // 169.254.169.200 is not on lo inside the namespace: no route, ENETUNREACH. Never run outside it.
      const started = Date.now();
      const error = await expectError(new ManagedIdentityCredential({ imdsEndpoint: 'http://169.254.169.200' }).getToken(SCOPE), CredentialUnavailableError);
      assert.match(error.message, /no response from the IMDS endpoint/);
      assert.ok(Date.now() - started < 3_000);
    });
  });

  describe('App Service (2019-08-01)', () => {
    function appServiceEnvironment(header?: string): NodeJS.ProcessEnv {
      const { info } = emulator();
      return { IDENTITY_ENDPOINT: info.managedIdentityEndpoints.appService, IDENTITY_HEADER: header ?? info.identityHeader };
    }

    it('sends X-IDENTITY-HEADER and the 2019-08-01 query, and reads the token', async () => {
      const { client } = emulator();
      const credential = new ManagedIdentityCredential({ environment: appServiceEnvironment(), clientId: DEFAULT_USER_ASSIGNED_IDENTITY.clientId });
      assert.equal(credential.sourceName, 'AppService');
      const token = await credential.getToken(SCOPE);
      assert.equal(payload(token.token).oid, DEFAULT_USER_ASSIGNED_IDENTITY.objectId);
      const [request] = await client.requests({ endpoint: 'appService' });
      assert.equal(request.headers['x-identity-header'], emulator().info.identityHeader);
      assert.equal(request.query['api-version'], '2019-08-01');
      assert.equal(request.query.client_id, DEFAULT_USER_ASSIGNED_IDENTITY.clientId);
    });

    it('fails with the endpoint’s status when the header is wrong', async () => {
      const error = await expectError(new ManagedIdentityCredential({ environment: appServiceEnvironment('wrong') }).getToken(SCOPE), ClientAuthenticationError);
      assert.equal(error.statusCode, 401);
    });

    it('is unavailable when the endpoint refuses connections', async () => {
      const credential = new ManagedIdentityCredential({ environment: { IDENTITY_ENDPOINT: `${await refusingUrl()}/msi/token`, IDENTITY_HEADER: 'x' } });
      const error = await expectError(credential.getToken(SCOPE), CredentialUnavailableError);
      assert.match(error.message, /App Service/);
    });
  });

  describe('Cloud Shell, Azure ML and Azure Arc', () => {
    it('Cloud Shell: POSTs the resource as a form with Metadata: true', async () => {
      const { client, info } = emulator();
      const credential = new ManagedIdentityCredential({ environment: { MSI_ENDPOINT: info.managedIdentityEndpoints.cloudShell } });
      assert.equal(credential.sourceName, 'CloudShell');
      await credential.getToken(SCOPE);
      const [request] = await client.requests({ endpoint: 'cloudShell' });
      assert.equal(request.method, 'POST');
      assert.equal(request.form?.resource, 'https://management.azure.com');
      assert.equal(request.headers.metadata, 'true');
    });

    it('Cloud Shell: a user-assigned identity is unavailable with a clear message', async () => {
      const { info } = emulator();
      const credential = new ManagedIdentityCredential({ environment: { MSI_ENDPOINT: info.managedIdentityEndpoints.cloudShell }, clientId: 'x' });
      const error = await expectError(credential.getToken(SCOPE), CredentialUnavailableError);
      assert.match(error.message, /not supported by Cloud Shell/);
    });

    it('Azure ML: sends the secret header and clientid', async () => {
      const { client, info } = emulator();
      const credential = new ManagedIdentityCredential({
        environment: { MSI_ENDPOINT: info.managedIdentityEndpoints.machineLearning, MSI_SECRET: info.identityHeader },
        clientId: DEFAULT_USER_ASSIGNED_IDENTITY.clientId,
      });
      assert.equal(credential.sourceName, 'AzureML');
      assert.equal(payload((await credential.getToken(SCOPE)).token).oid, DEFAULT_USER_ASSIGNED_IDENTITY.objectId);
      const [request] = await client.requests({ endpoint: 'machineLearning' });
      assert.equal(request.query.clientid, DEFAULT_USER_ASSIGNED_IDENTITY.clientId);
      assert.equal(request.query['api-version'], '2017-09-01');
    });

    it('Azure Arc: answers the challenge with the key file and gets the token', async () => {
      const { client, info } = emulator();
      const credential = new ManagedIdentityCredential({
        environment: { IDENTITY_ENDPOINT: info.managedIdentityEndpoints.arc, IMDS_ENDPOINT: info.imdsUrl },
        arcKeyDirectory: info.arcKeyDirectory,
      });
      assert.equal(credential.sourceName, 'AzureArc');
      assert.equal(payload((await credential.getToken(SCOPE)).token).oid, DEFAULT_SYSTEM_ASSIGNED_IDENTITY.objectId);
      const requests = await client.requests({ endpoint: 'arc' });
      assert.deepEqual(requests.map((r) => r.status), [401, 200]);
      assert.match(requests[1].headers.authorization ?? '', /^Basic /);
    });

    it('Azure Arc: refuses a challenge that names a file outside the agent’s directory', async () => {
      const { info } = emulator();
      const credential = new ManagedIdentityCredential({
        environment: { IDENTITY_ENDPOINT: info.managedIdentityEndpoints.arc, IMDS_ENDPOINT: info.imdsUrl },
        arcKeyDirectory: '/nonexistent/not-the-agent-tokens',
      });
      const error = await expectError(credential.getToken(SCOPE), ClientAuthenticationError);
      assert.match(error.message, /outside the agent's token directory/);
    });
  });

  describe('Service Fabric', () => {
    let server: https.Server | undefined;
    afterEach(async () => {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server = undefined;
    });

    async function startFabric(): Promise<{ url: string; thumbprint: string; seen: { headers: Record<string, unknown>; url: string }[] }> {
      // Its own CA, trusted by nobody: only the thumbprint pin can make this endpoint acceptable.
      const certificate = createServerCertificate(createCertificateAuthority('Service Fabric test CA'), ['127.0.0.1']);
      const seen: { headers: Record<string, unknown>; url: string }[] = [];
      server = https.createServer({ key: certificate.keyPem, cert: certificate.certPem }, (req, res) => {
        seen.push({ headers: req.headers, url: req.url ?? '' });
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ access_token: 'service-fabric-token', expires_on: String(Math.floor(Date.now() / 1000) + 3600), token_type: 'Bearer' }));
      });
      await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', () => resolve()));
      const port = (server.address() as AddressInfo).port;
      const thumbprint = new crypto.X509Certificate(certificate.certPem).fingerprint.replace(/:/g, '');
      return { url: `https://127.0.0.1:${port}/metadata/identity/oauth2/token`, thumbprint, seen };
    }

    it('pins the endpoint’s certificate to IDENTITY_SERVER_THUMBPRINT and sends the secret', async () => {
      const fabric = await startFabric();
      const credential = new ManagedIdentityCredential({
        environment: { IDENTITY_ENDPOINT: fabric.url, IDENTITY_HEADER: 'fabric-secret', IDENTITY_SERVER_THUMBPRINT: fabric.thumbprint },
      });
      assert.equal(credential.sourceName, 'ServiceFabric');
      assert.equal((await credential.getToken(SCOPE)).token, 'service-fabric-token');
      assert.equal(fabric.seen[0].headers.secret, 'fabric-secret');
      assert.match(fabric.seen[0].url, /api-version=2019-07-01-preview/);
    });

    it('refuses an endpoint whose certificate does not match the thumbprint', async () => {
      const fabric = await startFabric();
      const credential = new ManagedIdentityCredential({
        environment: { IDENTITY_ENDPOINT: fabric.url, IDENTITY_HEADER: 'fabric-secret', IDENTITY_SERVER_THUMBPRINT: 'AA'.repeat(20) },
      });
      const error = await expectError(credential.getToken(SCOPE), CredentialUnavailableError);
      assert.match(error.message, /does not match IDENTITY_SERVER_THUMBPRINT/);
      assert.equal(fabric.seen.length, 0, 'no request was sent to the impostor');
    });
  });

  describe('workload identity', () => {
    let dir: string | undefined;
    afterEach(() => removeDir(dir));

    /** A federated token the emulator accepts: a client assertion signed with the default app's certificate. */
    function federatedToken(audience: string): string {
      const pem = readFileSync(emulator().info.defaultClientCertificatePath, 'utf8');
      const certificate = new crypto.X509Certificate(pem);
      const x5tS256 = Buffer.from(certificate.fingerprint256.replace(/:/g, ''), 'hex').toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
      const unsigned = `${encode({ alg: 'RS256', typ: 'JWT', 'x5t#S256': x5tS256 })}.${encode({ aud: audience, iss: DEFAULT_CLIENT_ID, sub: DEFAULT_CLIENT_ID, jti: crypto.randomUUID(), nbf: now, exp: now + 600 })}`;
      const signature = crypto.sign('sha256', Buffer.from(unsigned), crypto.createPrivateKey(pem)).toString('base64url');
      return `${unsigned}.${signature}`;
    }

    it('exchanges the federated token file for the app’s token', async () => {
      const { client } = emulator();
      dir = makeTempDir('wi');
      const authority = process.env.AZURE_AUTHORITY_HOST ?? 'https://login.microsoftonline.com';
      const tokenFile = path.join(dir, 'token');
      writeFileSync(tokenFile, federatedToken(`${authority}/${DEFAULT_TENANT_ID}/oauth2/v2.0/token`));
      const credential = new ManagedIdentityCredential({
        environment: { AZURE_FEDERATED_TOKEN_FILE: tokenFile, AZURE_TENANT_ID: DEFAULT_TENANT_ID, AZURE_CLIENT_ID: DEFAULT_CLIENT_ID, AZURE_AUTHORITY_HOST: process.env.AZURE_AUTHORITY_HOST },
      });
      assert.equal(credential.sourceName, 'WorkloadIdentity');
      const token = await credential.getToken(SCOPE);
      assert.equal(payload(token.token).appid, DEFAULT_CLIENT_ID);
      const [request] = await client.requests({ endpoint: 'token' });
      assert.equal(request.form?.client_assertion_type, 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      assert.equal(request.form?.grant_type, 'client_credentials');
    });

    it('is unavailable with a clear message when the token file is missing', async () => {
      const credential = new ManagedIdentityCredential({
        environment: { AZURE_FEDERATED_TOKEN_FILE: '/nonexistent/token', AZURE_TENANT_ID: DEFAULT_TENANT_ID, AZURE_CLIENT_ID: DEFAULT_CLIENT_ID },
      });
      const error = await expectError(credential.getToken(SCOPE), CredentialUnavailableError);
      assert.match(error.message, /AZURE_FEDERATED_TOKEN_FILE/);
    });
  });
});
