// JSON Web Tokens: the emulator's RS256 signing key and its JWKS, and parsing/verification of the JWTs
// clients send (client assertions) and the access tokens the emulator's ARM receives.
import * as crypto from 'node:crypto';
import forge from 'node-forge';
import { base64url, base64urlJson, isRecord, parseBase64urlJson } from './encoding';
import { rememberSecret } from './issuedSecrets';

export interface JsonWebKey {
  kty: 'RSA';
  use: 'sig';
  kid: string;
  x5t: string;
  n: string;
  e: string;
  x5c: string[];
  issuer?: string;
}

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: crypto.KeyObject;
  readonly publicKey: crypto.KeyObject;
  readonly certificateDerBase64: string;
}

/**
 * A fresh RS256 signing key with a self-signed certificate, as Entra publishes its keys (x5c, x5t).
 * The kid is the certificate's SHA-1 thumbprint in base64url, like Entra's.
 */
export function createSigningKey(keys?: { privateKeyPem: string; publicKeyPem: string }): SigningKey {
  return signingKeyFromCertificate(createSigningCertificate(keys));
}

/** The signing key's private key and self-signed certificate as PEM: what a state directory keeps across runs. */
export function createSigningCertificate(keys?: { privateKeyPem: string; publicKeyPem: string }): { keyPem: string; certPem: string } {
  const { privateKey, publicKey } = keys
    ? { privateKey: crypto.createPrivateKey(keys.privateKeyPem), publicKey: crypto.createPublicKey(keys.publicKeyPem) }
    : crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = crypto.randomBytes(8).toString('hex').replace(/^[89a-f]/, '1');
  cert.validity.notBefore = new Date(Date.now() - 24 * 3600 * 1000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600 * 1000);
  const subject = [{ name: 'commonName', value: 'accounts.emulator.invalid' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  cert.sign(forge.pki.privateKeyFromPem(keyPem), forge.md.sha256.create());
  return { keyPem, certPem: forge.pki.certificateToPem(cert) };
}

/** The signing key of a certificate made by createSigningCertificate (fresh, or read back from a state directory). */
export function signingKeyFromCertificate(pair: { keyPem: string; certPem: string }): SigningKey {
  const certificate = new crypto.X509Certificate(pair.certPem);
  const kid = base64url(crypto.createHash('sha1').update(certificate.raw).digest());
  return { kid, privateKey: crypto.createPrivateKey(pair.keyPem), publicKey: certificate.publicKey, certificateDerBase64: certificate.raw.toString('base64') };
}

export function toJwk(key: SigningKey, issuer?: string): JsonWebKey {
  const jwk = key.publicKey.export({ format: 'jwk' });
  return {
    kty: 'RSA', use: 'sig', kid: key.kid, x5t: key.kid, n: String(jwk.n), e: String(jwk.e),
    x5c: [key.certificateDerBase64], ...(issuer ? { issuer } : {}),
  };
}

export function signJwt(key: SigningKey, payload: Record<string, unknown>): string {
  const header = { typ: 'JWT', alg: 'RS256', kid: key.kid, x5t: key.kid };
  const signingInput = `${base64urlJson(header)}.${base64urlJson(payload)}`;
  const signature = crypto.sign('sha256', Buffer.from(signingInput), key.privateKey);
  const token = `${signingInput}.${base64url(signature)}`;
  // The whole token and its signature alone: a log holding either one leaks it.
  rememberSecret(token);
  rememberSecret(base64url(signature));
  return token;
}

export interface ParsedJwt {
  readonly header: Record<string, unknown>;
  readonly payload: Record<string, unknown>;
  readonly signingInput: Buffer;
  readonly signature: Buffer;
}

/** Splits and decodes a compact JWS; undefined when it is not one. */
export function parseJwt(token: string): ParsedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) {
    return undefined;
  }
  const header = parseBase64urlJson(parts[0]);
  const payload = parseBase64urlJson(parts[1]);
  if (!isRecord(header) || !isRecord(payload)) {
    return undefined;
  }
  return { header, payload, signingInput: Buffer.from(`${parts[0]}.${parts[1]}`), signature: Buffer.from(parts[2], 'base64url') };
}

/** Verifies an RS256 or PS256 signature with `publicKey`. Other algorithms are refused. */
export function verifyJwtSignature(jwt: ParsedJwt, publicKey: crypto.KeyObject): boolean {
  const alg = jwt.header.alg;
  try {
    if (alg === 'RS256') {
      return crypto.verify('sha256', jwt.signingInput, publicKey, jwt.signature);
    }
    if (alg === 'PS256') {
      return crypto.verify('sha256', jwt.signingInput, {
        key: publicKey, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: crypto.constants.RSA_PSS_SALTLEN_AUTO,
      }, jwt.signature);
    }
  } catch {
    return false;
  }
  return false;
}
