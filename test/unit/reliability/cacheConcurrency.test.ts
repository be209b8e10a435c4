// The persistent token cache under several writers at once, as several VS Code windows, scripts and SDKs
// sharing ~/.IdentityService produce: 4 processes × 200 token writes lose nothing and leave no lock behind;
// a writer killed while holding the lock blocks the others only until the lock is found stale.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_TENANT_ID } from '../../emulator/defaults';
import { useFreshEmulator } from '../msalCredentials/support/emulator';

const CHILD = path.join(__dirname, 'support', 'cacheWriterChild.js');
export const WRITERS = 4;
export const WRITES_PER_WRITER = 200;

interface ChildResult {
  code: number | null;
  lines: string[];
  stderr: string;
}

function runWriter(home: string, input: Record<string, unknown>, onLine?: (line: string) => void): { done: Promise<ChildResult>; kill: () => void } {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
  // The plaintext file is what is shared here; the keyring case shares the same lock and file timestamps.
  delete env.DBUS_SESSION_BUS_ADDRESS;
  const child = spawn(process.execPath, [CHILD, JSON.stringify(input)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let buffered = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      lines.push(line);
      onLine?.(line);
    }
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
  const done = new Promise<ChildResult>((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, lines, stderr });
    }),
  );
  return { done, kill: () => child.kill('SIGKILL') };
}

