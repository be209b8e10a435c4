// The AccountService in plain Node, against the Entra ID emulator: real sign-ins (InteractiveBrowserCredential
// with a stand-in browser that follows the emulator's redirect), real MSAL caches in an in-memory SecretStore,
// and real Resource Manager `GET /tenants`. Two services over one store behave as two windows of one VS Code.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Account, AccountsChangeEvent, DefaultAccountReassigned, TokenHandOut } from '../../../src/vscode/accounts/accountServiceContract';
import { ACCOUNTS_KEY, AccountService, SET_ASIDE_KEY_PREFIX, type AccountServiceOptions } from '../../../src/vscode/accounts/accountService';
import { isAccountUnavailableError } from '../../../src/vscode/accounts/accountErrors';
import { FileSecretStore } from '../../../src/vscode/accounts/fileSecretStore';
import { MemorySecretStore, type AccountLogger } from '../../../src/vscode/accounts/secretStore';
import { TOKEN_CACHE_KEY } from '../../../src/vscode/accounts/secretStorageTokenCache';
import { DEFAULT_TENANT_ID, DEFAULT_USERNAME, SECOND_TENANT_ID, SECOND_USERNAME } from '../../emulator/defaults';
import { useFreshEmulator } from '../msalCredentials/support/emulator';
import { emulatorResourceManager, signInUser as signInEmulatorUser } from './support/signInUser';

class RecordingLogger implements AccountLogger {
  readonly lines: { level: string; message: string }[] = [];
  info(message: string): void {
    this.lines.push({ level: 'info', message });
  }
  warn(message: string): void {
    this.lines.push({ level: 'warn', message });
  }
  error(message: string): void {
    this.lines.push({ level: 'error', message });
  }
}

/** Collects every event a service fires. */
function record(service: AccountService) {
  const seen = { accounts: [] as AccountsChangeEvent[], defaults: [] as (Account | undefined)[], reassigned: [] as DefaultAccountReassigned[], handOuts: [] as TokenHandOut[], tokens: [] as string[] };
  service.onDidChangeAccounts((e) => seen.accounts.push(e));
  service.onDidChangeDefaultAccount((e) => seen.defaults.push(e));
  service.onDidReassignDefaultAccount((e) => seen.reassigned.push(e));
  service.onDidHandOutToken((e) => seen.handOuts.push(e));
  service.onDidChangeTokens((e) => seen.tokens.push(e.accountId));
  return seen;
}

/** Waits for the event loop to deliver queued SecretStore change events and the reloads they start. */
async function settle(...services: AccountService[]): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    await Promise.all(services.map((s) => s.ready()));
  }
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

