// Issue #2's acceptance test and its neighbours: a real @azure/msal-node ConfidentialClientApplication
// against the emulator, with a client secret and with certificate assertions.
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { ConfidentialClientApplication, type Configuration } from '@azure/msal-node';
import { createClientCertificate, thumbprints } from '../../emulator/certificates';
import { DEFAULT_APP_ROLES, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_TENANT_ID } from '../../emulator/defaults';
import type { RunningEmulator } from '../../emulator/index';
import { createEmulatorNetworkClient } from '../../emulator/msalNetworkClient';
import { aadsts, decodeJwt, postForm, tokenUrl, useEmulator, verifyWithJwks } from './helpers';

const ARM_SCOPE = 'https://management.azure.com/.default';

function confidentialClient(emulator: RunningEmulator, auth: Partial<Configuration['auth']>, tenant = DEFAULT_TENANT_ID): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: {
      clientId: DEFAULT_CLIENT_ID,
      authority: `${emulator.url}/${tenant}`,
      // The emulator is not a Microsoft host: name it so MSAL skips instance discovery on the internet.
      knownAuthorities: [new URL(emulator.url).host],
      ...auth,
    },
    system: { networkClient: createEmulatorNetworkClient(emulator.caCertPem) },
  });
}

describe('emulator: a real msal-node ConfidentialClientApplication', function () {
  this.timeout(30_000);
  const emulator = useEmulator();

  it('gets a token with a client secret that verifies against the JWKS, in exactly one token request', async () => {
    const app = confidentialClient(emulator(), { clientSecret: DEFAULT_CLIENT_SECRET });

    const result = await app.acquireTokenByClientCredential({ scopes: [ARM_SCOPE] });

    assert.ok(result?.accessToken);
    assert.equal(await verifyWithJwks(emulator(), DEFAULT_TENANT_ID, result.accessToken), true);
    const { payload } = decodeJwt(result.accessToken);
    assert.equal(payload.aud, 'https://management.azure.com');
    assert.equal(payload.tid, DEFAULT_TENANT_ID);
    assert.equal(payload.appid, DEFAULT_CLIENT_ID);
    assert.equal(payload.azp, DEFAULT_CLIENT_ID);
    assert.equal(payload.ver, '2.0');
    assert.equal(payload.iss, `${emulator().url}/${DEFAULT_TENANT_ID}/v2.0`);
    assert.deepEqual(payload.roles, DEFAULT_APP_ROLES);
    assert.equal(payload.scp, undefined);
    const tokenRequests = emulator().control.requests({ endpoint: 'token' });
    assert.equal(tokenRequests.length, 1);
    assert.equal(tokenRequests[0].form?.grant_type, 'client_credentials');
    assert.equal(tokenRequests[0].status, 200);
  });

  it('serves the second call from MSAL’s cache: still one token request', async () => {
    const app = confidentialClient(emulator(), { clientSecret: DEFAULT_CLIENT_SECRET });
    const first = await app.acquireTokenByClientCredential({ scopes: [ARM_SCOPE] });
    const second = await app.acquireTokenByClientCredential({ scopes: [ARM_SCOPE] });
    assert.equal(second?.accessToken, first?.accessToken);
    assert.equal(emulator().control.requests({ endpoint: 'token' }).length, 1);
  });

  it('rejects a wrong secret with AADSTS7000215', async () => {
    const app = confidentialClient(emulator(), { clientSecret: 'not-the-secret' });
    await assert.rejects(app.acquireTokenByClientCredential({ scopes: [ARM_SCOPE] }), (error: Error & { errorCode?: string; errorMessage?: string }) => {
      assert.equal(error.errorCode, 'invalid_client');
      assert.match(error.errorMessage ?? error.message, /AADSTS7000215/);
      return true;
    });
  });

  it('rejects an unknown client with AADSTS700016', async () => {
    const app = confidentialClient(emulator(), { clientId: '00000000-1111-4222-8333-444444444444', clientSecret: DEFAULT_CLIENT_SECRET });
    await assert.rejects(app.acquireTokenByClientCredential({ scopes: [ARM_SCOPE] }), /AADSTS700016/);
  });

  it('accepts a certificate assertion with x5t#S256 and verifies its signature', async () => {
    const certificate = createClientCertificate();
    const registered = emulator().control.addApp({ tenantId: DEFAULT_TENANT_ID, certificates: [certificate.certPem] });
    const app = confidentialClient(emulator(), {
      clientId: registered.clientId,
      clientCertificate: { thumbprintSha256: certificate.thumbprintSha256Hex, privateKey: certificate.keyPem },
    });

    const result = await app.acquireTokenByClientCredential({ scopes: [ARM_SCOPE] });

    assert.equal(decodeJwt(result?.accessToken ?? '').payload.azpacr, '2');
    const [request] = emulator().control.requests({ endpoint: 'token' });
    const assertion = decodeJwt(request.form?.client_assertion ?? '');
    assert.equal(assertion.header['x5t#S256'], certificate.x5tS256);
  });

  it('accepts an assertion carrying the x5c chain (subject name / issuer style)', async () => {
    const certificate = createClientCertificate();
    const registered = emulator().control.addApp({ tenantId: DEFAULT_TENANT_ID, certificates: [certificate.certPem] });
    const app = confidentialClient(emulator(), {
      clientId: registered.clientId,
      clientCertificate: { thumbprintSha256: certificate.thumbprintSha256Hex, privateKey: certificate.keyPem, x5c: certificate.certPem },
    });

    await app.acquireTokenByClientCredential({ scopes: [ARM_SCOPE] });

    const [request] = emulator().control.requests({ endpoint: 'token' });
    assert.ok(Array.isArray(decodeJwt(request.form?.client_assertion ?? '').header.x5c));
  });

  it('rejects an assertion signed by a certificate the app does not have, with AADSTS700027', async () => {
    const registeredCertificate = createClientCertificate();
    const otherCertificate = createClientCertificate();
    const registered = emulator().control.addApp({ tenantId: DEFAULT_TENANT_ID, certificates: [registeredCertificate.certPem] });
    const app = confidentialClient(emulator(), {
      clientId: registered.clientId,
      clientCertificate: { thumbprintSha256: otherCertificate.thumbprintSha256Hex, privateKey: otherCertificate.keyPem },
    });
    await assert.rejects(app.acquireTokenByClientCredential({ scopes: [ARM_SCOPE] }), /AADSTS700027/);
  });

  it('rejects an assertion whose signature does not match the registered certificate, with AADSTS700027', async () => {
    const registeredCertificate = createClientCertificate();
    const otherCertificate = createClientCertificate();
    const registered = emulator().control.addApp({ tenantId: DEFAULT_TENANT_ID, certificates: [registeredCertificate.certPem] });
    // Claims the registered thumbprint but signs with another key.
    const app = confidentialClient(emulator(), {
      clientId: registered.clientId,
      clientCertificate: { thumbprintSha256: registeredCertificate.thumbprintSha256Hex, privateKey: otherCertificate.keyPem },
    });
    await assert.rejects(app.acquireTokenByClientCredential({ scopes: [ARM_SCOPE] }), /AADSTS700027: Client assertion failed signature validation/);
  });

  it('uses the seeded certificate of the default app', async () => {
    const { defaultClientCertificatePath } = emulator().control.info();
    const pem = fs.readFileSync(defaultClientCertificatePath, 'utf8');
    const prints = thumbprints(pem.slice(pem.indexOf('-----BEGIN CERTIFICATE-----')));
    const app = confidentialClient(emulator(), { clientCertificate: { thumbprintSha256: prints.sha256Hex, privateKey: pem } });
    const result = await app.acquireTokenByClientCredential({ scopes: [ARM_SCOPE] });
    assert.ok(result?.accessToken);
  });

  describe('hand-made client assertions', () => {
    const certificate = createClientCertificate();
    let clientId = '';
    beforeEach(() => {
      clientId = emulator().control.addApp({ tenantId: DEFAULT_TENANT_ID, certificates: [certificate.certPem] }).clientId;
    });

    function assertion(header: Record<string, unknown>, claims: Record<string, unknown> = {}): string {
      const now = Math.floor(Date.now() / 1000);
      const payload = { aud: `${emulator().url}/${DEFAULT_TENANT_ID}/oauth2/v2.0/token`, iss: clientId, sub: clientId, jti: crypto.randomUUID(), nbf: now, exp: now + 600, ...claims };
      const input = `${Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', ...header })).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
      return `${input}.${crypto.sign('sha256', Buffer.from(input), certificate.keyPem).toString('base64url')}`;
    }

    function redeem(clientAssertion: string) {
      return postForm(emulator(), tokenUrl(emulator(), DEFAULT_TENANT_ID), {
        grant_type: 'client_credentials', client_id: clientId, scope: ARM_SCOPE,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: clientAssertion,
      });
    }

    it('accepts an x5t with base64 padding, as MSAL Python (the Azure CLI) sends it', async () => {
      const padded = Buffer.from(certificate.thumbprintSha1Hex, 'hex').toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
      assert.ok(padded.endsWith('='));
      const response = await redeem(assertion({ x5t: padded }));
      assert.equal(response.status, 200, response.text);
    });

    it('refuses an expired assertion (AADSTS700024)', async () => {
      const past = Math.floor(Date.now() / 1000) - 3600;
      const response = await redeem(assertion({ 'x5t#S256': certificate.x5tS256 }, { nbf: past - 600, exp: past }));
      assert.equal(aadsts(response), 700024);
    });

    it('refuses an assertion for another audience or another client', async () => {
      const wrongAudience = await redeem(assertion({ 'x5t#S256': certificate.x5tS256 }, { aud: 'https://elsewhere.example/token' }));
      assert.equal(aadsts(wrongAudience), 700027);
      const wrongSubject = await redeem(assertion({ 'x5t#S256': certificate.x5tS256 }, { sub: DEFAULT_CLIENT_ID }));
      assert.equal(aadsts(wrongSubject), 700021);
    });

    it('refuses an assertion that is not a JWT, or names no certificate', async () => {
      assert.equal(aadsts(await redeem('not-a-jwt')), 50027);
      assert.equal(aadsts(await redeem(assertion({}))), 700027);
    });
  });

  it('gives a token for a tenant named by its domain', async () => {
    const app = confidentialClient(emulator(), { clientSecret: DEFAULT_CLIENT_SECRET }, 'contoso.onmicrosoft.com');
    const result = await app.acquireTokenByClientCredential({ scopes: ['https://management.core.windows.net//.default'] });
    const { payload } = decodeJwt(result?.accessToken ?? '');
    assert.equal(payload.tid, DEFAULT_TENANT_ID);
    assert.equal(payload.aud, 'https://management.core.windows.net/');
  });
});
