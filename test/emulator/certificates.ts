// X.509 work: the emulator's test CA, its HTTPS server certificate, and client certificates for
// certificate-credential tests. Keys come from node:crypto (fast, native); node-forge builds and signs
// the certificates, because Node 20 cannot create certificates itself.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import forge from 'node-forge';
import { base64url } from './encoding';

export interface KeyAndCertificate {
  /** PEM of the certificate. */
  readonly certPem: string;
  /** PEM (PKCS#8) of the unencrypted private key. */
  readonly keyPem: string;
}

export interface ClientCertificate extends KeyAndCertificate {
  /** Hex SHA-1 thumbprint, as MSAL's `clientCertificate.thumbprint` takes it. */
  readonly thumbprintSha1Hex: string;
  /** Hex SHA-256 thumbprint, as MSAL's `clientCertificate.thumbprintSha256` takes it. */
  readonly thumbprintSha256Hex: string;
  /** The base64url thumbprints a client assertion carries in `x5t` / `x5t#S256`. */
  readonly x5t: string;
  readonly x5tS256: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RsaKeyPair {
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
}

const RSA_OPTIONS = {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
} as const;

function newRsaKeyPair(): RsaKeyPair {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', RSA_OPTIONS);
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

const processKeyPairs = new Map<string, RsaKeyPair>();

/**
 * An RSA key pair for `purpose`, made once per process: RSA key generation is most of the emulator's
 * start-up time, and tests start many emulators. Keys never leave the process except as the files
 * the emulator writes for its own CA and default client certificate.
 */
export function processRsaKeyPair(purpose: string): RsaKeyPair {
  let pair = processKeyPairs.get(purpose);
  if (!pair) {
    pair = newRsaKeyPair();
    processKeyPairs.set(purpose, pair);
  }
  return pair;
}

/** A positive random serial number in hex, as RFC 5280 asks. */
function randomSerial(): string {
  const bytes = crypto.randomBytes(16);
  bytes[0] &= 0x7f;
  return bytes.toString('hex');
}

function subjectAttributes(commonName: string): forge.pki.CertificateField[] {
  return [{ name: 'commonName', value: commonName }, { name: 'organizationName', value: 'Azure Identity Emulator (test only)' }];
}

interface CertificateRequest {
  commonName: string;
  publicKeyPem: string;
  /** The signer; absent means self-signed with `signerKeyPem`. */
  issuer?: { cert: forge.pki.Certificate };
  signerKeyPem: string;
  validDays: number;
  extensions: object[];
}

function buildCertificate(request: CertificateRequest): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(request.publicKeyPem);
  cert.serialNumber = randomSerial();
  // Backdate a day so a client whose clock is slightly behind still accepts it.
  cert.validity.notBefore = new Date(Date.now() - DAY_MS);
  cert.validity.notAfter = new Date(Date.now() + request.validDays * DAY_MS);
  cert.setSubject(subjectAttributes(request.commonName));
  cert.setIssuer(request.issuer ? request.issuer.cert.subject.attributes : subjectAttributes(request.commonName));
  const extensions: object[] = [...request.extensions, { name: 'subjectKeyIdentifier' }];
  if (request.issuer) {
    // OpenSSL 3 in strict mode (Python 3.13+, used by the Azure CLI) wants an authority key identifier.
    extensions.push({ name: 'authorityKeyIdentifier', keyIdentifier: request.issuer.cert.generateSubjectKeyIdentifier().getBytes() });
  }
  cert.setExtensions(extensions);
  cert.sign(forge.pki.privateKeyFromPem(request.signerKeyPem), forge.md.sha256.create());
  return cert;
}

/** A new self-signed CA able to sign server certificates. */
export function createCertificateAuthority(commonName = 'Azure Identity Emulator Test CA', keys: RsaKeyPair = newRsaKeyPair()): KeyAndCertificate {
  const cert = buildCertificate({
    commonName,
    publicKeyPem: keys.publicKeyPem,
    signerKeyPem: keys.privateKeyPem,
    validDays: 3650,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.privateKeyPem };
}

const IP_ADDRESS = /^(\d{1,3}\.){3}\d{1,3}$|^[0-9a-fA-F:]+:[0-9a-fA-F:]*$/;

/**
 * A server certificate for `names` (DNS names and IP addresses), signed by the (RSA) `ca`. Its own key is
 * ECDSA P-256: made in microseconds, and a TLS handshake with it costs the server far less than with
 * RSA, which matters when a benchmark opens 1,000 connections at once. node-forge only handles RSA keys,
 * so the certificate is built with forge around a placeholder key, the EC key is put in its place, and
 * node:crypto signs the result.
 */
export function createServerCertificate(ca: KeyAndCertificate, names: readonly string[]): KeyAndCertificate {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = forge.asn1.fromDer(publicKey.export({ type: 'spki', format: 'der' }).toString('binary'));
  const keyBits = (spki.value as forge.asn1.Asn1[])[1].value as string;
  // RFC 5280 method 1: SHA-1 of the subjectPublicKey bits (after the unused-bits byte).
  const subjectKeyId = forge.md.sha1.create().update(keyBits.slice(1)).digest().getBytes();
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const unique = [...new Set(names.map((name) => name.toLowerCase()))];
  const altNames = unique.map((name) => (IP_ADDRESS.test(name) ? { type: 7, ip: name } : { type: 2, value: name }));

  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(new forge.jsbn.BigInteger('3'), new forge.jsbn.BigInteger('65537'));
  cert.serialNumber = randomSerial();
  cert.validity.notBefore = new Date(Date.now() - DAY_MS);
  // Under 398 days, the longest a browser accepts for a server certificate.
  cert.validity.notAfter = new Date(Date.now() + 390 * DAY_MS);
  cert.setSubject(subjectAttributes(unique.find((name) => !IP_ADDRESS.test(name)) ?? 'localhost'));
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames },
    { name: 'subjectKeyIdentifier', value: forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.OCTETSTRING, false, subjectKeyId) },
    // OpenSSL 3 in strict mode (Python 3.13+, used by the Azure CLI) wants an authority key identifier.
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.siginfo.algorithmOid = forge.pki.oids.sha256WithRSAEncryption;
  // getTBSCertificate is public in node-forge but missing from its type definitions.
  const tbs = (forge.pki as unknown as { getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1 }).getTBSCertificate(cert);
  (tbs.value as forge.asn1.Asn1[])[6] = spki;
  const signature = crypto.sign('sha256', Buffer.from(forge.asn1.toDer(tbs).getBytes(), 'binary'), ca.keyPem);
  const certificate = forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SEQUENCE, true, [
    tbs,
    forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SEQUENCE, true, [
      forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.OID, false, forge.asn1.oidToDer(forge.pki.oids.sha256WithRSAEncryption).getBytes()),
      forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.NULL, false, ''),
    ]),
    forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.BITSTRING, false, String.fromCharCode(0) + signature.toString('binary')),
  ]);
  const certPem = forge.pem.encode({ type: 'CERTIFICATE', body: forge.asn1.toDer(certificate).getBytes() }, { maxline: 64 });
  return { certPem, keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

/** DER bytes of the first certificate in a PEM string. */
export function certificateDer(certPem: string): Buffer {
  return new crypto.X509Certificate(certPem).raw;
}

export function thumbprints(certPem: string): { sha1Hex: string; sha256Hex: string; x5t: string; x5tS256: string } {
  const der = certificateDer(certPem);
  const sha1 = crypto.createHash('sha1').update(der).digest();
  const sha256 = crypto.createHash('sha256').update(der).digest();
  return { sha1Hex: sha1.toString('hex'), sha256Hex: sha256.toString('hex'), x5t: base64url(sha1), x5tS256: base64url(sha256) };
}

/**
 * A self-signed client certificate for certificate-credential tests: register `certPem` with addApp
 * and give the client `certPem` + `keyPem` (or toPfx()).
 */
export function createClientCertificate(commonName = 'emulator-client', keys: RsaKeyPair = newRsaKeyPair()): ClientCertificate {
  const cert = buildCertificate({
    commonName,
    publicKeyPem: keys.publicKeyPem,
    signerKeyPem: keys.privateKeyPem,
    validDays: 365,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', clientAuth: true },
    ],
  });
  const certPem = forge.pki.certificateToPem(cert);
  const prints = thumbprints(certPem);
  return {
    certPem, keyPem: keys.privateKeyPem,
    thumbprintSha1Hex: prints.sha1Hex, thumbprintSha256Hex: prints.sha256Hex, x5t: prints.x5t, x5tS256: prints.x5tS256,
  };
}

