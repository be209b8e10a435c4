// Test certificates made at test time (never committed): an RSA key and self-signed certificate, a CA and
// a leaf it signed, and the same material as plain PEM (either order), encrypted PEM and PFX.
import * as crypto from 'node:crypto';
import forge from 'node-forge';

export interface TestCertificate {
  certificatePem: string;
  privateKeyPem: string;
  /** Hex SHA-256 of the DER certificate. */
  thumbprintSha256: string;
  /** base64url SHA-256 of the DER certificate, as the x5t#S256 header carries it. */
  x5tS256: string;
  /** The issuing CA's certificate when the certificate is not self-signed. */
  issuerPem?: string;
}

function makeCertificate(
  subject: string,
  keyPair: crypto.KeyPairKeyObjectResult,
  issuer?: { name: string; key: crypto.KeyObject },
  isCa = false,
  serverIp?: string,
): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keyPair.publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = `01${crypto.randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
  cert.setSubject([{ name: 'commonName', value: subject }]);
  cert.setIssuer([{ name: 'commonName', value: issuer?.name ?? subject }]);
  cert.setExtensions([
    { name: 'basicConstraints', cA: isCa },
    ...(serverIp ? [{ name: 'subjectAltName', altNames: [{ type: 7, ip: serverIp }] }] : []),
  ]);
  const signingKey = issuer?.key ?? keyPair.privateKey;
  cert.sign(forge.pki.privateKeyFromPem(signingKey.export({ type: 'pkcs1', format: 'pem' }).toString()), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

function describe(certificatePem: string, privateKey: crypto.KeyObject, issuerPem?: string): TestCertificate {
  const der = new crypto.X509Certificate(certificatePem).raw;
  return {
    certificatePem,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    thumbprintSha256: crypto.createHash('sha256').update(der).digest('hex'),
    x5tS256: crypto.createHash('sha256').update(der).digest('base64url'),
    issuerPem,
  };
}

/** A self-signed certificate with a fresh 2048-bit RSA key. */
export function selfSignedCertificate(subject = 'azure-identity-test'): TestCertificate {
  const keyPair = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  return describe(makeCertificate(subject, keyPair), keyPair.privateKey);
}

/** A self-signed TLS server certificate for `ip`, usable as its own trust anchor. */
export function serverCertificate(ip = '127.0.0.1'): TestCertificate {
  const keyPair = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  return describe(makeCertificate(ip, keyPair, undefined, true, ip), keyPair.privateKey);
}

/** A leaf certificate signed by a fresh CA (for x5c / subject-name-issuer tests). */
export function caSignedCertificate(subject = 'azure-identity-test-leaf'): TestCertificate {
  const caKeys = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const caPem = makeCertificate('azure-identity-test-ca', caKeys, undefined, true);
  const leafKeys = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const leafPem = makeCertificate(subject, leafKeys, { name: 'azure-identity-test-ca', key: caKeys.privateKey });
  return describe(leafPem, leafKeys.privateKey, caPem);
}

export function pemKeyAfterCertificate(cert: TestCertificate): string {
  return `${cert.certificatePem}${cert.issuerPem ?? ''}${cert.privateKeyPem}`;
}

export function pemKeyBeforeCertificate(cert: TestCertificate): string {
  return `${cert.privateKeyPem}${cert.certificatePem}${cert.issuerPem ?? ''}`;
}

/** The key as an encrypted PKCS#8 PEM ("ENCRYPTED PRIVATE KEY"), followed by the certificate. */
export function encryptedPem(cert: TestCertificate, password: string): string {
  const key = crypto.createPrivateKey(cert.privateKeyPem).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: password }).toString();
  return `${key}${cert.certificatePem}`;
}

/** The key as a traditional encrypted RSA PEM ("Proc-Type: 4,ENCRYPTED"), after the certificate. */
export function legacyEncryptedPem(cert: TestCertificate, password: string): string {
  const key = crypto.createPrivateKey(cert.privateKeyPem).export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: password }).toString();
  return `${cert.certificatePem}${key}`;
}

/** A PFX (PKCS#12) holding the key and the certificate chain, protected by `password`. */
export function pfx(cert: TestCertificate, password: string): Buffer {
  const key = forge.pki.privateKeyFromPem(crypto.createPrivateKey(cert.privateKeyPem).export({ type: 'pkcs1', format: 'pem' }).toString());
  const chain = [cert.certificatePem, ...(cert.issuerPem ? [cert.issuerPem] : [])].map((pem) => forge.pki.certificateFromPem(pem));
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, chain, password, { algorithm: '3des' });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

/** Decodes a JWT's header without verifying it (the assertion's headers are what the test checks). */
export function jwtHeader(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[0] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}
