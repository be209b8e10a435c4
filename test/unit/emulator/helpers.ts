// Shared helpers of the emulator's own tests: raw HTTP(S) calls that trust the emulator's CA, form posts,
// JWT decoding and verification against the emulator's published JWKS.
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import { startEmulator, type RunningEmulator, type StartEmulatorOptions } from '../../emulator/index';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: Record<string, unknown>;
}

/** One HTTP(S) request to the emulator, no redirects followed, 10 s timeout. */
export function call(emulator: RunningEmulator, method: string, url: string, options: { headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  const target = new URL(url);
  const transport = target.protocol === 'http:' ? http : https;
  return new Promise((resolve, reject) => {
    const req = transport.request(target, {
      method,
      timeout: 10_000,
      headers: { ...(options.headers ?? {}), ...(options.body !== undefined ? { 'Content-Length': Buffer.byteLength(options.body) } : {}) },
      ...(target.protocol === 'https:' ? { ca: emulator.caCertPem } : {}),
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: Record<string, unknown> = {};
        try {
          json = JSON.parse(text) as Record<string, unknown>;
        } catch {
          // Not JSON (an HTML page or empty): tests read `text`.
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 10 s')));
    req.on('error', reject);
    req.end(options.body);
  });
}

export function postForm(emulator: RunningEmulator, url: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<RawResponse> {
  return call(emulator, 'POST', url, { headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(form).toString() });
}

export function tokenUrl(emulator: RunningEmulator, tenant: string): string {
  return `${emulator.url}/${tenant}/oauth2/v2.0/token`;
}

export function decodeJwt(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [header, payload] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>,
  };
}

/** Verifies an RS256 JWT against the JWKS the emulator publishes for `tenant`, as a resource server would. */
export async function verifyWithJwks(emulator: RunningEmulator, tenant: string, token: string): Promise<boolean> {
  const { header } = decodeJwt(token);
  const response = await call(emulator, 'GET', `${emulator.url}/${tenant}/discovery/v2.0/keys`);
  assert.equal(response.status, 200);
  const keys = response.json.keys as (crypto.JsonWebKey & { kid: string })[];
  const jwk = keys.find((key) => key.kid === header.kid);
  assert.ok(jwk, 'the token kid is published in the JWKS');
  assert.equal(header.alg, 'RS256');
  const [h, p, s] = token.split('.');
  const publicKey = crypto.createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: 'jwk' });
  return crypto.verify('sha256', Buffer.from(`${h}.${p}`), publicKey, Buffer.from(s, 'base64url'));
}

/** Starts an emulator for a test suite on random loopback ports and closes it afterwards. */
export function useEmulator(options: StartEmulatorOptions = {}): () => RunningEmulator {
  let emulator: RunningEmulator | undefined;
  before(async function () {
    this.timeout(30_000);
    emulator = await startEmulator(options);
  });
  beforeEach(() => emulator?.control.reset());
  after(async () => {
    await emulator?.close();
  });
  return () => {
    if (!emulator) {
      throw new Error('the emulator has not started');
    }
    return emulator;
  };
}

/** The AADSTS code an Entra error body carries. */
export function aadsts(response: RawResponse): number | undefined {
  const codes = response.json.error_codes;
  return Array.isArray(codes) ? (codes[0] as number) : undefined;
}
