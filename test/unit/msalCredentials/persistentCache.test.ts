// The persistent token cache, each step in its own process: a plaintext cache (when allowed) written by one
// credential and read silently by another; the clear error when encryption is impossible and plaintext is
// not allowed; and the keyring-encrypted cache when a D-Bus session with a keyring is present.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AZURE_CLI_CLIENT_ID, DEFAULT_PASSWORD, DEFAULT_TENANT_ID, DEFAULT_USERNAME } from '../../emulator/defaults';
import { persistentCachePath } from '../../../src/identity/msal/persistence';
import { useFreshEmulator } from './support/emulator';
import type { PersistenceStep, PersistenceStepResult } from './support/persistenceChild';

const ARM = 'https://management.azure.com/.default';
const VAULT = 'https://vault.azure.net/.default';
const CHILD = path.join(__dirname, 'support', 'persistenceChild.js');

describe('persistent token cache (emulator)', function () {
  const emulator = useFreshEmulator();
  let home: string;

  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'azid-home-'));
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  /** Runs a step in a child process with HOME=home, with or without the D-Bus session of this process. */
  function step(input: Omit<PersistenceStep, 'tenantId' | 'clientId' | 'authorityOptions'>, withKeyring: boolean): PersistenceStepResult {
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
    if (!withKeyring) {
      // What a user over SSH or in a container has: no D-Bus session and no display.
      delete env.DBUS_SESSION_BUS_ADDRESS;
      delete env.DISPLAY;
      delete env.WAYLAND_DISPLAY;
    }
    const full: PersistenceStep = { tenantId: DEFAULT_TENANT_ID, clientId: AZURE_CLI_CLIENT_ID, authorityOptions: emulator().authorityOptions, ...input };
    const child = spawnSync(process.execPath, [CHILD, JSON.stringify(full)], { env, encoding: 'utf8', timeout: 30_000 });
    const line = child.stdout.trim().split('\n').pop() ?? '';
    assert.ok(line.startsWith('{'), `the child step answered (exit ${child.status}): ${child.stderr.slice(0, 500)}`);
    return JSON.parse(line) as PersistenceStepResult;
  }

  it('names the file as the other Azure Identity libraries do: the explicit name itself, the default split by CAE', () => {
    const env = { HOME: home };
    const dir = path.join(home, '.IdentityService');
    assert.equal(persistentCachePath('x', false, env), path.join(dir, 'x'));
    assert.equal(persistentCachePath('x', true, env), path.join(dir, 'x'), 'CAE tokens share an explicitly named file');
    assert.equal(persistentCachePath(undefined, false, env), path.join(dir, 'msal.cache.nocae'));
    assert.equal(persistentCachePath('', true, env), path.join(dir, 'msal.cache.cae'));
    assert.throws(() => persistentCachePath('../x', false, env), /may only contain letters, digits/);
  });

  it('writes a plaintext cache (mode 0600, the shared location) that a later process reads silently', async () => {
    const persistence = { enabled: true, name: 'azid-test', allowUnencryptedStorage: true };
    const signedIn = step({ action: 'authenticate', username: DEFAULT_USERNAME, password: DEFAULT_PASSWORD, scope: ARM, persistence }, false);
    assert.equal(signedIn.error, undefined, signedIn.error?.message);
    const file = path.join(home, '.IdentityService', 'azid-test');
    assert.ok(fs.existsSync(file), 'the cache is at ~/.IdentityService/<name> like Python azure.identity and @azure/identity 4.x');
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.ok(fs.readFileSync(file, 'utf8').includes('"RefreshToken"'), 'plaintext MSAL cache');

    await emulator().client.clearRequests();
    const silent = step({ action: 'silent', record: signedIn.record, scope: VAULT, persistence }, false);
    assert.equal(silent.error, undefined, silent.error?.message);
    const grants = (await emulator().tokenRequests()).map((r) => r.form?.grant_type);
    assert.deepEqual(grants, ['refresh_token'], 'the second process used the cached refresh token, no prompt, no password');
  });

  it('refuses clearly when encryption is impossible and plaintext is not allowed', async () => {
    const result = step({ action: 'authenticate', username: DEFAULT_USERNAME, password: DEFAULT_PASSWORD, scope: ARM, persistence: { enabled: true, name: 'azid-test' } }, false);
    assert.equal(result.error?.name, 'CredentialUnavailableError');
    assert.match(result.error?.message ?? '', /Cache encryption is impossible.*D-Bus.*allowUnencryptedStorage/);
    assert.equal((await emulator().tokenRequests()).length, 0, 'nothing was sent before the cache was usable');
    assert.ok(!fs.existsSync(path.join(home, '.IdentityService', 'azid-test')) || !fs.readFileSync(path.join(home, '.IdentityService', 'azid-test'), 'utf8').includes('RefreshToken'));
  });

  it('keeps the cache in the keyring, not on disk, when a D-Bus session with a keyring is present', async function () {
    if (!process.env.DBUS_SESSION_BUS_ADDRESS) this.skip(); // npm test runs the unit suite inside dbus-run-session with gnome-keyring
    const persistence = { enabled: true, name: 'azid-encrypted' };
    const signedIn = step({ action: 'authenticate', username: DEFAULT_USERNAME, password: DEFAULT_PASSWORD, scope: ARM, persistence }, true);
    assert.equal(signedIn.error, undefined, signedIn.error?.message);
    const file = path.join(home, '.IdentityService', 'azid-encrypted');
    assert.ok(!fs.existsSync(file) || !fs.readFileSync(file, 'utf8').includes('RefreshToken'), 'no token on disk');
    await emulator().client.clearRequests();
    const silent = step({ action: 'silent', record: signedIn.record, scope: VAULT, persistence }, true);
    assert.equal(silent.error, undefined, silent.error?.message);
    assert.deepEqual((await emulator().tokenRequests()).map((r) => r.form?.grant_type), ['refresh_token']);
  });
});
