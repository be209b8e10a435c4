// A token is only ever served for the tenant that issued it. The emulator's alice is a member of the
// default tenant (Contoso) and a guest of the second (Fabrikam); as Entra does, a guest token carries the
// resource tenant's `tid`. For each credential kind: a token for the home tenant, then one for the other
// tenant (`getToken(scope, { tenantId })`), then both again from the cache; each must carry the `tid` of the
// tenant it was asked for, and the other tenant's token must come from a request to that tenant.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AuthorizationCodeCredential } from '../../../src/identity/credentials/authorizationCodeCredential';
import { CertificateCredential } from '../../../src/identity/credentials/certificateCredential';
import { ClientSecretCredential } from '../../../src/identity/credentials/clientSecretCredential';
import { DeviceCodeCredential } from '../../../src/identity/credentials/deviceCodeCredential';
import { InteractiveBrowserCredential } from '../../../src/identity/credentials/interactiveBrowserCredential';
import { SharedTokenCacheCredential } from '../../../src/identity/credentials/sharedTokenCacheCredential';
import { UsernamePasswordCredential } from '../../../src/identity/credentials/usernamePasswordCredential';
import type { AccessToken, GetTokenOptions, TokenCredential } from '../../../src/identity/types';
import { AZURE_CLI_CLIENT_ID, DEFAULT_PASSWORD, DEFAULT_TENANT_ID, DEFAULT_USERNAME, SECOND_TENANT_ID } from '../../emulator/defaults';
import { pemKeyAfterCertificate, selfSignedCertificate } from './support/certificates';
import { useFreshEmulator, type TestEmulator } from './support/emulator';
import { fakeBrowser, get } from './support/fakeBrowser';
import type { PersistenceStep, PersistenceStepResult } from './support/persistenceChild';

const ARM = 'https://management.azure.com/.default';
const MULTI_TENANT_SECRET = 'emulator-fake-multi-tenant-secret';

function tid(token: AccessToken | null): unknown {
  return (JSON.parse(Buffer.from((token?.token ?? '').split('.')[1] ?? '', 'base64url').toString('utf8')) as { tid?: unknown }).tid;
}

