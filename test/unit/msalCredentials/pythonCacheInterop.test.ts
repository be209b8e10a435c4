// A named persistent cache shared with Python azure.identity (Debian python3-azure), both ways: Python signs
// in with its DeviceCodeCredential and writes the record and `~/.IdentityService/<name>`, and our
// DeviceCodeCredential with that record and name is silent; our credential signs in and writes, and Python's
// DeviceCodeCredential is silent. Silent means: no /devicecode, no /authorize, only the cached access token or
// a refresh_token grant.
//
// Each side runs in its own process with its own HOME and no D-Bus session, so both fall back to the plaintext
// file they were allowed: Python's libsecret store (schema = the cache name, attribute MsalClientID) and
// keytar's (service/account attributes, which this library and @azure/identity use) are different keyring
// items, so only the file is a shared format between the two languages.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AZURE_CLI_CLIENT_ID, DEFAULT_PASSWORD, DEFAULT_TENANT_ID, DEFAULT_USERNAME } from '../../emulator/defaults';
import type { RequestLogEntry } from '../../emulator/types';
import { useFreshEmulator } from './support/emulator';
import type { PersistenceStep, PersistenceStepResult } from './support/persistenceChild';

const ARM = 'https://management.azure.com/.default';
const VAULT = 'https://vault.azure.net/.default';
const CHILD = path.join(__dirname, 'support', 'persistenceChild.js');
const PYTHON = '/usr/bin/python3';
const CACHE_NAME = 'azid-python-interop';
const SIGN_IN_ENDPOINTS: readonly string[] = ['token', 'devicecode', 'authorize', 'deviceLogin'];

/** Python's DeviceCodeCredential signs in; the prompt prints the user code, which the test approves. */
const PYTHON_SIGN_IN = `
import sys
from azure.identity import DeviceCodeCredential, TokenCachePersistenceOptions
name, client_id, tenant, scope = sys.argv[1:5]
def prompt(verification_uri, user_code, expires_on):
    print("CODE " + user_code, flush=True)
credential = DeviceCodeCredential(client_id=client_id, tenant_id=tenant, prompt_callback=prompt, timeout=60,
    cache_persistence_options=TokenCachePersistenceOptions(name=name, allow_unencrypted_storage=True))
record = credential.authenticate(scopes=[scope])
print("RECORD " + record.serialize(), flush=True)
`;

/** Python's DeviceCodeCredential with a record and automatic authentication off: it must find the account. */
const PYTHON_SILENT = `
import sys
from azure.identity import AuthenticationRecord, DeviceCodeCredential, TokenCachePersistenceOptions
name, record, scopes = sys.argv[1], sys.argv[2], sys.argv[3:]
def prompt(verification_uri, user_code, expires_on):
    raise RuntimeError("Python prompted for a device code")
credential = DeviceCodeCredential(authentication_record=AuthenticationRecord.deserialize(record), prompt_callback=prompt,
    disable_automatic_authentication=True,
    cache_persistence_options=TokenCachePersistenceOptions(name=name, allow_unencrypted_storage=True))
for scope in scopes:
    token = credential.get_token(scope)
    print("TOKEN " + scope + " " + str(len(token.token) > 0), flush=True)
`;

