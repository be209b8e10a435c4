// Property-based bad input for two more targets: WWW-Authenticate challenges (src/vscode/provider/challenges.ts,
// what a resource sends back and the provider acts on) and settings values (src/vscode/settingsModel.ts, what a
// person or a synced settings.json puts under azureIdentity.*: any JSON value under any key). Each case ends in
// a valid result or the module's typed error (ChallengeError, SettingsError) — never a TypeError, never a hang.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { challengeRequest, ChallengeError, decodeClaims, parseWwwAuthenticate, readBearerChallenge } from '../../../src/vscode/provider/challenges';
import { SIGN_IN_METHODS, SettingsError, parseSettings, type ConfigurationReader } from '../../../src/vscode/settingsModel';
import { PURE_RUNS, countCase, failOnUnhandledRejections, printCasesReport } from './support/propertyRuns';

function expectTyped(error: unknown, type: typeof ChallengeError | typeof SettingsError, context: string): void {
  if (!(error instanceof type)) assert.fail(`${context}: not a ${type.name}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  assert.ok(error.message.length > 0, `${context}: an error with no message`);
}

// Pieces real challenges are made of, so that generated headers get past the first character often.
const token = fc.stringMatching(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,12}$/);
const quoted = fc.string({ maxLength: 40 }).map((s) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`);
const claimsJson = fc.constantFrom('{"access_token":{"acrs":{"essential":true,"value":"c1"}}}', '{"access_token":{"nbf":{"essential":true,"value":"1700000000"}}}', '{}', '{"x":');
const claimsValue = fc.oneof(
  claimsJson.map((j) => `"${Buffer.from(j).toString('base64')}"`),
  claimsJson.map((j) => `"${j.replace(/"/g, '\\"')}"`),
  fc.base64String({ maxLength: 40 }).map((b) => `"${b}"`),
  quoted,
);
const param = fc.oneof(
  fc.tuple(fc.constantFrom('realm', 'error', 'error_description', 'scope', 'claims', 'resource_metadata', 'authorization_uri', 'Claims', 'SCOPE'), fc.oneof(quoted, token, claimsValue)),
  fc.tuple(token, fc.oneof(quoted, token)),
).map(([name, value]) => `${name}=${value}`);
const challenge = fc
  .tuple(fc.constantFrom('Bearer', 'bearer', 'Basic', 'PoP', 'Negotiate'), fc.array(param, { maxLength: 5 }), fc.option(fc.base64String({ maxLength: 20 })))
  .map(([scheme, params, token68]) => (token68 && params.length === 0 ? `${scheme} ${token68}` : `${scheme}${params.length ? ` ${params.join(', ')}` : ''}`));
const header = fc.oneof(
  fc.array(challenge, { minLength: 1, maxLength: 3 }).map((cs) => cs.join(', ')),
  // The same, cut or spliced at a random place.
  fc.tuple(fc.array(challenge, { minLength: 1, maxLength: 3 }), fc.nat(), fc.string({ maxLength: 4 })).map(([cs, at, junk]) => {
    const whole = cs.join(', ');
    const cut = at % (whole.length + 1);
    return whole.slice(0, cut) + junk + whole.slice(cut + (at % 3));
  }),
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

describe('bad input (property-based): challenges and settings', () => {
  failOnUnhandledRejections();
  after(printCasesReport);

  it('WWW-Authenticate values: parsed challenges or a ChallengeError, and every parsed Bearer challenge is readable', () => {
    fc.assert(
      fc.property(header, fc.option(fc.constant(['https://management.azure.com/.default'])), (value, fallback) => {
        countCase('WWW-Authenticate challenges');
        let challenges;
        try {
          challenges = parseWwwAuthenticate(value);
        } catch (error) {
          expectTyped(error, ChallengeError, `parseWwwAuthenticate(${JSON.stringify(value)})`);
          return;
        }
        assert.ok(Array.isArray(challenges));
        for (const c of challenges) {
          assert.equal(typeof c.scheme, 'string');
          assert.ok(c.scheme.length > 0, 'a challenge has a scheme');
          for (const [name, v] of Object.entries(c.params)) {
            assert.equal(name, name.toLowerCase(), 'parameter names are lower-cased');
            assert.equal(typeof v, 'string');
          }
        }
        try {
          const bearer = readBearerChallenge(challenges);
          if (bearer?.claims !== undefined) JSON.parse(bearer.claims); // decoded claims are JSON text
          const request = challengeRequest(challenges, fallback ?? undefined);
          assert.ok(request.scopes.length > 0, 'a request names at least one scope');
        } catch (error) {
          expectTyped(error, ChallengeError, `reading ${JSON.stringify(value)}`);
        }
      }),
      { numRuns: PURE_RUNS },
    );
  });

  it('claims values: JSON text or a ChallengeError', () => {
    fc.assert(
      fc.property(fc.oneof(claimsJson, claimsJson.map((j) => Buffer.from(j).toString('base64url')), fc.string({ maxLength: 100 }), fc.base64String({ maxLength: 60 })), (value) => {
        countCase('claims values');
        try {
          JSON.parse(decodeClaims(value));
        } catch (error) {
          expectTyped(error, ChallengeError, `decodeClaims(${JSON.stringify(value)})`);
        }
      }),
      { numRuns: PURE_RUNS },
    );
  });

  it('settings values (any JSON under any azureIdentity key): valid settings or a SettingsError naming the setting', () => {
    const keys = ['cloud', 'tenant', 'clientId', 'customAuthorityHost', 'customResourceManagerEndpoint', 'signIn.methods', 'chain.order', 'chain.exclude', 'persistence', 'terminal.tokenEndpoint', 'statusBar.enabled'];
    const plausible: Record<string, fc.Arbitrary<unknown>> = {
      cloud: fc.constantFrom('AzureCloud', 'AzureChinaCloud', 'AzureUSGovernment', 'custom', 'azurecloud', ''),
      tenant: fc.constantFrom('organizations', 'common', 'e1a70000-0000-4000-8000-000000000001', 'contoso.onmicrosoft.com', ' ', 'a/b', '../x'),
      customAuthorityHost: fc.constantFrom('https://login.example.com', 'http://login.example.com', 'login.example.com', 'https://', 'https://user:pw@x.example', ''),
      customResourceManagerEndpoint: fc.constantFrom('https://management.example.com/', 'ftp://x', ''),
      'signIn.methods': fc.subarray([...SIGN_IN_METHODS, 'browser', 'vscode'] as string[]),
      'chain.order': fc.subarray([...SIGN_IN_METHODS, 'unknown'] as string[]),
      'chain.exclude': fc.subarray([...SIGN_IN_METHODS] as string[]),
    };
    const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined), fc.constant(null));
    const entry = (key: string) => (plausible[key] ? fc.oneof(plausible[key], anyValue) : anyValue);
    const section = fc.record(Object.fromEntries(keys.map((k) => [k, entry(k)])) as Record<string, fc.Arbitrary<unknown>>, { requiredKeys: [] });
    fc.assert(
      fc.property(section, (set) => {
        countCase('settings values');
        const configuration: ConfigurationReader = {
          get: <T>(key: string, fallback: T) => (key in set && set[key] !== undefined ? (set[key] as T) : fallback),
          inspect: (key: string) => (key in set && set[key] !== undefined ? { globalValue: set[key] } : {}),
        };
        let settings;
        try {
          settings = parseSettings(configuration);
        } catch (error) {
          expectTyped(error, SettingsError, `parseSettings(${JSON.stringify(set)})`);
          assert.match((error as SettingsError).message, /^Setting azureIdentity\.[\w.]+: /);
          assert.ok(keys.includes((error as SettingsError).setting), `names a real setting: ${(error as SettingsError).setting}`);
          return;
        }
        assert.match(settings.authorityHost, /^https:\/\/[^/@]+/, 'an https authority');
        assert.match(settings.resourceManagerEndpoint, /^https:\/\//, 'an https Resource Manager');
        assert.match(settings.tenant, /^[0-9a-zA-Z.-]+$/);
        assert.ok(typeof settings.clientId === 'string' && settings.clientId.length > 0);
        assert.ok(settings.signInMethods.length > 0 && settings.signInMethods.every((m) => (SIGN_IN_METHODS as readonly string[]).includes(m)), 'known methods only');
        for (const flag of [settings.persistence, settings.terminalTokenEndpoint, settings.statusBar]) assert.equal(typeof flag, 'boolean');
      }),
      { numRuns: PURE_RUNS },
    );
  });
});
