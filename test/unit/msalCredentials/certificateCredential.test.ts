// CertificateCredential against the emulator, with certificates made at test time: every accepted format,
// the assertion's headers as the authority received them, and clear refusals of bad input.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CertificateCredential, ClientCertificateCredential } from '../../../src/identity/credentials/certificateCredential';
import type { ClientCertificateCredentialPEMConfiguration } from '../../../src/identity/credentials/certificateCredentialOptions';
import { ClientAuthenticationError, InvalidArgumentError } from '../../../src/identity/errors';
import { DEFAULT_TENANT_ID } from '../../emulator/defaults';
import {
  caSignedCertificate,
  encryptedPem,
  jwtHeader,
  legacyEncryptedPem,
  pemKeyAfterCertificate,
  pemKeyBeforeCertificate,
  pfx,
  selfSignedCertificate,
  type TestCertificate,
} from './support/certificates';
import { useFreshEmulator } from './support/emulator';

const ARM = 'https://management.azure.com/.default';
const PASSWORD = 'test-only-password';

describe('CertificateCredential (emulator)', function () {
  const emulator = useFreshEmulator();
  let certificate: TestCertificate;
  let chained: TestCertificate;
  let directory: string;

  before(() => {
    certificate = selfSignedCertificate();
    chained = caSignedCertificate();
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'azid-cert-'));
  });
  after(() => fs.rmSync(directory, { recursive: true, force: true }));

  /** Registers the certificate on a new app and returns its client id. */
  async function appWith(...certs: TestCertificate[]): Promise<string> {
    const app = await emulator().client.addApp({ tenantId: DEFAULT_TENANT_ID, displayName: 'certificate test app', certificates: certs.map((c) => c.certificatePem) });
    return app.clientId;
  }

  function write(name: string, content: string | Buffer): string {
    const file = path.join(directory, name);
    fs.writeFileSync(file, content, { mode: 0o600 });
    return file;
  }

  async function assertion(): Promise<Record<string, unknown>> {
    const [request] = await emulator().tokenRequests();
    assert.equal(request?.form?.client_assertion_type, 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    return jwtHeader(request?.form?.client_assertion ?? '');
  }

  it('authenticates with a PEM file (key after the certificate); the assertion carries x5t#S256 and no x5c', async () => {
    const clientId = await appWith(certificate);
    const credential = new CertificateCredential(DEFAULT_TENANT_ID, clientId, write('after.pem', pemKeyAfterCertificate(certificate)), emulator().authorityOptions);
    assert.ok((await credential.getToken(ARM)).token);
    const header = await assertion();
    assert.equal(header['x5t#S256'], certificate.x5tS256);
    assert.equal(header.x5c, undefined);
    assert.equal((await credential.getToken(ARM)).tokenType, 'Bearer');
    assert.equal((await emulator().tokenRequests()).length, 1, 'the second call came from the cache');
  });

  it('accepts the key before the certificate, PEM text, and PEM bytes (the ClientCertificateCredential name too)', async () => {
    const clientId = await appWith(certificate);
    const options = emulator().authorityOptions;
    for (const credential of [
      new ClientCertificateCredential(DEFAULT_TENANT_ID, clientId, { certificatePath: write('before.pem', pemKeyBeforeCertificate(certificate)) }, options),
      new CertificateCredential(DEFAULT_TENANT_ID, clientId, { certificate: pemKeyAfterCertificate(certificate) }, options),
      new CertificateCredential(DEFAULT_TENANT_ID, clientId, { certificate: Buffer.from(pemKeyBeforeCertificate(certificate)) }, options),
    ]) {
      assert.ok((await credential.getToken(ARM)).token);
    }
    assert.equal((await emulator().tokenRequests()).length, 3);
  });

  it('opens encrypted PEM keys (PKCS#8 and traditional) and PFX files with the password', async () => {
    const clientId = await appWith(certificate);
    const options = emulator().authorityOptions;
    const sources = [
      { certificatePath: write('enc.pem', encryptedPem(certificate, PASSWORD)), certificatePassword: PASSWORD },
      { certificate: legacyEncryptedPem(certificate, PASSWORD), certificatePassword: PASSWORD },
      { certificatePath: write('cert.pfx', pfx(certificate, PASSWORD)), certificatePassword: PASSWORD },
      { certificate: pfx(certificate, PASSWORD), certificatePassword: PASSWORD },
    ];
    for (const source of sources) {
      assert.ok((await new CertificateCredential(DEFAULT_TENANT_ID, clientId, source, options).getToken(ARM)).token);
    }
    assert.equal((await emulator().tokenRequests()).length, sources.length);
  });

  it('refuses a wrong or missing password with a clear error and sends nothing', async () => {
    const clientId = await appWith(certificate);
    const options = emulator().authorityOptions;
    const cases = [
      { certificatePath: write('enc2.pem', encryptedPem(certificate, PASSWORD)), certificatePassword: 'wrong' },
      { certificatePath: write('enc3.pem', encryptedPem(certificate, PASSWORD)) },
      { certificatePath: write('cert2.pfx', pfx(certificate, PASSWORD)), certificatePassword: 'wrong' },
    ];
    for (const source of cases) {
      const error = await new CertificateCredential(DEFAULT_TENANT_ID, clientId, source, options).getToken(ARM).catch((e: unknown) => e);
      assert.ok(error instanceof InvalidArgumentError, String(error));
      assert.equal(error.argument, 'certificatePassword');
      assert.match(error.message, /password/);
      assert.ok(!error.message.includes(PASSWORD));
    }
    assert.equal((await emulator().tokenRequests()).length, 0);
  });

  it('refuses a PEM without a key, a missing file, and a key of another certificate', async () => {
    const options = emulator().authorityOptions;
    const other = selfSignedCertificate('other');
    const cases: [ClientCertificateCredentialPEMConfiguration, string, RegExp][] = [
      [{ certificate: certificate.certificatePem }, 'certificate', /no private key/],
      [{ certificatePath: path.join(directory, 'missing.pem') }, 'certificatePath', /Could not read the certificate file/],
      [{ certificate: `${certificate.certificatePem}${other.privateKeyPem}` }, 'certificate', /matches the private key/],
    ];
    for (const [source, argument, message] of cases) {
      const error = await new CertificateCredential(DEFAULT_TENANT_ID, 'e1a70000-0000-4000-8000-0000000000aa', source, options).getToken(ARM).catch((e: unknown) => e);
      assert.ok(error instanceof InvalidArgumentError, String(error));
      assert.equal(error.argument, argument);
      assert.match(error.message, message);
    }
  });

  it('sends the chain as x5c with sendCertificateChain', async () => {
    const clientId = await appWith(chained);
    const credential = new CertificateCredential(DEFAULT_TENANT_ID, clientId, { certificate: pemKeyAfterCertificate(chained) }, {
      ...emulator().authorityOptions,
      sendCertificateChain: true,
    });
    assert.ok((await credential.getToken(ARM)).token);
    const header = await assertion();
    assert.ok(Array.isArray(header.x5c));
    assert.equal((header.x5c as string[]).length, 2, 'the leaf and its CA');
    const leafBase64 = chained.certificatePem.replace(/-----[^-]+-----|\s/g, '');
    assert.equal((header.x5c as string[])[0], leafBase64, 'the leaf comes first');
  });

  it('fails with the authority\'s AADSTS700027 when the certificate is not registered on the app', async () => {
    const clientId = await appWith(selfSignedCertificate('registered'));
    const error = await new CertificateCredential(DEFAULT_TENANT_ID, clientId, { certificate: pemKeyAfterCertificate(certificate) }, emulator().authorityOptions)
      .getToken(ARM)
      .catch((e: unknown) => e);
    assert.ok(error instanceof ClientAuthenticationError);
    assert.equal(error.statusCode, 401);
    assert.match(error.message, /AADSTS700027.*the certificate is the one registered/);
  });
});
