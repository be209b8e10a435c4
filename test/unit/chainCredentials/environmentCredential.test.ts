// EnvironmentCredential against the emulator: each configuration the variables can describe, their
// precedence, the extra tenants, and the message that names what is missing.
import * as assert from 'node:assert/strict';
import { EnvironmentCredential } from '../../../src/identity/credentials/environmentCredential';
import { ClientAuthenticationError, CredentialUnavailableError, InvalidArgumentError } from '../../../src/identity/errors';
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  DEFAULT_PASSWORD,
  DEFAULT_TENANT_ID,
  DEFAULT_USERNAME,
  DEVELOPER_SIGN_ON_CLIENT_ID,
  SECOND_TENANT_ID,
} from '../../emulator/defaults';
import { useSharedEmulator } from './support/emulator';
import { useCleanEnvironment } from './support/environment';
import { expectError, tokenClaims as claims } from './support/assertions';

const SCOPE = 'https://management.azure.com/.default';

describe('identity2: EnvironmentCredential', function () {
  this.timeout(30_000);
  const emulator = useSharedEmulator();
  useCleanEnvironment();

  it('uses a client secret from AZURE_TENANT_ID / AZURE_CLIENT_ID / AZURE_CLIENT_SECRET', async () => {
    const credential = new EnvironmentCredential({
      environment: { AZURE_TENANT_ID: DEFAULT_TENANT_ID, AZURE_CLIENT_ID: DEFAULT_CLIENT_ID, AZURE_CLIENT_SECRET: DEFAULT_CLIENT_SECRET },
    });
    assert.equal(credential.configuredAs, 'ClientSecretCredential');
    const token = await credential.getToken(SCOPE);
    assert.equal(claims(token.token).appid, DEFAULT_CLIENT_ID);
    const [request] = await emulator().client.requests({ endpoint: 'token' });
    assert.equal(request.form?.grant_type, 'client_credentials');
    assert.equal(request.tenant, DEFAULT_TENANT_ID);
  });

  it('uses a certificate from AZURE_CLIENT_CERTIFICATE_PATH and sends the chain when asked', async () => {
    const credential = new EnvironmentCredential({
      environment: {
        AZURE_TENANT_ID: DEFAULT_TENANT_ID,
        AZURE_CLIENT_ID: DEFAULT_CLIENT_ID,
        AZURE_CLIENT_CERTIFICATE_PATH: emulator().info.defaultClientCertificatePath,
        AZURE_CLIENT_SEND_CERTIFICATE_CHAIN: 'true',
      },
    });
    assert.equal(credential.configuredAs, 'CertificateCredential');
    assert.equal(claims((await credential.getToken(SCOPE)).token).appid, DEFAULT_CLIENT_ID);
    const [request] = await emulator().client.requests({ endpoint: 'token' });
    const header = JSON.parse(Buffer.from(String(request.form?.client_assertion).split('.')[0], 'base64url').toString('utf8')) as Record<string, unknown>;
    assert.ok(Array.isArray(header.x5c), 'the assertion carries x5c');
  });

  it('signs a user in with AZURE_USERNAME / AZURE_PASSWORD, in the organizations tenant when none is set', async () => {
    const credential = new EnvironmentCredential({
      environment: { AZURE_CLIENT_ID: DEVELOPER_SIGN_ON_CLIENT_ID, AZURE_USERNAME: DEFAULT_USERNAME, AZURE_PASSWORD: DEFAULT_PASSWORD },
    });
    assert.equal(credential.configuredAs, 'UsernamePasswordCredential');
    const token = await credential.getToken(SCOPE);
    assert.equal(claims(token.token).upn ?? claims(token.token).preferred_username, DEFAULT_USERNAME);
    const requests = await emulator().client.requests({ endpoint: 'token' });
    assert.equal(requests.at(-1)?.tenant, 'organizations');
  });

  it('prefers the secret over the certificate over username/password', () => {
    const credential = new EnvironmentCredential({
      environment: {
        AZURE_TENANT_ID: DEFAULT_TENANT_ID,
        AZURE_CLIENT_ID: DEFAULT_CLIENT_ID,
        AZURE_CLIENT_SECRET: DEFAULT_CLIENT_SECRET,
        AZURE_CLIENT_CERTIFICATE_PATH: '/nonexistent.pem',
        AZURE_USERNAME: DEFAULT_USERNAME,
        AZURE_PASSWORD: DEFAULT_PASSWORD,
      },
    });
    assert.equal(credential.configuredAs, 'ClientSecretCredential');
    const certificate = new EnvironmentCredential({
      environment: { AZURE_TENANT_ID: DEFAULT_TENANT_ID, AZURE_CLIENT_ID: DEFAULT_CLIENT_ID, AZURE_CLIENT_CERTIFICATE_PATH: '/x.pem', AZURE_USERNAME: 'u', AZURE_PASSWORD: 'p' },
    });
    assert.equal(certificate.configuredAs, 'CertificateCredential');
  });

  it('names the missing variables when it is unavailable', async () => {
    const none = await expectError(new EnvironmentCredential({ environment: {} }).getToken(SCOPE), CredentialUnavailableError);
    assert.match(none.message, /None of its variables are set/);
    const partial = await expectError(new EnvironmentCredential({ environment: { AZURE_CLIENT_ID: DEFAULT_CLIENT_ID, AZURE_TENANT_ID: DEFAULT_TENANT_ID } }).getToken(SCOPE), CredentialUnavailableError);
    assert.match(partial.message, /Missing: AZURE_CLIENT_SECRET\./);
  });

  it('serves AZURE_ADDITIONALLY_ALLOWED_TENANTS and refuses other tenants', async () => {
    const base = { AZURE_TENANT_ID: DEFAULT_TENANT_ID, AZURE_CLIENT_ID: DEFAULT_CLIENT_ID, AZURE_CLIENT_SECRET: DEFAULT_CLIENT_SECRET };
    const refused = new EnvironmentCredential({ environment: base });
    await expectError(refused.getToken(SCOPE, { tenantId: SECOND_TENANT_ID }), InvalidArgumentError);
    const allowed = new EnvironmentCredential({ environment: { ...base, AZURE_ADDITIONALLY_ALLOWED_TENANTS: `other;${SECOND_TENANT_ID}` } });
    // The app is registered in the default tenant only, so the second tenant's answer is the authority's refusal,
    // which proves the request was allowed to go there.
    const error = await expectError(allowed.getToken(SCOPE, { tenantId: SECOND_TENANT_ID }), ClientAuthenticationError);
    assert.ok(error.statusCode !== undefined);
    const requests = await emulator().client.requests({ endpoint: 'token' });
    assert.equal(requests.at(-1)?.tenant, SECOND_TENANT_ID);
  });

  it('reports the authority’s error for a wrong secret', async () => {
    const credential = new EnvironmentCredential({ environment: { AZURE_TENANT_ID: DEFAULT_TENANT_ID, AZURE_CLIENT_ID: DEFAULT_CLIENT_ID, AZURE_CLIENT_SECRET: 'not-the-s3cret-value' } });
    const error = await expectError(credential.getToken(SCOPE), ClientAuthenticationError);
    assert.match(error.message, /AADSTS7000215|invalid_client/);
    assert.doesNotMatch(error.message, /not-the-s3cret-value/);
  });
});
