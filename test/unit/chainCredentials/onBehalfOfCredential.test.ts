// OnBehalfOfCredential against the emulator's jwt-bearer grant: a middle tier receives alice's token (issued
// to it) and trades it for a Graph token for alice, authenticating with a secret, a certificate or a client
// assertion; the authority's refusals of a wrong assertion; cancellation.
import * as assert from 'node:assert/strict';
import { ClientSecretCredential } from '../../../src/identity/credentials/clientSecretCredential';
import { OnBehalfOfCredential } from '../../../src/identity/credentials/onBehalfOfCredential';
import { UsernamePasswordCredential } from '../../../src/identity/credentials/usernamePasswordCredential';
import { AbortError, ClientAuthenticationError, InvalidArgumentError } from '../../../src/identity/errors';
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  DEFAULT_PASSWORD,
  DEFAULT_PUBLIC_CLIENT_ID,
  DEFAULT_TENANT_ID,
  DEFAULT_USER_OBJECT_ID,
  DEFAULT_USERNAME,
  DEFAULT_WORKLOAD_ISSUER,
  DEFAULT_WORKLOAD_SUBJECT,
} from '../../emulator/defaults';
import { expectError, tokenClaims } from './support/assertions';
import { useSharedEmulator } from './support/emulator';
import { useCleanEnvironment } from './support/environment';

const GRAPH = 'https://graph.microsoft.com/User.Read';
const MIDDLE_TIER_SCOPE = `api://${DEFAULT_CLIENT_ID}/access_as_user`;
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const FAST_RETRY = { maxRetries: 1, retryDelayInMs: 10 };

