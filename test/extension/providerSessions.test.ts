// Sessions as another extension (the challenge consumer fixture) holds them, in the real extension host against
// the emulator: the id token a user session carries (and that the log never shows), the session changes VS Code
// tells it of (a renewed token, a session removed by either kind of id), and the authority unreachable during a
// refresh and during a sign-in (issue #15): cached tokens still served, one log line, no hang, a clear error.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EmulatorClient } from '../emulator/client';
import { DEFAULT_TENANT_ID, DEFAULT_USERNAME } from '../emulator/defaults';
import { signInWithDeviceCode, within } from './providerSupport';
import { ARM_SCOPE, EXTENSION_ID, PROVIDER_ID, activateOurExtension } from './support';

const CONSUMER = 'azureIdentityChallengeConsumer';
const REMOVE_SESSION = 'azureIdentity.test.removeSession';

interface SessionView {
  outcome?: string;
  error?: string;
  id: string;
  account: { id: string; label: string };
  scopes: string[];
  hasIdToken: boolean;
  idTokenClaims?: { aud?: string; tid?: string; oid?: string; preferred_username?: string };
  accessTokenClaims?: { aud?: string; iat?: number; uti?: string; upn?: string };
}

interface SeenEvent {
  seq: number;
  accounts: { id: string; label: string }[];
  session: SessionView | { error: string } | null;
}

const sessionOf = (scopes: string[]) => vscode.commands.executeCommand<SessionView>(`${CONSUMER}.session`, { scopes });
const seenEvents = () => vscode.commands.executeCommand<SeenEvent[]>(`${CONSUMER}.sessionEvents`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `read` until `done` holds (VS Code delivers events and writes logs asynchronously); fails with the last value. */
async function until<T>(read: () => Thenable<T> | T, done: (value: T) => boolean, what: string, attempts = 150): Promise<T> {
  let last: T | undefined;
  for (let attempt = 0; attempt < attempts; attempt++) {
    last = await read();
    if (done(last)) return last;
    await sleep(100);
  }
  throw new Error(`${what}; last seen: ${JSON.stringify(last)}`);
}

/** The "Azure Identity" output channel as written so far (this session's file, the newest). */
function channelLog(): string {
  const root = process.env.AZID_TEST_LOGS_ROOT;
  assert.ok(root, 'the runner passes AZID_TEST_LOGS_ROOT');
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'Azure Identity.log' && full.includes(EXTENSION_ID)) found.push(full);
    }
  };
  walk(root);
  found.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  return found[0] ? fs.readFileSync(found[0], 'utf8') : '';
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