describe('persistent cache under concurrent writers (emulator)', function () {
  this.timeout(180_000);
  const emulator = useFreshEmulator();
  let home: string;
  const cacheName = 'azid-concurrency';

  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'azid-writers-'));
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  const input = (writer: number, count: number) => ({
    writer,
    count,
    tenantId: DEFAULT_TENANT_ID,
    clientId: DEFAULT_CLIENT_ID,
    clientSecret: DEFAULT_CLIENT_SECRET,
    cacheName,
    authorityOptions: emulator().authorityOptions,
  });
  const cacheFile = () => path.join(home, '.IdentityService', cacheName);
  const lockFile = () => `${cacheFile()}.lockfile`;

  function accessTokenTargets(): Set<string> {
    const cache = JSON.parse(fs.readFileSync(cacheFile(), 'utf8')) as { AccessToken?: Record<string, { target: string }> };
    return new Set(Object.values(cache.AccessToken ?? {}).map((t) => t.target.toLowerCase()));
  }

  it(`${WRITERS} processes × ${WRITES_PER_WRITER} token writes: every token kept, the file always valid, no lock left`, async () => {
    // A reader checks the file between writes the whole time: it must always be a whole MSAL cache.
    let reads = 0;
    let invalid = 0;
    let sawContent = false;
    const reader = setInterval(() => {
      if (!fs.existsSync(cacheFile())) return;
      reads++;
      try {
        const text = fs.readFileSync(cacheFile(), 'utf8');
        // The empty file msal-node-extensions creates before the first write is an empty cache, until then.
        if (text === '' && !sawContent) return;
        JSON.parse(text);
        sawContent = true;
      } catch {
        invalid++;
      }
    }, 5);
    const writers = Array.from({ length: WRITERS }, (_, w) => runWriter(home, input(w, WRITES_PER_WRITER)));
    const results = await Promise.all(writers.map((w) => w.done));
    clearInterval(reader);
    for (const [w, result] of results.entries()) {
      assert.equal(result.code, 0, `writer ${w}: ${result.lines.join(' ')}`);
      assert.deepEqual(JSON.parse(result.lines.at(-1) ?? '{}'), { written: WRITES_PER_WRITER });
    }
    const targets = accessTokenTargets();
    const missing: string[] = [];
    for (let w = 0; w < WRITERS; w++) {
      for (let i = 0; i < WRITES_PER_WRITER; i++) {
        const scope = `https://writer${w}-token${i}.example/.default`;
        if (![...targets].some((t) => t.split(' ').includes(scope))) missing.push(scope);
      }
    }
    assert.deepEqual(missing, [], `${missing.length} of ${WRITERS * WRITES_PER_WRITER} tokens lost`);
    assert.equal(invalid, 0, `${invalid} of ${reads} reads found a half-written cache file`);
    assert.equal(fs.existsSync(lockFile()), false, 'a lock file was left behind');
    assert.equal((await emulator().tokenRequests()).length, WRITERS * WRITES_PER_WRITER, 'one request per token');
  });

  it('a writer killed with SIGKILL while holding the lock does not block the others past the stale timeout', async () => {
    fs.mkdirSync(path.dirname(cacheFile()), { recursive: true });
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = runWriter(home, { ...input(9, 0), holdLockForever: lockFile() }, (line) => line === 'locked' && locked());
    await isLocked;
    holder.kill();
    await holder.done;
    assert.ok(fs.existsSync(lockFile()), 'the killed writer left its lock file, as a crash does');
    const after = runWriter(home, input(0, 3));
    const result = await after.done;
    assert.equal(result.code, 0, result.lines.join(' '));
    assert.deepEqual(JSON.parse(result.lines.at(-1) ?? '{}'), { written: 3 });
    assert.equal(fs.existsSync(lockFile()), false, 'the stale lock was taken over and released');
  });

  describe('a cache file that cannot be used as it is', () => {
    const write = (contents: string, mode = 0o600) => {
      fs.mkdirSync(path.dirname(cacheFile()), { recursive: true });
      fs.writeFileSync(cacheFile(), contents, { mode });
      fs.chmodSync(cacheFile(), mode);
    };

    for (const [what, contents] of [
      ['corrupt', '{"AccessToken": {"k": [garbage'],
      ['truncated', '{"Account":{},"IdToken":{},"AccessToken":{"x":{"home_account_id":"","environment":"login.microsoftonline.com","credential_type":"Acc'],
      ['not an object', '[1, 2, 3'],
    ] as const) {
      it(`${what}: set aside beside the cache with a warning, and a new cache started`, async () => {
        write(contents);
        const result = await runWriter(home, input(0, 2)).done;
        assert.equal(result.code, 0, `${result.lines.join(' ')} ${result.stderr}`);
        assert.match(result.stderr, /could not be read .* moved to .*\.corrupt-/);
        const asides = fs.readdirSync(path.dirname(cacheFile())).filter((f) => f.startsWith(`${cacheName}.corrupt-`));
        assert.equal(asides.length, 1, 'the unreadable contents are kept for a person to look at');
        assert.equal(fs.readFileSync(path.join(path.dirname(cacheFile()), asides[0] ?? ''), 'utf8'), contents);
        assert.equal(accessTokenTargets().size, 2, 'the new cache holds the new tokens');
      });
    }

    it('written by a newer library: sections this one does not know are kept through writes', async () => {
      write(JSON.stringify({ Account: {}, IdToken: {}, AccessToken: {}, RefreshToken: {}, AppMetadata: {}, FutureSection: { kept: true }, Version: 2 }));
      const result = await runWriter(home, input(0, 2)).done;
      assert.equal(result.code, 0, result.lines.join(' '));
      const cache = JSON.parse(fs.readFileSync(cacheFile(), 'utf8')) as Record<string, unknown>;
      assert.deepEqual(cache.FutureSection, { kept: true });
      assert.equal(cache.Version, 2);
      assert.equal(accessTokenTargets().size, 2);
      assert.doesNotMatch(result.stderr, /could not be read/);
    });

    it('readable by other users: made private again (0600), with a warning', async () => {
      write('', 0o644);
      const result = await runWriter(home, input(0, 1)).done;
      assert.equal(result.code, 0, result.lines.join(' '));
      assert.match(result.stderr, /readable by other users \(mode 644\); it is now readable only by you/);
      assert.equal(fs.statSync(cacheFile()).mode & 0o777, 0o600);
    });
  });
});
