// The certificate helpers other suites use to test certificate credentials: PFX and encrypted PEM.
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as tls from 'node:tls';
import { createClientCertificate, encryptPrivateKeyPem, thumbprints, toPfx } from '../../emulator/certificates';

describe('emulator: certificate helpers', () => {
  const certificate = createClientCertificate('helper-test');

  it('makes a PFX that opens with its password and not without', () => {
    const pfx = toPfx(certificate, 'emulator-fake-pfx-password');
    assert.doesNotThrow(() => tls.createSecureContext({ pfx, passphrase: 'emulator-fake-pfx-password' }));
    assert.throws(() => tls.createSecureContext({ pfx, passphrase: 'wrong' }));
  });

  it('encrypts a private key that decrypts to the same key with its password only', () => {
    const encrypted = encryptPrivateKeyPem(certificate.keyPem, 'emulator-fake-key-password');
    assert.match(encrypted, /-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    const decrypted = crypto.createPrivateKey({ key: encrypted, passphrase: 'emulator-fake-key-password' });
    assert.equal(decrypted.export({ type: 'pkcs8', format: 'pem' }).toString(), certificate.keyPem);
    assert.throws(() => crypto.createPrivateKey({ key: encrypted, passphrase: 'wrong' }));
  });

  it('reports the thumbprints MSAL and the x5t headers use', () => {
    const der = new crypto.X509Certificate(certificate.certPem).raw;
    assert.equal(certificate.thumbprintSha256Hex, crypto.createHash('sha256').update(der).digest('hex'));
    assert.equal(thumbprints(certificate.certPem).x5t, crypto.createHash('sha1').update(der).digest('base64url'));
  });
});