describe('provider sessions as another extension holds them', function () {
  this.timeout(120_000);
  const client = EmulatorClient.fromEnv();

  async function signedIn(): Promise<{ id: string; label: string }> {
    let account = (await vscode.authentication.getAccounts(PROVIDER_ID)).find((a) => a.label === DEFAULT_USERNAME);
    if (!account) {
      await signInWithDeviceCode(client);
      account = await until(async () => (await vscode.authentication.getAccounts(PROVIDER_ID)).find((a) => a.label === DEFAULT_USERNAME), Boolean, 'the account never appeared');
    }
    return account!;
  }

  before(async () => {
    await activateOurExtension();
    await signedIn();
  });

  afterEach(async () => {
    await client.clearFaults();
  });

  it('a user session carries the id token naming the account, and the log never shows it', async () => {
    const account = await signedIn();
    const session = await sessionOf([ARM_SCOPE]);
    assert.equal(session.hasIdToken, true, JSON.stringify(session));
    assert.equal(session.idTokenClaims?.preferred_username, DEFAULT_USERNAME);
    assert.equal(session.idTokenClaims?.tid, DEFAULT_TENANT_ID);
    assert.equal(session.idTokenClaims?.oid, account.id.split('.')[0], 'the object id of the account the session names');
    assert.notEqual(session.idTokenClaims?.aud, 'https://management.azure.com', 'the id token is for the client, not the resource');
    // The same session as this test sees it: its id token's signature is nowhere in the output channel.
    const own = await vscode.authentication.getSession(PROVIDER_ID, [ARM_SCOPE], { silent: true });
    const signature = own?.idToken?.split('.')[2];
    assert.ok(signature && signature.length > 20);
    await until(() => channelLog(), (log) => log.includes('[getSessions]'), 'the output channel shows the session requests');
    assert.equal(channelLog().includes(signature), false, 'the id token is never logged');
  });

  it('tells a holder of a session that its token was renewed: the same session, a new token (changed)', async () => {
    const account = await signedIn();
    const before = await sessionOf([ARM_SCOPE]);
    await vscode.commands.executeCommand(`${CONSUMER}.watchSessions`, { scopes: [ARM_SCOPE] });
    await vscode.commands.executeCommand('azureIdentity.refreshToken', { accountId: account.id, scopes: [ARM_SCOPE] });
    const events = await until(seenEvents, (seen) => seen.some((e) => (e.session as SessionView | null)?.accessTokenClaims?.uti !== before.accessTokenClaims?.uti), 'no change event with the renewed token');
    const renewed = events.find((e) => (e.session as SessionView | null)?.accessTokenClaims?.uti !== before.accessTokenClaims?.uti)!.session as SessionView;
    assert.equal(renewed.id, before.id, 'the session keeps its id');
    assert.equal(renewed.account.label, DEFAULT_USERNAME);
    assert.ok(events.every((e) => e.accounts.some((a) => a.id === account.id)), 'the account stayed signed in');
  });

  it('with the authority unreachable, a due refresh fails in the background: the cached token is still served and the failure logged once', async () => {
    await signedIn();
    const scopes = ['https://storage.azure.com/.default'];
    await client.setTokenLifetime({ expiresInSeconds: 3599, refreshInSeconds: 1 });
    let cached: SessionView;
    try {
      cached = await sessionOf(scopes);
      assert.ok(cached.accessTokenClaims?.uti, JSON.stringify(cached));
    } finally {
      await client.setTokenLifetime({ expiresInSeconds: 3599 });
    }
    await sleep(1500); // past the token's refresh_in: the next request starts a refresh
    const logged = count(channelLog(), 'Background token refresh failed');
    await client.addFault({ endpoint: '*', times: 0, action: { type: 'drop' } });
    for (let i = 0; i < 3; i++) {
      const served = await within(sessionOf(scopes), 20_000, 'a session while the authority is unreachable');
      assert.equal(served.accessTokenClaims?.uti, cached.accessTokenClaims?.uti, `request ${i + 1}: the cached token`);
    }
    await until(() => channelLog(), (log) => count(log, 'Background token refresh failed') > logged, 'the failed refresh is logged', 400);
    for (let i = 0; i < 3; i++) await sessionOf(scopes);
    await sleep(1000);
    assert.equal(count(channelLog(), 'Background token refresh failed'), logged + 1, 'logged once, not once per request');
    await client.clearFaults();
    const fresh = await sessionOf(['https://vault.azure.net/.default']);
    assert.ok(fresh.accessTokenClaims?.uti, 'the next request after the network returns gets a token');
  });

  it('with the authority unreachable, a sign-in ends with a clear error naming it, and the account stays', async () => {
    await signedIn();
    const accountsBefore = await vscode.authentication.getAccounts(PROVIDER_ID);
    await client.addFault({ endpoint: '*', times: 0, action: { type: 'drop' } });
    const failedBefore = count(channelLog(), '[signIn] deviceCode failed');
    await within(vscode.commands.executeCommand('azureIdentity.signIn', { method: 'deviceCode' }), 90_000, 'the sign-in with the authority unreachable');
    const log = await until(() => channelLog(), (text) => count(text, '[signIn] deviceCode failed') > failedBefore, 'the failed sign-in is logged');
    const line = log.split('\n').filter((l) => l.includes('[signIn] deviceCode failed')).pop() ?? '';
    assert.match(line, /login\.microsoftonline\.com/, `the error names the authority: ${line}`);
    await client.clearFaults();
    assert.deepEqual((await vscode.authentication.getAccounts(PROVIDER_ID)).map((a) => a.id), accountsBefore.map((a) => a.id), 'no account lost or added');
    assert.ok((await sessionOf([ARM_SCOPE])).accessTokenClaims, 'and it still gets tokens');
  });

  for (const kind of ['a per-request session id', 'the account session id'] as const) {
    it(`removeSession with ${kind} signs the account out, and the holder is told`, async () => {
      const account = await signedIn();
      const session = await sessionOf([ARM_SCOPE]);
      const id = kind === 'the account session id' ? account.id : session.id;
      if (kind === 'a per-request session id') assert.notEqual(session.id, account.id, 'the per-request id is not the account id');
      await vscode.commands.executeCommand(`${CONSUMER}.watchSessions`, { scopes: [ARM_SCOPE] });
      await vscode.commands.executeCommand(REMOVE_SESSION, id);
      const events = await until(seenEvents, (seen) => seen.some((e) => !e.accounts.some((a) => a.id === account.id)), 'no change event without the account');
      const after = events.find((e) => !e.accounts.some((a) => a.id === account.id))!;
      assert.equal(after.session, null, 'no session any more for the scopes it held');
      await signedIn();
    });
  }
});