describe('AccountService (emulator)', function () {
  const emulator = useFreshEmulator();
  const services: AccountService[] = [];
  let secrets: MemorySecretStore;
  let logger: RecordingLogger;

  const armEndpoint = () => emulatorResourceManager(emulator());
  const armScope = () => `${armEndpoint()}/.default`;

  function newService(options: Partial<AccountServiceOptions> = {}): AccountService {
    const service = new AccountService({ secrets, logger, prefetchTenants: false, ...options });
    services.push(service);
    return service;
  }

  /** Signs a user in as the sign-in flow does: a browser sign-in whose cache is the service's, then addAccount. */
  const signInUser = (service: AccountService, username = DEFAULT_USERNAME): Promise<Account> => signInEmulatorUser(service, emulator(), username);

  beforeEach(() => {
    secrets = new MemorySecretStore();
    logger = new RecordingLogger();
  });

  afterEach(() => {
    for (const service of services.splice(0)) service.dispose();
  });

  describe('the default account', () => {
    it('is the first account signed in, and signing in others or again does not demote it', async () => {
      const service = newService();
      const seen = record(service);
      const alice = await signInUser(service, DEFAULT_USERNAME);
      assert.equal((await service.getDefaultAccount())?.id, alice.id);
      assert.deepEqual(seen.defaults.map((a) => a?.label), [DEFAULT_USERNAME]);
      const bob = await signInUser(service, SECOND_USERNAME);
      await signInUser(service, DEFAULT_USERNAME);
      await signInUser(service, SECOND_USERNAME);
      assert.equal((await service.getDefaultAccount())?.id, alice.id, 'still alice');
      assert.deepEqual((await service.getAccounts()).map((a) => a.label), [DEFAULT_USERNAME, SECOND_USERNAME], 'one account per identity');
      assert.equal(seen.defaults.length, 1, 'the default never changed after the first sign-in');
      assert.notEqual(alice.id, bob.id);
    });

    it('is the one the person chose, kept across a reload', async () => {
      const first = newService();
      await signInUser(first, DEFAULT_USERNAME);
      const bob = await signInUser(first, SECOND_USERNAME);
      await first.setDefaultAccount(bob.id);
      const reloaded = newService();
      assert.equal((await reloaded.getDefaultAccount())?.label, SECOND_USERNAME);
    });

    it('signing out the default announces which account is now the default, and then that none is', async () => {
      const service = newService();
      const alice = await signInUser(service, DEFAULT_USERNAME);
      const bob = await signInUser(service, SECOND_USERNAME);
      const seen = record(service);
      await service.signOut(alice.id);
      assert.equal((await service.getDefaultAccount())?.id, bob.id);
      assert.deepEqual(seen.reassigned.map((r) => [r.previous.label, r.current?.label]), [[DEFAULT_USERNAME, SECOND_USERNAME]]);
      assert.deepEqual(seen.defaults.map((a) => a?.label), [SECOND_USERNAME]);
      assert.ok(logger.lines.some((l) => l.message.includes(`the default account is now ${SECOND_USERNAME}`)));
      await service.signOut(bob.id);
      assert.equal(await service.getDefaultAccount(), undefined);
      assert.deepEqual(seen.reassigned.map((r) => [r.previous.label, r.current?.label]), [[DEFAULT_USERNAME, SECOND_USERNAME], [SECOND_USERNAME, undefined]]);
    });

    it('signing out another account leaves the default alone and announces nothing', async () => {
      const service = newService();
      const alice = await signInUser(service, DEFAULT_USERNAME);
      const bob = await signInUser(service, SECOND_USERNAME);
      const seen = record(service);
      await service.signOut(bob.id);
      assert.equal((await service.getDefaultAccount())?.id, alice.id);
      assert.deepEqual(seen.reassigned, []);
      assert.deepEqual(seen.accounts.map((e) => e.removed.map((a) => a.label)), [[SECOND_USERNAME]]);
    });
  });

  describe('tokens', () => {
    it('without an account, rejects with a typed "not signed in" error an Azure SDK chain moves past', async () => {
      const service = newService();
      const error = await service.getToken(undefined, { scopes: [armScope()], consumer: { kind: 'tree' } }).then(() => undefined, (e: unknown) => e);
      assert.ok(isAccountUnavailableError(error), String(error));
      assert.equal((error as Error).name, 'CredentialUnavailableError');
      assert.equal((error as { code?: string }).code, 'noAccount');
      assert.match((error as Error).message, /Sign in/);
    });

    it('hands out the default account\'s token, records it in the inventory without the token, and tells cached from new', async () => {
      const service = newService();
      const alice = await signInUser(service, DEFAULT_USERNAME);
      const seen = record(service);
      const token = await service.getToken(undefined, { scopes: [armScope()], consumer: { kind: 'terminal', userAgent: 'azure-sdk-test', protocol: 'appService2019' } });
      assert.equal(token.accountId, alice.id);
      assert.equal(token.tenantId, DEFAULT_TENANT_ID);
      await service.getToken(alice.id, { scopes: [armScope()], consumer: { kind: 'tree' } });
      const [entry, ...others] = service.getTokens(alice.id);
      assert.equal(others.length, 0, 'one entry for one scope in one tenant');
      assert.deepEqual(entry.scopes, [armScope()]);
      assert.equal(entry.resource, armEndpoint());
      assert.equal(entry.tenantId, DEFAULT_TENANT_ID);
      assert.equal(entry.expiresOnTimestamp, token.expiresOnTimestamp);
      assert.ok(entry.expiresOnTimestamp > Date.now() + 30 * 60_000, 'about an hour left');
      assert.ok(entry.refreshAfterTimestamp !== undefined && entry.refreshAfterTimestamp < entry.expiresOnTimestamp);
      assert.equal(entry.claims.upn, DEFAULT_USERNAME);
      assert.equal(entry.claims.tid, DEFAULT_TENANT_ID);
      assert.equal(entry.claims.scp, 'user_impersonation');
      assert.ok(entry.claims.oid);
      assert.ok(!JSON.stringify(service.getTokens(alice.id)).includes(token.token), 'the inventory never holds the token');
      assert.ok(!JSON.stringify(service.getTokens(alice.id)).includes(token.token.split('.')[2]), 'nor its signature');
      assert.deepEqual(seen.handOuts.map((h) => [h.consumer.kind, h.account.label, h.tenantId]), [['terminal', DEFAULT_USERNAME, DEFAULT_TENANT_ID], ['tree', DEFAULT_USERNAME, DEFAULT_TENANT_ID]]);
      assert.equal(seen.handOuts[1]?.cached, true, 'the second hand-out is the same token');
    });

    it('after a reload the account still gives tokens, from the stored cache (no sign-in, no no_tokens_found)', async () => {
      const first = newService();
      const alice = await signInUser(first, DEFAULT_USERNAME);
      const issued = await first.getToken(alice.id, { scopes: [armScope()], consumer: { kind: 'tree' } });
      first.dispose();
      const before = (await emulator().tokenRequests()).length;
      const reloaded = newService();
      const again = await reloaded.getToken(undefined, { scopes: [armScope()], consumer: { kind: 'tree' } });
      assert.equal(again.token, issued.token, 'served from the cache the sign-in stored');
      assert.equal((await emulator().tokenRequests()).length, before, 'no request to the authority');
      // A scope never asked for before: the stored refresh token gets it silently.
      const graph = await reloaded.getToken(undefined, { scopes: ['https://graph.microsoft.com/.default'], consumer: { kind: 'tree' } });
      assert.ok(graph.token);
      const [refresh] = (await emulator().tokenRequests()).slice(before);
      assert.equal(refresh?.form?.grant_type, 'refresh_token');
    });

    it('two accounts\' credentials share the stored cache without losing each other\'s tokens', async () => {
      const first = newService();
      await signInUser(first, DEFAULT_USERNAME);
      await signInUser(first, SECOND_USERNAME);
      first.dispose();
      const reloaded = newService();
      for (const account of await reloaded.getAccounts()) {
        const token = await reloaded.getToken(account.id, { scopes: [armScope()], consumer: { kind: 'tree' } });
        assert.equal(reloaded.getTokens(account.id)[0]?.claims.upn, account.label, `${account.label} got its own token`);
        assert.ok(token.token);
      }
    });

    it('a forced refresh gets a new token from the authority and updates the inventory', async () => {
      const service = newService();
      const alice = await signInUser(service, DEFAULT_USERNAME);
      const cached = await service.getToken(alice.id, { scopes: [armScope()], consumer: { kind: 'tree' } });
      const before = (await emulator().tokenRequests()).length;
      const seen = record(service);
      const fresh = await service.getToken(alice.id, { scopes: [armScope()], forceRefresh: true, consumer: { kind: 'tree' } });
      assert.notEqual(fresh.token, cached.token);
      const requests = (await emulator().tokenRequests()).slice(before);
      assert.deepEqual(requests.map((r) => r.form?.grant_type), ['refresh_token']);
      assert.deepEqual(seen.tokens, [alice.id]);
      assert.equal(service.getTokens(alice.id).length, 1);
      assert.equal(seen.handOuts[0]?.cached, false);
    });

    it('a token for another tenant is one that tenant issued, and is listed apart', async () => {
      const service = newService();
      const alice = await signInUser(service, DEFAULT_USERNAME);
      const token = await service.getToken(alice.id, { scopes: [armScope()], tenantId: SECOND_TENANT_ID, consumer: { kind: 'tree' } });
      assert.equal(token.tenantId, SECOND_TENANT_ID);
      await service.getToken(alice.id, { scopes: [armScope()], consumer: { kind: 'tree' } });
      assert.deepEqual(service.getTokens(alice.id).map((t) => t.tenantId).sort(), [DEFAULT_TENANT_ID, SECOND_TENANT_ID].sort());
    });

    it('the default tenant the person chose is where tokens come from when a request names none', async () => {
      const service = newService();
      const alice = await signInUser(service, DEFAULT_USERNAME);
      await service.setDefaultTenant(alice.id, SECOND_TENANT_ID);
      assert.equal((await service.getDefaultAccount())?.defaultTenantId, SECOND_TENANT_ID);
      const token = await service.getToken(undefined, { scopes: [armScope()], consumer: { kind: 'tree' } });
      assert.equal(token.tenantId, SECOND_TENANT_ID);
      await service.setDefaultTenant(alice.id, undefined);
      assert.equal((await service.getToken(undefined, { scopes: [armScope()], consumer: { kind: 'tree' } })).tenantId, DEFAULT_TENANT_ID);
    });

    it('signing out removes the account\'s tokens from the stored cache', async () => {
      const service = newService();
      const alice = await signInUser(service, DEFAULT_USERNAME);
      await signInUser(service, SECOND_USERNAME);
      const oid = alice.id.split('.')[0];
      assert.ok((await secrets.get(TOKEN_CACHE_KEY))?.includes(oid));
      await service.signOut(alice.id);
      assert.ok(!(await secrets.get(TOKEN_CACHE_KEY))?.includes(oid), 'alice is gone from the MSAL cache');
      assert.ok((await secrets.get(TOKEN_CACHE_KEY))?.includes(SECOND_USERNAME), 'bob stays');
      assert.deepEqual(service.getTokens(alice.id), []);
      await assert.rejects(service.getToken(alice.id, { scopes: [armScope()], consumer: { kind: 'tree' } }), (e: unknown) => isAccountUnavailableError(e) && e.code === 'unknownAccount');
    });
  });

  describe('tenants', () => {
    it('lists the tenants Resource Manager names, signed in where a silent token can be had, with the home tenant\'s name kept', async () => {
      const service = newService();
      const alice = await signInUser(service, DEFAULT_USERNAME);
      const tenants = await service.getTenants(alice.id);
      assert.deepEqual(tenants.map((t) => [t.tenantId, t.state]), [[DEFAULT_TENANT_ID, 'signedIn'], [SECOND_TENANT_ID, 'signedIn']]);
      assert.equal(tenants[0]?.defaultDomain, 'contoso.onmicrosoft.com');
      assert.ok(tenants[0]?.displayName);
      assert.equal((await service.getAccount(alice.id))?.homeTenantName, tenants[0]?.displayName, 'labels can show the name, not a GUID');
    });

    it('are listed right after a sign-in, so the account is labelled with its home tenant\'s name', async () => {
      const service = newService({ prefetchTenants: true });
      const named = new Promise<string | undefined>((resolve) => service.onDidChangeAccounts((e) => e.changed[0]?.homeTenantName && resolve(e.changed[0].homeTenantName)));
      const alice = await signInUser(service, DEFAULT_USERNAME);
      assert.equal(await named, 'Contoso (emulator)');
      assert.equal((await service.getAccount(alice.id))?.homeTenantName, 'Contoso (emulator)');
    });

    it('marks a tenant that needs multi-factor authentication "sign in required", with the reason', async () => {
      const service = newService();
      const alice = await signInUser(service, DEFAULT_USERNAME);
      await emulator().client.addFault({ endpoint: 'token', tenant: SECOND_TENANT_ID, times: 0, action: { type: 'claimsChallenge', claims: '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}' } });
      const changes: string[] = [];
      service.onDidChangeTenants((e) => changes.push(e.accountId));
      const tenants = await service.getTenants(alice.id);
      const fabrikam = tenants.find((t) => t.tenantId === SECOND_TENANT_ID);
      assert.equal(fabrikam?.state, 'signInRequired');
      assert.match(fabrikam?.reason ?? '', /sign in/i);
      assert.equal(tenants.find((t) => t.tenantId === DEFAULT_TENANT_ID)?.state, 'signedIn');
      assert.deepEqual(changes, [alice.id]);
      assert.equal((await emulator().client.requests({ endpoint: 'authorize' })).length, 1, 'finding out never opened a sign-in page');
      await emulator().client.clearFaults();
      assert.equal((await service.getTenants(alice.id)).find((t) => t.tenantId === SECOND_TENANT_ID)?.state, 'signInRequired', 'cached until refreshed');
      assert.equal((await service.getTenants(alice.id, { refresh: true })).find((t) => t.tenantId === SECOND_TENANT_ID)?.state, 'signedIn');
    });
  });

  describe('several windows', () => {
    it('a sign-in, a new default and a sign-out in one window reach the other', async () => {
      const one = newService();
      const two = newService();
      const seenByTwo = record(two);
      const alice = await signInUser(one, DEFAULT_USERNAME);
      const bob = await signInUser(one, SECOND_USERNAME);
      await one.setDefaultAccount(bob.id);
      await settle(one, two);
      assert.deepEqual((await two.getAccounts()).map((a) => a.id), [alice.id, bob.id]);
      assert.equal((await two.getDefaultAccount())?.id, bob.id);
      assert.ok(seenByTwo.accounts.length >= 1);
      await one.signOut(bob.id);
      await settle(one, two);
      assert.equal((await two.getDefaultAccount())?.id, alice.id);
      assert.deepEqual(seenByTwo.reassigned, [], 'only the window that signed out announces the new default');
      assert.equal((await two.getToken(undefined, { scopes: [armScope()], consumer: { kind: 'tree' } })).accountId, alice.id, 'the other window gets tokens for it');
    });

    it('two windows signing in and out at the same time end with the same accounts and default', async () => {
      const one = newService();
      const two = newService();
      const alice = await signInUser(one, DEFAULT_USERNAME);
      await settle(one, two);
      await Promise.all([signInUser(two, SECOND_USERNAME), one.setDefaultAccount(alice.id), two.getAccounts()]);
      await Promise.all([one.signOut(alice.id), signInUser(two, DEFAULT_USERNAME)]);
      await settle(one, two);
      const a = (await one.getAccounts()).map((x) => x.id).sort();
      const b = (await two.getAccounts()).map((x) => x.id).sort();
      assert.deepEqual(a, b);
      assert.equal((await one.getDefaultAccount())?.id, (await two.getDefaultAccount())?.id);
      assert.ok(a.length >= 1);
    });
  });

  describe('several windows of code-server (the file store)', () => {
    // code-server's SecretStorage is per window (fileSecretStore.ts says why): there each window has its own
    // FileSecretStore over one folder, as each window's extension host has.
    const dirs: string[] = [];
    const stores: FileSecretStore[] = [];
    function windowStore(dir: string): FileSecretStore {
      const store = new FileSecretStore(dir, { logger });
      stores.push(store);
      return store;
    }
    afterEach(() => {
      for (const store of stores.splice(0)) store.dispose();
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    });
    function newDir(): string {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'accounts-store-'));
      dirs.push(dir);
      return dir;
    }
    /** Until both windows list the same accounts and default (the other window hears of a change through fs.watch). */
    async function converged(one: AccountService, two: AccountService, expected: string[]): Promise<void> {
      for (let i = 0; i < 400; i++) {
        const [a, b] = [(await one.getAccounts()).map((x) => x.id).sort(), (await two.getAccounts()).map((x) => x.id).sort()];
        if (sameIds(a, expected) && sameIds(b, expected) && (await one.getDefaultAccount())?.id === (await two.getDefaultAccount())?.id) return;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }

    it('a sign-in, a new default and a sign-out in one window reach the other, which then gets tokens for it', async () => {
      const dir = newDir();
      const one = newService({ secrets: windowStore(dir) });
      const two = newService({ secrets: windowStore(dir) });
      await two.ready();
      const alice = await signInUser(one, DEFAULT_USERNAME);
      const bob = await signInUser(one, SECOND_USERNAME);
      await one.setDefaultAccount(bob.id);
      await converged(one, two, [alice.id, bob.id].sort());
      assert.deepEqual((await two.getAccounts()).map((a) => a.id), [alice.id, bob.id]);
      assert.equal((await two.getDefaultAccount())?.id, bob.id);
      assert.equal((await two.getToken(bob.id, { scopes: [armScope()], consumer: { kind: 'tree' } })).accountId, bob.id, 'the other window gets tokens from the shared cache');
      await one.signOut(bob.id);
      await converged(one, two, [alice.id]);
      assert.equal((await two.getDefaultAccount())?.id, alice.id);
    });

    it('two windows signing in and out at the same time end with the same accounts and default, and a third window opened later agrees', async () => {
      const dir = newDir();
      const one = newService({ secrets: windowStore(dir) });
      const two = newService({ secrets: windowStore(dir) });
      const alice = await signInUser(one, DEFAULT_USERNAME);
      await converged(one, two, [alice.id]);
      const [bob] = await Promise.all([signInUser(two, SECOND_USERNAME), one.setDefaultAccount(alice.id)]);
      await Promise.all([one.signOut(alice.id), two.setDefaultAccount(bob.id)]);
      await converged(one, two, [bob.id]);
      const a = (await one.getAccounts()).map((x) => x.id).sort();
      assert.deepEqual(a, [bob.id], 'no write of one window was lost to the other');
      assert.deepEqual((await two.getAccounts()).map((x) => x.id).sort(), a);
      assert.equal((await one.getDefaultAccount())?.id, bob.id);
      assert.equal((await two.getDefaultAccount())?.id, bob.id);
      const three = newService({ secrets: windowStore(dir) });
      assert.deepEqual((await three.getAccounts()).map((x) => x.id), [bob.id]);
      assert.equal((await three.getToken(undefined, { scopes: [armScope()], consumer: { kind: 'tree' } })).accountId, bob.id, 'after a reload the account still gives tokens');
    });
  });

  describe('stored records', () => {
    it('a corrupt record is set aside with a warning, and the other accounts are kept', async () => {
      const seed = newService();
      const alice = await signInUser(seed, DEFAULT_USERNAME);
      seed.dispose();
      const stored = JSON.parse((await secrets.get(ACCOUNTS_KEY)) ?? '{}') as { accounts: unknown[] };
      stored.accounts.push({ id: 'broken', label: 42 });
      await secrets.store(ACCOUNTS_KEY, JSON.stringify(stored));
      const service = newService();
      assert.deepEqual((await service.getAccounts()).map((a) => a.id), [alice.id]);
      const warning = logger.lines.find((l) => l.level === 'warn');
      assert.match(warning?.message ?? '', /1 stored account record\(s\) could not be read; they were set aside/);
      const setAside = secrets.keys().filter((k) => k.startsWith(SET_ASIDE_KEY_PREFIX));
      assert.equal(setAside.length, 1);
      assert.match((await secrets.get(setAside[0] ?? '')) ?? '', /broken/);
      assert.ok(!(await secrets.get(ACCOUNTS_KEY))?.includes('broken'), 'the stored document no longer holds it');
      assert.ok((await service.getToken(undefined, { scopes: [armScope()], consumer: { kind: 'tree' } })).token);
    });

    it('a document that is not JSON at all is set aside whole', async () => {
      await secrets.store(ACCOUNTS_KEY, '{not json');
      const service = newService();
      assert.deepEqual(await service.getAccounts(), []);
      assert.equal(secrets.keys().filter((k) => k.startsWith(SET_ASIDE_KEY_PREFIX)).length, 1);
      assert.ok(logger.lines.some((l) => l.level === 'warn'));
    });

    it('reads the version 1 list of accounts, the first one being the default', async () => {
      const seed = newService();
      await signInUser(seed, DEFAULT_USERNAME);
      await signInUser(seed, SECOND_USERNAME);
      seed.dispose();
      const v2 = JSON.parse((await secrets.get(ACCOUNTS_KEY)) ?? '{}') as { accounts: Record<string, unknown>[] };
      const v1 = v2.accounts.map(({ homeTenantId, cloud: _cloud, kind: _kind, ...rest }) => ({ ...rest, tenantId: homeTenantId }));
      await secrets.store(ACCOUNTS_KEY, JSON.stringify(v1));
      const service = newService();
      assert.deepEqual((await service.getAccounts()).map((a) => [a.label, a.kind, a.homeTenantId]), [[DEFAULT_USERNAME, 'user', DEFAULT_TENANT_ID], [SECOND_USERNAME, 'user', DEFAULT_TENANT_ID]]);
      assert.equal((await service.getDefaultAccount())?.label, DEFAULT_USERNAME);
    });
  });

  describe('persistence off', () => {
    it('keeps accounts and tokens for this window only: nothing reaches the secret store', async () => {
      const service = newService({ persistence: false });
      const alice = await signInUser(service, DEFAULT_USERNAME);
      assert.ok((await service.getToken(alice.id, { scopes: [armScope()], consumer: { kind: 'tree' } })).token);
      assert.deepEqual(secrets.keys(), []);
      assert.deepEqual(await newService().getAccounts(), [], 'a new window sees none');
    });

    it('turned off while running, moves what was stored into the window and removes it from the store', async () => {
      const service = newService();
      const alice = await signInUser(service, DEFAULT_USERNAME);
      await service.setPersistence(false);
      assert.deepEqual(secrets.keys(), []);
      assert.equal((await service.getDefaultAccount())?.id, alice.id);
      assert.ok((await service.getToken(alice.id, { scopes: ['https://graph.microsoft.com/.default'], consumer: { kind: 'tree' } })).token, 'the refresh token moved with it');
      await service.setPersistence(true);
      assert.deepEqual(secrets.keys().sort(), [ACCOUNTS_KEY, TOKEN_CACHE_KEY].sort());
    });
  });
});
