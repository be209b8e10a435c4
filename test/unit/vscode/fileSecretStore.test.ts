// The file store code-server's windows share (its SecretStorage is per window): two stores over one folder
// behave as two windows of one machine.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, utimesSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileSecretStore, StoreLockTimeoutError, migrateSecrets } from '../../../src/vscode/accounts/fileSecretStore';
import { MemorySecretStore } from '../../../src/vscode/accounts/secretStore';

describe('FileSecretStore (the accounts store of code-server windows)', () => {
  let dir: string;
  const stores: FileSecretStore[] = [];
  const warnings: string[] = [];
  const logger = { info: () => undefined, warn: (m: string) => void warnings.push(m), error: (m: string) => void warnings.push(m) };
  const open = (options: { lockTimeoutMs?: number } = {}) => {
    const store = new FileSecretStore(dir, { logger, ...options });
    stores.push(store);
    return store;
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'file-secret-store-'));
    warnings.length = 0;
  });
  afterEach(() => {
    for (const store of stores.splice(0)) store.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("one window's write is read by the other, which hears of it; nothing on disk shows the value", async () => {
    const one = open();
    const two = open();
    assert.equal(await two.get('azure-identity.accounts.v1'), undefined);
    const heard = new Promise<string>((resolve) => two.onDidChange((e) => resolve(e.key)));
    await one.store('azure-identity.accounts.v1', '{"accounts":["alice-secret-value"]}');
    assert.equal(await heard, 'azure-identity.accounts.v1');
    assert.equal(await two.get('azure-identity.accounts.v1'), '{"accounts":["alice-secret-value"]}');
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isFile()) {
        assert.doesNotMatch(readFileSync(file, 'utf8'), /alice-secret-value/, `${name} holds the value in clear`);
        assert.equal(statSync(file).mode & 0o077, 0, `${name} is readable by others`);
      }
    }
    await one.delete('azure-identity.accounts.v1');
    assert.equal(await two.get('azure-identity.accounts.v1'), undefined);
  });

  it('two windows starting together share one key (each reads what the other wrote)', async () => {
    const [one, two] = [open(), open()];
    await Promise.all([one.store('a', 'from one'), two.store('b', 'from two')]);
    assert.equal(await two.get('a'), 'from one');
    assert.equal(await one.get('b'), 'from two');
  });

  it('exclusive sections of two windows never interleave, so no read-change-write is lost', async () => {
    const [one, two] = [open(), open()];
    await one.store('n', '0');
    const add = (store: FileSecretStore) =>
      store.exclusive(async () => {
        const n = Number(await store.get('n'));
        await new Promise((resolve) => setImmediate(resolve));
        await store.store('n', String(n + 1));
      });
    await Promise.all(Array.from({ length: 10 }, (_, i) => add(i % 2 ? one : two)));
    assert.equal(await one.get('n'), '10');
  });

  it('a lock held by another window past the wait ends in a typed error; a stale lock is taken over with a warning', async () => {
    const one = open();
    const two = open({ lockTimeoutMs: 50 });
    let release!: () => void;
    const held = one.exclusive(() => new Promise<void>((resolve) => (release = resolve)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await assert.rejects(two.exclusive(async () => 'never'), StoreLockTimeoutError);
    release();
    await held;
    assert.equal(await two.exclusive(async () => 'ran'), 'ran');
    // A window that died inside its section left the lock behind, half a minute ago.
    mkdirSync(path.join(dir, 'store.lock'));
    const longAgo = new Date(Date.now() - 60_000);
    utimesSync(path.join(dir, 'store.lock'), longAgo, longAgo);
    assert.equal(await two.exclusive(async () => 'ran after the stale lock'), 'ran after the stale lock');
    assert.ok(warnings.some((w) => w.includes('removed a lock')), warnings.join('\n'));
  });

  it('a value that does not decrypt is set aside with a warning, and the next write starts afresh', async () => {
    const one = open();
    await one.store('k', 'v');
    const file = readdirSync(dir).find((n) => n.endsWith('.secret'));
    assert.ok(file);
    writeFileSync(path.join(dir, file), '{"v":1,"iv":"AAAA","tag":"AAAA","data":"AAAA"}');
    assert.equal(await one.get('k'), undefined);
    assert.ok(warnings.some((w) => w.includes('could not be read') && w.includes('set aside')), warnings.join('\n'));
    assert.ok(readdirSync(dir).some((n) => n.includes('.unreadable-')));
    await one.store('k', 'again');
    assert.equal(await open().get('k'), 'again');
  });

  it('what an earlier version kept in SecretStorage is moved once, and never over what the files hold', async () => {
    const old = new MemorySecretStore({ accounts: 'old accounts', cache: 'old cache' });
    const files = open();
    await files.store('cache', 'newer cache');
    assert.deepEqual(await migrateSecrets(old, files, ['accounts', 'cache']), ['accounts']);
    assert.equal(await files.get('accounts'), 'old accounts');
    assert.equal(await files.get('cache'), 'newer cache');
    assert.equal(await old.get('accounts'), undefined, 'moved, not copied');
    assert.deepEqual(await migrateSecrets(old, files, ['accounts', 'cache']), []);
  });
});
