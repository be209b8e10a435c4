// Reads a client certificate for CertificateCredential: a PEM file or bytes with the private key before or
// after the certificates (the key possibly encrypted), or a PFX/PKCS#12 file with a password. Yields what
// MSAL needs: an unencrypted RSA private key, SHA-256 and SHA-1 thumbprints, and the chain for `x5c`.
// node:crypto and node-forge (for PFX only) are loaded on first need, keeping the library cheap to require.
import type { KeyObject, X509Certificate } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { InvalidArgumentError } from './errors';

type Crypto = typeof import('node:crypto');

/** A certificate ready for a client assertion (MSAL signs it): thumbprints in hex, the private key as unencrypted PEM. */
export interface CertificateParts {
  thumbprintSha256: string;
  thumbprint: string;
  privateKey: string;
  /** The PEM certificate chain, sent as `x5c` when `sendCertificateChain` is set. */
  x5c?: string;
}

/** Where the certificate comes from. */
export type CertificateSource = { certificatePath: string } | { certificate: string | Uint8Array };

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;
const MAX_CERTIFICATE_BYTES = 1024 * 1024;

export async function loadCertificate(source: CertificateSource, password: string | undefined, sendCertificateChain: boolean): Promise<CertificateParts> {
  const crypto = process.getBuiltinModule('node:crypto');
  const bytes = await readSource(source);
  const isPem = bytes.toString('latin1').includes('-----BEGIN');
  const { privateKey, certificates } = isPem ? parsePem(crypto, bytes.toString('utf8'), password) : await parsePfx(crypto, bytes, password);
  if (privateKey.asymmetricKeyType !== 'rsa' && privateKey.asymmetricKeyType !== 'rsa-pss') {
    throw new InvalidArgumentError('certificate', `The certificate's private key is ${privateKey.asymmetricKeyType ?? 'of an unknown type'}; client assertions are signed with RSA, so use a certificate with an RSA key.`);
  }
  if (certificates.length === 0) {
    throw new InvalidArgumentError('certificate', 'No certificate was found next to the private key. The PEM must hold both the certificate and its private key.');
  }
  const leaf = matchingCertificate(crypto, certificates, privateKey);
  const chain = [leaf, ...certificates.filter((c) => c !== leaf)];
  return {
    thumbprintSha256: hexThumbprint(leaf.fingerprint256),
    thumbprint: hexThumbprint(leaf.fingerprint),
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    x5c: sendCertificateChain ? chain.map((c) => c.toString()).join('\n') : undefined,
  };
}

async function readSource(source: CertificateSource): Promise<Buffer> {
  if ('certificatePath' in source) {
    try {
      const stat = await fs.stat(source.certificatePath);
      if (stat.size > MAX_CERTIFICATE_BYTES) throw new Error(`the file is ${stat.size} bytes, larger than any certificate`);
      return await fs.readFile(source.certificatePath);
    } catch (error) {
      throw new InvalidArgumentError('certificatePath', `Could not read the certificate file ${source.certificatePath}: ${(error as Error).message}.`, { cause: error });
    }
  }
  const data = typeof source.certificate === 'string' ? Buffer.from(source.certificate, 'utf8') : Buffer.from(source.certificate);
  if (data.length === 0) throw new InvalidArgumentError('certificate', 'The certificate is empty.');
  return data;
}

function parsePem(crypto: Crypto, text: string, password: string | undefined): { privateKey: KeyObject; certificates: X509Certificate[] } {
  const blocks = [...text.matchAll(PEM_BLOCK)].map((m) => ({ label: m[1] ?? '', pem: m[0] }));
  const keyBlock = blocks.find((b) => b.label.endsWith('PRIVATE KEY'));
  if (!keyBlock) {
    throw new InvalidArgumentError('certificate', 'The PEM holds no private key. Put the certificate and its private key in one PEM (either order).');
  }
  const encrypted = keyBlock.label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,ENCRYPTED/.test(keyBlock.pem);
  if (encrypted && !password) {
    throw new InvalidArgumentError('certificatePassword', 'The private key is encrypted: pass its password as certificatePassword.');
  }
  let privateKey: KeyObject;
  try {
    privateKey = crypto.createPrivateKey({ key: keyBlock.pem, format: 'pem', passphrase: encrypted ? password : undefined });
  } catch (error) {
    throw new InvalidArgumentError(
      encrypted ? 'certificatePassword' : 'certificate',
      encrypted
        ? 'The private key could not be decrypted: the certificate password is wrong.'
        : `The private key in the PEM could not be read: ${(error as Error).message}.`,
      { cause: error },
    );
  }
  const certificates = blocks.filter((b) => b.label === 'CERTIFICATE').map((b) => parseX509(crypto, b.pem));
  return { privateKey, certificates };
}

async function parsePfx(crypto: Crypto, bytes: Buffer, password: string | undefined): Promise<{ privateKey: KeyObject; certificates: X509Certificate[] }> {
  const forge = (await import('node-forge')).default;
  let pfx: ReturnType<typeof forge.pkcs12.pkcs12FromAsn1>;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(bytes.toString('binary')));
    pfx = forge.pkcs12.pkcs12FromAsn1(asn1, false, password ?? '');
  } catch (error) {
    const message = (error as Error).message ?? '';
    if (/password|MAC|decrypt/i.test(message)) {
      throw new InvalidArgumentError('certificatePassword', 'The PFX could not be opened: the certificate password is wrong or missing.', { cause: error });
    }
    throw new InvalidArgumentError('certificate', 'The certificate is neither PEM nor a readable PFX/PKCS#12 file.', { cause: error });
  }
  const keyBags = [
    ...(pfx.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? []),
    ...(pfx.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? []),
  ];
  const key = keyBags.find((b) => b.key)?.key;
  if (!key) throw new InvalidArgumentError('certificate', 'The PFX holds no private key (or a non-RSA one). Export it with its private key.');
  const certBags = pfx.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
  const certificates = certBags.flatMap((b) => (b.cert ? [parseX509(crypto, forge.pki.certificateToPem(b.cert))] : []));
  return { privateKey: crypto.createPrivateKey(forge.pki.privateKeyToPem(key)), certificates };
}

function parseX509(crypto: Crypto, pem: string): X509Certificate {
  try {
    return new crypto.X509Certificate(pem);
  } catch (error) {
    throw new InvalidArgumentError('certificate', `A certificate in the file could not be parsed: ${(error as Error).message}.`, { cause: error });
  }
}

/** The certificate whose public key belongs to the private key; the chain's other certificates follow it. */
function matchingCertificate(crypto: Crypto, certificates: X509Certificate[], privateKey: KeyObject): X509Certificate {
  const publicDer = crypto.createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const match = certificates.find((c) => c.publicKey.export({ type: 'spki', format: 'der' }).equals(publicDer));
  if (!match) {
    throw new InvalidArgumentError('certificate', 'None of the certificates matches the private key. Check that the PEM or PFX pairs the right key and certificate.');
  }
  return match;
}

function hexThumbprint(fingerprint: string): string {
  return fingerprint.replace(/:/g, '').toLowerCase();
}