describe('persistent cache shared with Python azure.identity (python3-azure)', function () {
  this.timeout(90_000);
  const emulator = useFreshEmulator();
  let home: string;

  before(function () {
    const probe = spawnSync(PYTHON, ['-c', 'import azure.identity, msal_extensions'], { timeout: 30_000 });
    // Python reaches the emulator only at the real authority host, i.e. inside the test namespace.
    if (probe.status !== 0 || !emulator().isolated) this.skip();
  });

  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'azid-py-home-'));
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  /** The environment of a user over SSH: this HOME, no D-Bus session, no display. */
  function childEnv(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    return env;
  }

  function ourStep(input: Omit<PersistenceStep, 'tenantId' | 'clientId' | 'authorityOptions'>): PersistenceStepResult {
    const full: PersistenceStep = { tenantId: DEFAULT_TENANT_ID, clientId: AZURE_CLI_CLIENT_ID, authorityOptions: emulator().authorityOptions, ...input };
    const child = spawnSync(process.execPath, [CHILD, JSON.stringify(full)], { env: childEnv(), encoding: 'utf8', timeout: 60_000 });
    const line = child.stdout.trim().split('\n').pop() ?? '';
    assert.ok(line.startsWith('{'), `our step answered (exit ${child.status}): ${child.stderr.slice(0, 500)}`);
    return JSON.parse(line) as PersistenceStepResult;
  }

  /** Runs a Python script; `onLine` sees each stdout line as it comes (to approve a device code). */
  function python(script: string, args: string[], onLine: (line: string) => Promise<void> = async () => undefined): Promise<string[]> {
    return new Promise((resolve, reject) => {
      const child = spawn(PYTHON, ['-c', script, ...args], { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'], timeout: 80_000 });
      const lines: string[] = [];
      let pending = '';
      let stderr = '';
      const work: Promise<void>[] = [];
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        pending += chunk;
        let newline: number;
        while ((newline = pending.indexOf('\n')) >= 0) {
          const line = pending.slice(0, newline);
          pending = pending.slice(newline + 1);
          lines.push(line);
          work.push(onLine(line));
        }
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => {
        Promise.all(work).then(() => {
          if (code === 0) resolve(lines);
          else reject(new Error(`python exited ${code}: ${stderr.slice(-1500)}`));
        }, reject);
      });
    });
  }

  /** What reached the sign-in endpoints (metadata and discovery documents aside), with token grant types. */
  function grants(requests: RequestLogEntry[]): string[] {
    return requests.filter((r) => SIGN_IN_ENDPOINTS.includes(r.endpoint)).map((r) => `${r.endpoint}${r.form?.grant_type ? `:${r.form.grant_type}` : ''}`);
  }

  it('Python signs in with a device code and writes ~/.IdentityService/<name>; ours is silent with its record', async () => {
    const { client } = emulator();
    const lines = await python(PYTHON_SIGN_IN, [CACHE_NAME, AZURE_CLI_CLIENT_ID, DEFAULT_TENANT_ID, ARM], async (line) => {
      if (line.startsWith('CODE ')) await client.approveDeviceCode(line.slice(5).trim(), DEFAULT_USERNAME);
    });
    const record = lines.find((l) => l.startsWith('RECORD '))?.slice(7);
    assert.ok(record, `Python printed its authentication record: ${lines.join(' | ')}`);
    const file = path.join(home, '.IdentityService', CACHE_NAME);
    assert.ok(fs.existsSync(file), 'Python wrote ~/.IdentityService/<name>');
    assert.ok(fs.readFileSync(file, 'utf8').includes('"RefreshToken"'), 'a plaintext MSAL cache');

    await client.clearRequests();
    const persistence = { enabled: true, name: CACHE_NAME, allowUnencryptedStorage: true };
    const cached = ourStep({ action: 'silent', record, scope: ARM, persistence });
    assert.equal(cached.error, undefined, cached.error?.message);
    assert.deepEqual(grants(await client.requests({})), [], 'Python’s access token was served without a request');

    const refreshed = ourStep({ action: 'silent', record, scope: VAULT, persistence });
    assert.equal(refreshed.error, undefined, refreshed.error?.message);
    const seen = grants(await client.requests({}));
    assert.deepEqual(seen, ['token:refresh_token'], 'only Python’s refresh token was redeemed: no device code, no browser');
    assert.ok(!fs.existsSync(`${file}.nocae`), 'ours wrote no file of another name');
  });

  it('ours signs in and writes ~/.IdentityService/<name>; Python’s DeviceCodeCredential is silent with our record', async () => {
    const { client } = emulator();
    const persistence = { enabled: true, name: CACHE_NAME, allowUnencryptedStorage: true };
    const signedIn = ourStep({ action: 'authenticate', username: DEFAULT_USERNAME, password: DEFAULT_PASSWORD, scope: ARM, persistence });
    assert.equal(signedIn.error, undefined, signedIn.error?.message);
    const file = path.join(home, '.IdentityService', CACHE_NAME);
    assert.ok(fs.existsSync(file), 'ours wrote ~/.IdentityService/<name>, the file Python reads');
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);

    await client.clearRequests();
    const lines = await python(PYTHON_SILENT, [CACHE_NAME, signedIn.record ?? '', ARM, VAULT]);
    assert.deepEqual(lines.filter((l) => l.startsWith('TOKEN ')), [`TOKEN ${ARM} True`, `TOKEN ${VAULT} True`]);
    const seen = grants(await client.requests({}));
    assert.deepEqual(seen, ['token:refresh_token'], 'Python served our access token from the cache and redeemed our refresh token for the other scope');
  });
});