describe('a token is served only for the tenant that issued it (emulator)', function () {
  this.timeout(30_000);
  const emulator = useFreshEmulator();
  let directory: string;
  before(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'azid-tenant-'));
  });
  after(() => fs.rmSync(directory, { recursive: true, force: true }));

  /**
   * Home tenant, other tenant, then both again: each token's `tid` is the tenant asked for, the other tenant
   * was asked at the authority, and the repeats are served from the cache.
   */
  async function assertTenantIsolation(credential: TokenCredential, home: { tenantId?: string; expectedTid: string } = { expectedTid: DEFAULT_TENANT_ID }): Promise<void> {
    const homeOptions: GetTokenOptions | undefined = home.tenantId ? { tenantId: home.tenantId } : undefined;
    const first = await credential.getToken(ARM, homeOptions);
    assert.equal(tid(first), home.expectedTid, 'the home tenant’s token');
    const before = (await emulator().tokenRequests()).length;

    const other = await credential.getToken(ARM, { tenantId: SECOND_TENANT_ID });
    assert.equal(tid(other), SECOND_TENANT_ID, 'the other tenant’s token carries the other tenant’s tid (not the cached home token)');
    const asked = (await emulator().tokenRequests()).slice(before);
    assert.ok(asked.some((r) => r.tenant === SECOND_TENANT_ID && r.status === 200), `a request reached the other tenant: ${JSON.stringify(asked.map((r) => [r.tenant, r.form?.grant_type, r.status]))}`);

    const count = (await emulator().tokenRequests()).length;
    assert.equal(tid(await credential.getToken(ARM, homeOptions)), home.expectedTid, 'the home tenant again: its own token');
    assert.equal(tid(await credential.getToken(ARM, { tenantId: SECOND_TENANT_ID })), SECOND_TENANT_ID, 'the other tenant again: its own token');
    assert.equal((await emulator().tokenRequests()).length, count, 'both came from the cache');
  }

  /** The other tenant first, then the home tenant: the home call must not get the other tenant's token. */
  async function assertOtherTenantFirst(credential: TokenCredential, expectedHomeTid = DEFAULT_TENANT_ID): Promise<void> {
    assert.equal(tid(await credential.getToken(ARM, { tenantId: SECOND_TENANT_ID })), SECOND_TENANT_ID);
    assert.equal(tid(await credential.getToken(ARM)), expectedHomeTid, 'a plain call after another tenant’s token gets the home tenant’s');
  }

  async function multiTenantApp(extra: { secrets?: string[]; certificates?: string[] }): Promise<string> {
    const app = await emulator().client.addApp({ tenantId: DEFAULT_TENANT_ID, displayName: 'multi-tenant test app', anyTenant: true, ...extra });
    return app.clientId;
  }

  it('ClientSecretCredential', async () => {
    const clientId = await multiTenantApp({ secrets: [MULTI_TENANT_SECRET] });
    const credential = () => new ClientSecretCredential(DEFAULT_TENANT_ID, clientId, MULTI_TENANT_SECRET, { ...emulator().authorityOptions, additionallyAllowedTenants: ['*'] });
    await assertTenantIsolation(credential());
    await assertOtherTenantFirst(credential());
  });

  it('CertificateCredential', async () => {
    const certificate = selfSignedCertificate();
    const clientId = await multiTenantApp({ certificates: [certificate.certificatePem] });
    const file = path.join(directory, 'cert.pem');
    fs.writeFileSync(file, pemKeyAfterCertificate(certificate), { mode: 0o600 });
    const credential = () => new CertificateCredential(DEFAULT_TENANT_ID, clientId, file, { ...emulator().authorityOptions, additionallyAllowedTenants: ['*'] });
    await assertTenantIsolation(credential());
    await assertOtherTenantFirst(credential());
  });

  it('UsernamePasswordCredential', async () => {
    const credential = () =>
      new UsernamePasswordCredential(DEFAULT_TENANT_ID, AZURE_CLI_CLIENT_ID, DEFAULT_USERNAME, DEFAULT_PASSWORD, { ...emulator().authorityOptions, additionallyAllowedTenants: ['*'] });
    await assertTenantIsolation(credential());
    await assertOtherTenantFirst(credential());
  });

  it('DeviceCodeCredential, configured for a tenant and for "organizations"', async () => {
    const approve = (info: { userCode: string }): void => void emulator().client.approveDeviceCode(info.userCode);
    const credential = (tenantId?: string) => new DeviceCodeCredential({ ...emulator().authorityOptions, tenantId, additionallyAllowedTenants: ['*'], userPromptCallback: approve });
    await assertTenantIsolation(credential(DEFAULT_TENANT_ID));
    await assertOtherTenantFirst(credential(DEFAULT_TENANT_ID));
    // "organizations": the home tenant is the one the user signs in to; another tenant is still its own.
    await assertTenantIsolation(credential());
    await assertOtherTenantFirst(credential());
  });

  it('InteractiveBrowserCredential', async () => {
    const credential = () =>
      new InteractiveBrowserCredential({ ...emulator().authorityOptions, tenantId: DEFAULT_TENANT_ID, additionallyAllowedTenants: ['*'], browserOpener: fakeBrowser().open });
    await assertTenantIsolation(credential());
    await assertOtherTenantFirst(credential());
  });

  it('AuthorizationCodeCredential', async () => {
    const redirect = 'http://localhost:8400/callback';
    // The seeded public app is registered in the home tenant only: the other tenant needs one every tenant accepts.
    const { clientId } = await emulator().client.addApp({ tenantId: DEFAULT_TENANT_ID, displayName: 'multi-tenant public app', publicClient: true, anyTenant: true, redirectUris: ['http://localhost'] });
    const url = new URL(`${emulator().authorityHost}/${DEFAULT_TENANT_ID}/oauth2/v2.0/authorize`);
    url.search = new URLSearchParams({ client_id: clientId, response_type: 'code', redirect_uri: redirect, scope: `${ARM} openid profile offline_access`, state: 's' }).toString();
    const code = new URL((await get(url.toString())).headers.location ?? 'http://x/').searchParams.get('code') ?? '';
    const credential = new AuthorizationCodeCredential(DEFAULT_TENANT_ID, clientId, code, redirect, { ...emulator().authorityOptions, additionallyAllowedTenants: ['*'] });
    await assertTenantIsolation(credential);
  });

  describe('SharedTokenCacheCredential', () => {
    let home: string | undefined;
    let restoreHome: string | undefined;
    beforeEach(() => {
      restoreHome = process.env.HOME;
      home = fs.mkdtempSync(path.join(os.tmpdir(), 'azid-tenant-home-'));
      process.env.HOME = home;
    });
    afterEach(() => {
      process.env.HOME = restoreHome;
      if (home) fs.rmSync(home, { recursive: true, force: true });
    });

    it('serves a cached token only for its tenant and redeems the refresh token at the other', async () => {
      const name = 'azid-tenant-shared';
      const persistence = { enabled: true, name, allowUnencryptedStorage: true };
      signIn(emulator(), home ?? '', persistence);
      const credential = () => new SharedTokenCacheCredential({ ...emulator().authorityOptions, tokenCachePersistenceOptions: { name }, additionallyAllowedTenants: ['*'] });
      await assertTenantIsolation(credential());
      await assertOtherTenantFirst(credential());
    });

    it('chooses, among cached tokens of several tenants, the one of the tenant asked for', async () => {
      const name = 'azid-tenant-shared-both';
      const persistence = { enabled: true, name, allowUnencryptedStorage: true };
      const record = signIn(emulator(), home ?? '', persistence);
      // A second process redeems the refresh token at the other tenant: the cache now holds both tenants' tokens.
      signIn(emulator(), home ?? '', persistence, { action: 'silent', tenantId: SECOND_TENANT_ID, record });
      await emulator().client.clearRequests();
      const credential = new SharedTokenCacheCredential({ ...emulator().authorityOptions, tokenCachePersistenceOptions: { name }, additionallyAllowedTenants: ['*'] });
      assert.equal(tid(await credential.getToken(ARM)), DEFAULT_TENANT_ID, 'a plain call: the home tenant’s cached token');
      assert.equal(tid(await credential.getToken(ARM, { tenantId: SECOND_TENANT_ID })), SECOND_TENANT_ID, 'the other tenant’s cached token');
      assert.equal((await emulator().tokenRequests()).length, 0, 'both from the shared cache');
    });
  });
});

/**
 * Signs alice in with our persistent credential in a child process without a D-Bus session, so the cache is
 * the plaintext file under `home` (the unit suite's keyring holds one secret that other tests share).
 */
function signIn(emulator: TestEmulator, home: string, persistence: PersistenceStep['persistence'], overrides: Partial<PersistenceStep> = {}): string {
  const step: PersistenceStep = {
    action: 'authenticate', tenantId: DEFAULT_TENANT_ID, clientId: AZURE_CLI_CLIENT_ID, username: DEFAULT_USERNAME, password: DEFAULT_PASSWORD,
    scope: ARM, authorityOptions: emulator.authorityOptions, persistence, ...overrides,
  };
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
  delete env.DBUS_SESSION_BUS_ADDRESS;
  const child = spawnSync(process.execPath, [path.join(__dirname, 'support', 'persistenceChild.js'), JSON.stringify(step)], { env, encoding: 'utf8', timeout: 30_000 });
  const result = JSON.parse(child.stdout.trim().split('\n').pop() || '{}') as PersistenceStepResult;
  assert.ok(result.record || result.ok, `the step wrote the cache: ${result.error?.message ?? child.stderr.slice(0, 300)}`);
  return result.record ?? '';
}
