// The emulator as a separate program: cli.js writes its ready file, EmulatorClient drives it from this
// process over the HTTP control API, and SIGTERM ends it cleanly.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EMULATOR_ENV_VAR, EmulatorClient, EmulatorControlError, readReadyFile } from '../../emulator/client';
import { DEFAULT_TENANT_ID, DEFAULT_USERNAME } from '../../emulator/defaults';
import { createClientCertificate } from '../../emulator/certificates';
import type { ReadyFile } from '../../emulator/types';

const CLI = path.resolve(__dirname, '../../emulator/cli.js');

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) {
      resolve(child.exitCode);
      return;
    }
    child.once('exit', (code) => resolve(code));
  });
}

describe('emulator: cli.js in its own process, driven by EmulatorClient', function () {
  this.timeout(40_000);
  let directory: string;
  let readyFile: string;
  let child: ChildProcess | undefined;
  let output = '';
  let ready: ReadyFile;

  before(async () => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'emulator-cli-test-'));
    readyFile = path.join(directory, 'ready.json');
    child = spawn(process.execPath, [CLI, '--ready-file', readyFile, '--ca-dir', path.join(directory, 'ca')], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    ready = await waitFor('the ready file', () => (fs.existsSync(readyFile) ? readReadyFile(readyFile) : undefined));
  });

  after(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGKILL');
      await exited(child);
    }
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it('writes a ready file with its URLs and pid, and prints them', () => {
    assert.match(ready.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.match(ready.imdsUrl ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(ready.controlUrl, `${ready.url}/_emulator`);
    assert.equal(ready.pid, child?.pid);
    assert.ok(fs.existsSync(ready.caCertPath));
    assert.ok(fs.existsSync(path.join(directory, 'ca', 'ca-key.pem')));
    assert.ok(output.includes(ready.url));
  });

  it('is driven through the control API from another process', async () => {
    const client = EmulatorClient.fromEnv({ [EMULATOR_ENV_VAR]: readyFile });
    await client.reset();
    const info = await client.info();
    assert.equal(info.url, ready.url);
    assert.ok(info.tenants.some((tenant) => tenant.tenantId === DEFAULT_TENANT_ID));

    const certificate = createClientCertificate();
    const app = await client.addApp({ tenantId: DEFAULT_TENANT_ID, secrets: ['emulator-fake-secret-x'], certificates: [certificate.certPem], redirectUris: ['http://localhost'] });
    assert.equal(app.secretCount, 1);
    assert.deepEqual(app.certificateThumbprints, [certificate.x5tS256]);
    assert.equal(JSON.stringify(app).includes('emulator-fake-secret-x'), false, 'secrets are never returned');

    const user = await client.addUser({ username: 'carol@contoso.onmicrosoft.com', password: 'emulator-fake-password-carol' });
    assert.equal(user.tenantId, DEFAULT_TENANT_ID);
    await client.setManagedIdentities({ systemAssigned: false, userAssigned: [] });
    await client.setInteractiveSignIn({ mode: 'form', username: DEFAULT_USERNAME });
    await client.setTokenLifetime({ expiresInSeconds: 120, refreshInSeconds: 60 });
    const fault = await client.addFault({ endpoint: 'token', action: { type: 'status', status: 429, retryAfterSeconds: 1 } });
    assert.equal((await client.faults())[0].id, fault.id);
    await client.clearFaults();
    assert.deepEqual(await client.requests(), []);
    await client.clearRequests();
    assert.deepEqual(await client.deviceCodes(), []);
    await client.reset();
    assert.equal((await client.info()).tokenLifetime.expiresInSeconds, 3599);
  });

  it('reports bad input as an EmulatorControlError that says what to change', async () => {
    const client = EmulatorClient.fromReadyFile(readyFile);
    await assert.rejects(client.addApp({ tenantId: 'not-a-tenant' }), (error: unknown) => {
      assert.ok(error instanceof EmulatorControlError);
      assert.equal(error.status, 400);
      assert.match(error.message, /addTenant first/);
      return true;
    });
    await assert.rejects(client.approveDeviceCode('NOSUCHCODE'), /No device code/);
  });

  it('stops on SIGTERM with exit code 0 and removes its ready file', async () => {
    assert.ok(child);
    child.kill('SIGTERM');
    assert.equal(await exited(child), 0);
    assert.equal(fs.existsSync(readyFile), false);
    const client = new EmulatorClient(ready.controlUrl, fs.readFileSync(ready.caCertPath, 'utf8'), { timeoutMs: 2000 });
    await assert.rejects(client.info(), EmulatorControlError);
  });

  it('refuses an unknown option with exit code 2 and the usage', async () => {
    const bad = spawn(process.execPath, [CLI, '--bogus'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    bad.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    assert.equal(await exited(bad), 2);
    assert.match(stderr, /Unknown option '--bogus'/);
    assert.match(stderr, /Usage:/);
  });

  it('fails clearly when fromEnv has no ready file to read', () => {
    assert.throws(() => EmulatorClient.fromEnv({}), new RegExp(EMULATOR_ENV_VAR));
    assert.throws(() => EmulatorClient.fromEnv({ [EMULATOR_ENV_VAR]: path.join(directory, 'missing.json') }), /Cannot read the emulator ready file/);
  });
});
