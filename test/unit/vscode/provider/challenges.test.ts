import assert from 'node:assert/strict';
import { ChallengeError, challengeRequest, decodeClaims, parseWwwAuthenticate, readBearerChallenge } from '../../../../src/vscode/provider/challenges';

const CLAIMS = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';
const REVOCATION = '{"access_token":{"nbf":{"essential":true, "value":"1604106651"}}}';
const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('WWW-Authenticate challenges', () => {
  it('parses ARM\'s claims challenge: quoted params, empty realm, base64 claims', () => {
    const header = `Bearer authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", realm="", error="insufficient_claims", error_description="A step-up is required", claims="${b64(CLAIMS)}"`;
    const [challenge, ...rest] = parseWwwAuthenticate(header);
    assert.equal(rest.length, 0);
    assert.equal(challenge.scheme, 'Bearer');
    assert.equal(challenge.params.realm, '');
    assert.equal(challenge.params.error, 'insufficient_claims');
    const bearer = readBearerChallenge([challenge]);
    assert.equal(bearer?.claims, CLAIMS);
    assert.equal(bearer?.error, 'insufficient_claims');
    assert.equal(bearer?.authorizationUri, 'https://login.microsoftonline.com/common/oauth2/authorize');
    assert.equal(bearer?.isRevocation, false);
  });

  it('reads several challenges, token68 and escaped quotes', () => {
    const challenges = parseWwwAuthenticate('Basic YWxhZGRpbjpvcGVu==, Negotiate, Bearer realm="a \\"quoted\\" realm", scope="https://management.azure.com/.default openid"');
    assert.deepEqual(challenges.map((c) => c.scheme), ['Basic', 'Negotiate', 'Bearer']);
    assert.equal(challenges[0].params[''], 'YWxhZGRpbjpvcGVu==');
    assert.equal(challenges[2].params.realm, 'a "quoted" realm');
    assert.deepEqual(readBearerChallenge(challenges)?.scopes, ['https://management.azure.com/.default', 'openid']);
  });

  it('reads an MCP server\'s resource_metadata, quoted or not', () => {
    assert.equal(readBearerChallenge(parseWwwAuthenticate('Bearer resource_metadata="http://127.0.0.1:1234/.well-known/oauth-protected-resource"'))?.resourceMetadata, 'http://127.0.0.1:1234/.well-known/oauth-protected-resource');
    assert.equal(readBearerChallenge(parseWwwAuthenticate('Bearer resource_metadata=http://127.0.0.1:1234/.well-known/oauth-protected-resource, error=invalid_token'))?.error, 'invalid_token');
  });

  it('accepts claims as raw JSON, base64 or base64url, and tells a revocation challenge apart', () => {
    assert.equal(decodeClaims(CLAIMS), CLAIMS);
    assert.equal(decodeClaims(b64(CLAIMS)), CLAIMS);
    assert.equal(decodeClaims(Buffer.from(CLAIMS).toString('base64url')), CLAIMS);
    const revocation = readBearerChallenge([{ scheme: 'bearer', params: { error: 'insufficient_claims', claims: b64(REVOCATION) } }]);
    assert.equal(revocation?.isRevocation, true);
    assert.throws(() => decodeClaims('not claims!'), ChallengeError);
    assert.throws(() => decodeClaims('{"broken'), ChallengeError);
    assert.throws(() => decodeClaims(b64('[1,2]')), ChallengeError);
  });

  it('throws a clear error for an unclosed quote', () => {
    assert.throws(() => parseWwwAuthenticate('Bearer realm="open'), /not closed/);
  });

  it('turns a constraint into scopes and claims: the challenge\'s scope, else the fallback scopes', () => {
    const withScope = challengeRequest([{ scheme: 'Bearer', params: { scope: 'api://x/.default', claims: b64(CLAIMS) } }], ['https://management.azure.com/.default']);
    assert.deepEqual(withScope.scopes, ['api://x/.default']);
    assert.equal(withScope.claims, CLAIMS);
    const fallback = challengeRequest([{ scheme: 'Bearer', params: { claims: CLAIMS } }], ['https://management.azure.com/.default']);
    assert.deepEqual(fallback.scopes, ['https://management.azure.com/.default']);
    assert.throws(() => challengeRequest([{ scheme: 'Bearer', params: {} }], undefined), /fallbackScopes/);
    assert.throws(() => challengeRequest([{ scheme: 'Basic', params: { realm: 'x' } }], ['a']), /no Bearer challenge \(schemes: Basic\)/);
  });
});
