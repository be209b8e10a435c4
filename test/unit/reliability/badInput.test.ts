// Bad input, property-based: every parser and validator a person's or a tool's data reaches gets thousands of
// generated cases. Each case ends in a correct result or a typed error that names the problem — never a
// crash (TypeError and friends), a hang, an unhandled rejection, or a token echoed into a message.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { deserializeAuthenticationRecord, serializeAuthenticationRecord } from '../../../src/identity/authenticationRecord';
import { normalizeAuthorityHost } from '../../../src/identity/authorityHosts';
import { loadCertificate } from '../../../src/identity/certificates';
import { parseCliToken } from '../../../src/identity/credentials/azureCliCredential';
import { parsePowerShellToken } from '../../../src/identity/credentials/azurePowerShellCredential';
import { parseEndpointError, parseTokenResponse } from '../../../src/identity/managedIdentity/tokenResponse';
import { checkScopes } from '../../../src/identity/scopes';
import { checkTenantId } from '../../../src/identity/tenant';
import { pemKeyBeforeCertificate, pfx, selfSignedCertificate } from '../msalCredentials/support/certificates';
import { PURE_RUNS, assertTypedError, countCase, failOnUnhandledRejections, printCasesReport } from './support/propertyRuns';

/** Strings as tools and files produce them: ASCII, any Unicode, control characters and near-JSON. */
const anyText = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.json({ maxDepth: 3 }));
const jsonValue = fc.jsonValue({ maxDepth: 3 });
/** A token-looking value: a JWT shape, so a leak into a message is recognisable. */
const jwtLike = fc
  .tuple(fc.base64String({ minLength: 8, maxLength: 40 }), fc.base64String({ minLength: 8, maxLength: 40 }))
  .map(([a, b]) => `eyJ${a.replace(/[+/=]/g, 'A')}.${b.replace(/[+/=]/g, 'B')}.sig${a.length}`);

function run<T>(target: string, arbitrary: fc.Arbitrary<T>, check: (value: T) => void, numRuns = PURE_RUNS): void {
  fc.assert(
    fc.property(arbitrary, (value) => {
      countCase(target);
      check(value);
    }),
    { numRuns },
  );
}

async function runAsync<T>(target: string, arbitrary: fc.Arbitrary<T>, check: (value: T) => Promise<void>, numRuns = PURE_RUNS): Promise<void> {
  await fc.assert(
    fc.asyncProperty(arbitrary, async (value) => {
      countCase(target);
      await check(value);
    }),
    { numRuns },
  );
}

function outcome<T>(action: () => T): { value: T } | { error: unknown } {
  try {
    return { value: action() };
  } catch (error) {
    return { error };
  }
}