/** A PKCS#12 (PFX) file holding the key and certificate, encrypted with `password` (3DES, as Windows tools make them). */
export function toPfx(certificate: KeyAndCertificate, password: string): Buffer {
  const asn1 = forge.pkcs12.toPkcs12Asn1(
    forge.pki.privateKeyFromPem(certificate.keyPem),
    [forge.pki.certificateFromPem(certificate.certPem)],
    password,
    { algorithm: '3des' },
  );
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

/** The private key as an encrypted PKCS#8 PEM ("-----BEGIN ENCRYPTED PRIVATE KEY-----"). */
export function encryptPrivateKeyPem(keyPem: string, password: string): string {
  return crypto.createPrivateKey(keyPem).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: password }).toString();
}

const LOCK_WAIT_MS = 15_000;

function writeFileAtomically(file: string, content: string, mode: number): void {
  const temp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(temp, content, { mode });
  fs.renameSync(temp, file);
}

function readPairIfPresent(certFile: string, keyFile: string): KeyAndCertificate | undefined {
  if (!fs.existsSync(certFile) || !fs.existsSync(keyFile)) {
    return undefined;
  }
  const pair = { certPem: fs.readFileSync(certFile, 'utf8'), keyPem: fs.readFileSync(keyFile, 'utf8') };
  const certKey = new crypto.X509Certificate(pair.certPem).publicKey.export({ type: 'spki', format: 'der' });
  const privateKey = crypto.createPublicKey(pair.keyPem).export({ type: 'spki', format: 'der' });
  if (!certKey.equals(privateKey)) {
    throw new Error(`${certFile} and ${keyFile} do not belong together; delete both to have new ones made.`);
  }
  return pair;
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Reads `<dir>/<name>.pem` and `<dir>/<name>-key.pem`, or makes them with `create` and writes them.
 * A lock file keeps two emulators starting at once on the same directory from writing mismatched halves.
 */
export function loadOrCreatePair(dir: string, name: string, create: () => KeyAndCertificate): { pair: KeyAndCertificate; certPath: string; keyPath: string } {
  fs.mkdirSync(dir, { recursive: true });
  const certPath = path.join(dir, `${name}.pem`);
  const keyPath = path.join(dir, `${name}-key.pem`);
  const lockPath = path.join(dir, `${name}.lock`);
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    const existing = readPairIfPresent(certPath, keyPath);
    if (existing) {
      return { pair: existing, certPath, keyPath };
    }
    let lock: number | undefined;
    try {
      lock = fs.openSync(lockPath, 'wx');
    } catch {
      // Someone else is creating the pair: wait for it, but never forever (a crashed writer leaves the lock behind).
      if (Date.now() > deadline) {
        fs.rmSync(lockPath, { force: true });
      } else {
        sleepSync(50);
      }
      continue;
    }
    try {
      const created = create();
      writeFileAtomically(keyPath, created.keyPem, 0o600);
      writeFileAtomically(certPath, created.certPem, 0o644);
      return { pair: created, certPath, keyPath };
    } finally {
      fs.closeSync(lock);
      fs.rmSync(lockPath, { force: true });
    }
  }
}