describe('identity2: OnBehalfOfCredential', function () {
  this.timeout(30_000);
  const emulator = useSharedEmulator();
  useCleanEnvironment();

  /** alice's token for the middle tier (what a client app would send it), from the public app. */
  async function userAssertion(scope = MIDDLE_TIER_SCOPE): Promise<string> {
    const token = await new UsernamePasswordCredential(DEFAULT_TENANT_ID, DEFAULT_PUBLIC_CLIENT_ID, DEFAULT_USERNAME, DEFAULT_PASSWORD).getToken(scope);
    await emulator().client.clearRequests();
    return token.token;
  }

  function oboRequests() {
    return emulator().client.requests({ endpoint: 'token', grantType: JWT_BEARER });
  }

  it('trades the user’s token for a downstream token of the same user, with a client secret', async () => {
    const assertion = await userAssertion();
    const credential = new OnBehalfOfCredential({ tenantId: DEFAULT_TENANT_ID, clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET, userAssertionToken: assertion });
    const token = await credential.getToken(GRAPH);
    const claims = tokenClaims(token.token);
    assert.equal(claims.oid, DEFAULT_USER_OBJECT_ID);
    assert.equal(claims.upn, DEFAULT_USERNAME);
    assert.equal(claims.appid, DEFAULT_CLIENT_ID, 'issued to the middle tier');
    assert.equal(claims.idtyp, 'user');
    const [request] = await oboRequests();
    assert.equal(request?.form?.requested_token_use, 'on_behalf_of');
    assert.ok(request?.form?.assertion === assertion, 'the user’s token was the assertion (compared as a boolean)');
    assert.match(request?.form?.scope ?? '', /https:\/\/graph\.microsoft\.com\/User\.Read/);
    await credential.getToken(GRAPH);
    assert.equal((await oboRequests()).length, 1, 'the second call was served from cache');
  });

  it('authenticates the middle tier with its certificate', async () => {
    const assertion = await userAssertion();
    const { defaultClientCertificatePath } = await emulator().client.info();
    const token = await new OnBehalfOfCredential({ tenantId: DEFAULT_TENANT_ID, clientId: DEFAULT_CLIENT_ID, certificatePath: defaultClientCertificatePath, userAssertionToken: assertion }).getToken(GRAPH);
    assert.equal(tokenClaims(token.token).oid, DEFAULT_USER_OBJECT_ID);
    assert.equal(tokenClaims(token.token).appidacr, '2', 'a certificate-authenticated client');
    const [request] = await oboRequests();
    assert.ok(request?.form?.client_assertion, 'a signed client assertion was sent');
    assert.equal(request?.form?.client_secret, undefined);
  });

  it('authenticates the middle tier with a client assertion (a federated token)', async () => {
    const assertion = await userAssertion();
    const federated = await emulator().client.issueFederatedToken({ issuer: DEFAULT_WORKLOAD_ISSUER, subject: DEFAULT_WORKLOAD_SUBJECT });
    const token = await new OnBehalfOfCredential({
      tenantId: DEFAULT_TENANT_ID,
      clientId: DEFAULT_CLIENT_ID,
      getAssertion: () => Promise.resolve(federated),
      userAssertionToken: assertion,
    }).getToken(GRAPH);
    assert.equal(tokenClaims(token.token).oid, DEFAULT_USER_OBJECT_ID);
    const [request] = await oboRequests();
    assert.ok(request?.form?.client_assertion === federated, 'the federated token authenticated the client');
  });

  it('is refused (AADSTS50013) for a user token issued to another resource, without the token in the message', async () => {
    const assertion = await userAssertion('https://management.azure.com/.default');
    const error = await expectError(
      new OnBehalfOfCredential({ tenantId: DEFAULT_TENANT_ID, clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET, userAssertionToken: assertion }).getToken(GRAPH),
      ClientAuthenticationError,
    );
    assert.match(error.message, /AADSTS50013: Assertion audience does not match the Client app presenting the assertion/);
    assert.ok(!error.message.includes(assertion));
  });

  it('is refused for an app-only token and for something that is not a JWT', async () => {
    const appToken = (await new ClientSecretCredential(DEFAULT_TENANT_ID, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET).getToken(`api://${DEFAULT_CLIENT_ID}/.default`)).token;
    const appOnly = new OnBehalfOfCredential({ tenantId: DEFAULT_TENANT_ID, clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET, userAssertionToken: appToken });
    assert.match((await expectError(appOnly.getToken(GRAPH), ClientAuthenticationError)).message, /AADSTS50013: .*app-only token/);
    const garbage = new OnBehalfOfCredential({ tenantId: DEFAULT_TENANT_ID, clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET, userAssertionToken: 'not-a-jwt' });
    assert.match((await expectError(garbage.getToken(GRAPH), ClientAuthenticationError)).message, /AADSTS50027/);
  });

  it('fails with the authority’s error for a wrong middle-tier secret', async () => {
    const assertion = await userAssertion();
    const error = await expectError(
      new OnBehalfOfCredential({ tenantId: DEFAULT_TENANT_ID, clientId: DEFAULT_CLIENT_ID, clientSecret: 'wrong-secret', userAssertionToken: assertion }).getToken(GRAPH),
      ClientAuthenticationError,
    );
    assert.match(error.message, /AADSTS7000215/);
    assert.ok(!error.message.includes('wrong-secret'));
  });

  it('checks its options at construction: one client credential, a user assertion', () => {
    const base = { tenantId: DEFAULT_TENANT_ID, clientId: DEFAULT_CLIENT_ID, userAssertionToken: 'x' };
    assert.throws(() => new OnBehalfOfCredential(base as never), (e: unknown) => e instanceof InvalidArgumentError && /one of clientSecret, certificatePath, or a getAssertion callback/.test(e.message));
    assert.throws(() => new OnBehalfOfCredential({ ...base, clientSecret: 's', certificatePath: '/c.pem' } as never), /only one of clientSecret, certificatePath or getAssertion/);
    assert.throws(() => new OnBehalfOfCredential({ ...base, userAssertionToken: '', clientSecret: 's' }), /userAssertionToken is required/);
    assert.throws(() => new OnBehalfOfCredential({ ...base, tenantId: 'not a tenant!', clientSecret: 's' }), InvalidArgumentError);
  });

  it('is cancelled by the abort signal while the authority does not answer', async () => {
    const assertion = await userAssertion();
    await emulator().client.addFault({ endpoint: 'token', action: { type: 'hang' } });
    const controller = new AbortController();
    const pending = new OnBehalfOfCredential({
      tenantId: DEFAULT_TENANT_ID,
      clientId: DEFAULT_CLIENT_ID,
      clientSecret: DEFAULT_CLIENT_SECRET,
      userAssertionToken: assertion,
      retryOptions: FAST_RETRY,
    }).getToken(GRAPH, { abortSignal: controller.signal });
    for (let i = 0; i < 100 && (await oboRequests()).length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    await expectError(pending, AbortError);
  });
});