describe('bad input (property-based)', () => {
  failOnUnhandledRejections();
  after(printCasesReport);

  it('AuthenticationRecord deserialization: a record, or an error saying what is wrong with it', () => {
    const fields = fc.record(
      {
        authority: fc.oneof(fc.string(), jsonValue),
        clientId: fc.oneof(fc.string(), jsonValue),
        homeAccountId: fc.oneof(fc.string(), jsonValue),
        tenantId: fc.oneof(fc.string(), jsonValue),
        username: fc.oneof(fc.string(), jsonValue),
        version: fc.oneof(fc.constant('1.0'), fc.string(), jsonValue),
      },
      { requiredKeys: [] },
    );
    const input = fc.oneof(anyText, fields.map((f) => JSON.stringify(f)), fc.string({ minLength: 10_200, maxLength: 10_400 }));
    run('AuthenticationRecord deserialization', input, (text) => {
      const result = outcome(() => deserializeAuthenticationRecord(text));
      if ('error' in result) return assertTypedError(result.error, JSON.stringify(text).slice(0, 80));
      // Whatever was accepted serializes back to a record that reads the same.
      const again = deserializeAuthenticationRecord(serializeAuthenticationRecord(result.value));
      assert.deepEqual({ ...again }, { ...result.value });
    });
  });

  it('AuthenticationRecord: every well-formed record survives a round trip unchanged', () => {
    const nonEmpty = fc.string({ minLength: 1, maxLength: 80 });
    run('AuthenticationRecord round trip', fc.record({ authority: nonEmpty, clientId: nonEmpty, homeAccountId: nonEmpty, tenantId: nonEmpty, username: nonEmpty }), (record) => {
      const read = deserializeAuthenticationRecord(serializeAuthenticationRecord(record));
      assert.deepEqual({ authority: read.authority, clientId: read.clientId, homeAccountId: read.homeAccountId, tenantId: read.tenantId, username: read.username }, { ...record });
    });
  });

  it('tenant ids: accepted exactly when they are letters, digits, "-" and "."', () => {
    const tenant = fc.oneof(anyText, fc.uuid(), fc.domain(), fc.stringMatching(/^[0-9a-zA-Z.-]{1,40}$/));
    run('tenant ids', tenant, (value) => {
      const result = outcome(() => checkTenantId(value));
      const valid = /^[0-9a-zA-Z.-]+$/.test(value);
      if ('error' in result) {
        assertTypedError(result.error, JSON.stringify(value));
        assert.ok(!valid, `a valid tenant id was refused: ${JSON.stringify(value)}`);
        // The refusal shows what was given without raw control characters (they would garble a log line).
        assert.doesNotMatch(result.error.message, /[\u0000-\u0008\u000b-\u001f]/);
      } else {
        assert.ok(valid, `an invalid tenant id was accepted: ${JSON.stringify(value)}`);
      }
    });
  });

  it('scopes: a list of well-formed scopes, or an error naming the bad one', () => {
    const scope = fc.oneof(fc.webUrl().map((u) => `${u}/.default`), fc.string({ maxLength: 1100 }), fc.string({ unit: 'binary', maxLength: 50 }));
    run('scopes', fc.array(scope, { maxLength: 4 }), (scopes) => {
      const result = outcome(() => checkScopes(scopes, { maxScopes: 3, credential: 'TestCredential' }));
      if ('error' in result) assertTypedError(result.error, JSON.stringify(scopes).slice(0, 80));
      else assert.ok(scopes.length >= 1 && scopes.length <= 3 && scopes.every((s) => s.length > 0 && !/\s/.test(s)));
    });
  });

  it('authority hosts: an https URL without credentials, query or fragment, or an error', () => {
    const host = fc.oneof(anyText, fc.webUrl({ withQueryParameters: true, withFragments: true, authoritySettings: { withUserInfo: true, withPort: true } }), fc.domain());
    run('authority hosts', host, (value) => {
      const result = outcome(() => normalizeAuthorityHost(value));
      if ('error' in result) return assertTypedError(result.error, JSON.stringify(value).slice(0, 80));
      const url = new URL(result.value);
      assert.equal(url.protocol, 'https:');
      assert.equal(url.username + url.password + url.search + url.hash, '');
      assert.ok(!result.value.endsWith('/'), `${result.value} keeps a trailing slash`);
    });
  });

  it('Azure CLI output: a token with its expiry, or an error that never quotes the token', () => {
    const cliJson = fc.record(
      {
        accessToken: fc.oneof(jwtLike, jsonValue),
        expires_on: fc.oneof(fc.integer({ min: 0, max: 4_000_000_000 }), fc.double(), fc.string(), jsonValue),
        expiresOn: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString().replace('T', ' ').replace('Z', '')), fc.string()),
        tokenType: fc.constant('Bearer'),
      },
      { requiredKeys: [] },
    );
    run('Azure CLI output', fc.oneof(anyText, cliJson.map((o) => JSON.stringify(o, null, 2))), (stdout) => {
      const result = outcome(() => parseCliToken(stdout));
      if ('error' in result) {
        assertTypedError(result.error, stdout.slice(0, 80));
        for (const token of stdout.match(/eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g) ?? []) {
          assert.ok(!result.error.message.includes(token), 'the error quotes a token');
        }
        return;
      }
      assert.ok(result.value.token.length > 0);
      assert.ok(Number.isFinite(result.value.expiresOnTimestamp) && result.value.expiresOnTimestamp > 0, `expiry ${result.value.expiresOnTimestamp}`);
    });
  });

  it('Azure PowerShell output: the token line among warnings, or nothing; never a throw', () => {
    const line = fc.oneof(
      anyText,
      fc.record({ Token: fc.oneof(jwtLike, jsonValue), ExpiresOn: fc.oneof(fc.integer(), fc.double(), fc.string(), jsonValue) }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
    );
    run('Azure PowerShell output', fc.array(line, { maxLength: 5 }).map((lines) => lines.join('\n')), (stdout) => {
      const token = parsePowerShellToken(stdout);
      if (token) {
        assert.ok(token.token.length > 0 && token.token !== 'System.Security.SecureString');
        assert.ok(Number.isFinite(token.expiresOnTimestamp) && token.expiresOnTimestamp > 0);
      }
    });
  });

  it('managed-identity endpoint answers: a token, or an error naming the source and never the token', () => {
    const body = fc.oneof(
      anyText,
      fc
        .record(
          {
            access_token: fc.oneof(jwtLike, jsonValue),
            expires_on: fc.oneof(fc.integer({ min: -10, max: 4_000_000_000 }), fc.double(), fc.string(), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), jsonValue),
            expires_in: fc.oneof(fc.integer(), fc.string()),
            refresh_in: fc.oneof(fc.integer(), fc.double(), fc.string()),
          },
          { requiredKeys: [] },
        )
        .map((o) => JSON.stringify(o)),
    );
    const response = fc.record({ status: fc.constantFrom(200, 400, 404, 429, 500, 503), body, headers: fc.constant({ 'content-type': 'application/json' }) });
    run('managed-identity endpoint answers', response, (r) => {
      const result = outcome(() => parseTokenResponse('IMDS', r, Date.now()));
      if ('error' in result) {
        assertTypedError(result.error, r.body.slice(0, 80));
        assert.match(result.error.message, /IMDS/);
        for (const token of r.body.match(/eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g) ?? []) {
          assert.ok(!result.error.message.includes(token), 'the error quotes a token');
        }
      } else {
        assert.ok(Number.isFinite(result.value.expiresOnTimestamp) && result.value.expiresOnTimestamp > 0, `expiry ${result.value.expiresOnTimestamp}`);
        const refreshAfter = result.value.refreshAfterTimestamp;
        if (refreshAfter !== undefined) assert.ok(refreshAfter <= result.value.expiresOnTimestamp, `refresh at ${refreshAfter}, after the expiry`);
      }
      const parsed = parseEndpointError('IMDS', r);
      assert.equal(typeof parsed.error, 'string');
      assert.ok(parsed.error.length > 0);
    });
  });

  it('certificates: corrupted PEM and PFX data give a typed error naming the certificate, never a crash', async function () {
    this.timeout(120_000);
    const certificate = selfSignedCertificate();
    const pem = pemKeyBeforeCertificate(certificate);
    const pfxPassword = 'pfx-password';
    const pfxBytes = pfx(certificate, pfxPassword);
    const corrupt = (data: Buffer) =>
      fc.array(fc.tuple(fc.nat({ max: data.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }).map((edits) => {
        const copy = Buffer.from(data);
        for (const [at, byte] of edits) copy[at] = byte;
        return copy;
      });
    const input = fc.oneof(
      corrupt(Buffer.from(pem)),
      corrupt(pfxBytes),
      fc.uint8Array({ minLength: 1, maxLength: 2048 }),
      fc.string({ maxLength: 400 }).map((s) => Buffer.from(`-----BEGIN PRIVATE KEY-----\n${s}\n-----END PRIVATE KEY-----\n${certificate.certificatePem}`)),
      fc.nat({ max: pem.length }).map((n) => Buffer.from(pem.slice(0, n))),
    );
    await runAsync(
      'PEM/PFX data',
      fc.tuple(input, fc.option(fc.constantFrom(pfxPassword, 'wrong', ''), { nil: undefined })),
      async ([bytes, password]) => {
        try {
          const parts = await loadCertificate({ certificate: bytes }, password, true);
          assert.match(parts.thumbprintSha256, /^[0-9a-f]{64}$/);
          assert.match(parts.privateKey, /BEGIN PRIVATE KEY/);
        } catch (error) {
          assertTypedError(error, `${bytes.length} bytes`);
        }
      },
      600,
    );
  });
});
