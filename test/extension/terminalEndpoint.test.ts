// The terminal token endpoint in the real workbench, used as a person would: real, unmodified clients typed into
// real integrated terminals. A terminal opened before sign-in works after it; each client gets a token the
// emulator issued for the signed-in account; after sign-out each gets a clear error.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { EmulatorClient } from '../emulator/client';
import { DEFAULT_TENANT_ID, DEFAULT_USERNAME, DEFAULT_USER_OBJECT_ID, SECOND_TENANT_ID, SECOND_USERNAME, SECOND_USER_OBJECT_ID } from '../emulator/defaults';
import { activateOurExtension } from './support';
import { REPO_ROOT, SCRATCH, runInTerminal, signInUser, signOutEveryone, terminalEnvironment, terminalWhere } from './terminalSupport';

const ARM = 'https://management.azure.com';
const NEW_TERMINAL_COMMAND = 'azureIdentity.terminal.newTerminalForAccount';

/** Each client prints one JSON line: {ok, claims} with the token's claims (never the token), or {ok:false, message}. */
const CLAIMS_JS = `
const claimsOf = (t) => JSON.parse(Buffer.from(t.split('.')[1], 'base64url').toString());
module.exports = (promise) => promise.then(
  (t) => console.log(JSON.stringify({ ok: true, claims: claimsOf(t.token ?? t.access_token) })),
  (e) => console.log(JSON.stringify({ ok: false, message: String(e && e.message || e) })));
if (require.main === module) {
  let text = ''; process.stdin.on('data', (c) => (text += c)).on('end', () => {
    try { const b = JSON.parse(text); const t = b.access_token ?? b.token;
      console.log(JSON.stringify(t ? { ok: true, claims: claimsOf(t) } : { ok: false, message: b.error_description ?? b.message ?? text }));
    } catch { console.log(JSON.stringify({ ok: false, message: text })); } });
}`;

const CLIENTS = {
  'DefaultAzureCredential (@azure/identity)': `node ${SCRATCH}/dac.js`,
  'DefaultAzureCredential (Python azure.identity)': `/usr/bin/python3 ${SCRATCH}/dac.py`,
  'VisualStudioCodeCredential (ours)': `node ${SCRATCH}/vscode.js`,
  curl: `curl -sS --max-time 30 -H "X-IDENTITY-HEADER: $IDENTITY_HEADER" "$IDENTITY_ENDPOINT?resource=${ARM}&api-version=2019-08-01" | node ${SCRATCH}/claims.js`,
  'azd protocol client': `curl -sS --max-time 30 -X POST -H "Authorization: Bearer $AZD_AUTH_KEY" -H "Content-Type: application/json" -d '{"scopes":["${ARM}//.default"]}' "$AZD_AUTH_ENDPOINT/token?api-version=2023-07-12-preview" | node ${SCRATCH}/claims.js`,
} as const;

interface ClientResult {
  ok: boolean;
  claims?: Record<string, unknown>;
  message?: string;
}

function writeClients(): void {
  writeFileSync(path.join(SCRATCH, 'claims.js'), CLAIMS_JS);
  const identity = JSON.stringify(path.join(REPO_ROOT, 'node_modules', '@azure', 'identity'));
  writeFileSync(path.join(SCRATCH, 'dac.js'), `require('./claims.js')(new (require(${identity}).DefaultAzureCredential)().getToken('${ARM}/.default'));`);
  const ours = JSON.stringify(path.join(REPO_ROOT, 'out', 'src', 'identity', 'index.js'));
  writeFileSync(path.join(SCRATCH, 'vscode.js'), `require('./claims.js')(new (require(${ours}).VisualStudioCodeCredential)().getToken('${ARM}/.default'));`);
  writeFileSync(
    path.join(SCRATCH, 'dac.py'),
    [
      'import base64, json',
      'from azure.identity import DefaultAzureCredential',
      'try:',
      `    t = DefaultAzureCredential().get_token("${ARM}/.default").token`,
      '    p = t.split(".")[1]',
      '    print(json.dumps({"ok": True, "claims": json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))}))',
      'except Exception as e:',
      '    print(json.dumps({"ok": False, "message": str(e)}))',
    ].join('\n'),
  );
}

async function runClient(terminal: vscode.Terminal, command: string): Promise<ClientResult> {
  const output = await runInTerminal(terminal, command);
  const line = output.trim().split('\n').reverse().find((l) => l.startsWith('{'));
  assert.ok(line, `no JSON from "${command}": ${output.slice(0, 2000)}`);
  return JSON.parse(line) as ClientResult;
}

describe('terminal token endpoint in the real workbench', function () {
  this.timeout(300_000);
  let early: vscode.Terminal;
  let earlyEnv: Record<string, string>;
  const terminals: vscode.Terminal[] = [];

  before(async function () {
    if (!process.env.AZURE_IDENTITY_TEST_EMULATOR) this.skip();
    await activateOurExtension();
    await EmulatorClient.fromEnv().reset();
    await signOutEveryone();
    writeClients();
    ({ terminal: early, env: earlyEnv } = await terminalWhere('opened before sign-in', (env) => env.IDENTITY_ENDPOINT !== undefined, terminals));
  });
  after(async () => {
    for (const terminal of terminals) terminal.dispose();
    await signOutEveryone();
  });

  it('gives a terminal every protocol\'s variables, pointing at one loopback endpoint', async () => {
    const env = earlyEnv;
    assert.match(env.IDENTITY_ENDPOINT, /^http:\/\/127\.0\.0\.1:\d+\/msi\/token$/);
    assert.equal(env.MSI_ENDPOINT, env.IDENTITY_ENDPOINT);
    assert.equal(env.AZURE_IDENTITY_VSCODE_ENDPOINT, env.IDENTITY_ENDPOINT);
    assert.equal(env.AZD_AUTH_ENDPOINT, env.IDENTITY_ENDPOINT.replace('/msi/token', '/azd'));
    assert.ok(env.IDENTITY_HEADER.length >= 43);
    // Compared without printing them: secrets stay out of the test output.
    assert.ok(env.MSI_SECRET === env.IDENTITY_HEADER && env.AZD_AUTH_KEY === env.IDENTITY_HEADER, 'one secret for every protocol');
  });

  it('serves nothing to a signed-out window, and says so', async () => {
    const result = await runClient(early, CLIENTS.curl);
    assert.equal(result.ok, false);
    assert.match(String(result.message), /No account is signed in/);
  });

  it('after sign-in, a terminal opened before it serves every client a token the emulator issued for the account', async () => {
    await signInUser(DEFAULT_USERNAME);
    for (const [name, command] of Object.entries(CLIENTS)) {
      const result = await runClient(early, command);
      assert.equal(result.ok, true, `${name}: ${result.message}`);
      assert.equal(result.claims?.tid, DEFAULT_TENANT_ID, name);
      assert.equal(result.claims?.oid, DEFAULT_USER_OBJECT_ID, name);
      assert.match(String(result.claims?.aud), /management\.(azure\.com|core\.windows\.net)/, name);
    }
  });

  it('asks before serving a resource outside the allow-list (refused here: tests cannot answer a dialog), and serves it once listed', async () => {
    const other = 'https://cognitiveservices.azure.com';
    const command = `curl -sS --max-time 30 -H "X-IDENTITY-HEADER: $IDENTITY_HEADER" "$IDENTITY_ENDPOINT?resource=${other}&api-version=2019-08-01" | node ${SCRATCH}/claims.js`;
    const refused = await runClient(early, command);
    assert.equal(refused.ok, false);
    assert.match(String(refused.message), /refused/);
    const configuration = vscode.workspace.getConfiguration('azureIdentity');
    await configuration.update('terminal.allowedResources', ['resourceManager', other], vscode.ConfigurationTarget.Global);
    try {
      const served = await runClient(early, command.replace('curl -sS', 'curl -sS -A listed-client/1.0'));
      assert.equal(served.ok, true, served.message);
      assert.match(String(served.claims?.aud), /cognitiveservices/);
    } finally {
      await configuration.update('terminal.allowedResources', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('follows the default account the person chooses', async () => {
    const bob = await signInUser(SECOND_USERNAME);
    const stillAlice = await runClient(early, CLIENTS.curl);
    assert.equal(stillAlice.claims?.oid, DEFAULT_USER_OBJECT_ID, 'signing another account in does not change the default');
    await vscode.commands.executeCommand('azureIdentity.makeDefault', { accountId: bob.id });
    const nowBob = await runClient(early, CLIENTS.curl);
    assert.equal(nowBob.claims?.oid, SECOND_USER_OBJECT_ID);
    const api = await activateOurExtension();
    const alice = (await api.getAccounts()).find((a) => a.id !== bob.id);
    await vscode.commands.executeCommand('azureIdentity.makeDefault', { accountId: alice?.id });
  });

  it('gives azd a token of the tenant it asks for, never the home tenant\'s', async () => {
    const command = CLIENTS['azd protocol client'].replace(`"scopes":["${ARM}//.default"]`, `"scopes":["${ARM}//.default"],"tenantId":"${SECOND_TENANT_ID}"`);
    const result = await runClient(early, command);
    assert.equal(result.ok, true, result.message);
    assert.equal(result.claims?.tid, SECOND_TENANT_ID);
  });

  it('"New Terminal for Account…" opens a terminal bound to the account and tenant chosen', async () => {
    const api = await activateOurExtension();
    const accounts = await api.getAccounts();
    const bob = accounts.find((a) => a.label === SECOND_USERNAME);
    const alice = accounts.find((a) => a.label === DEFAULT_USERNAME);
    assert.ok(bob && alice, `accounts: ${accounts.map((a) => a.label).join(', ')}`);
    const bobTerminal = await vscode.commands.executeCommand<vscode.Terminal>(NEW_TERMINAL_COMMAND, { accountId: bob.id });
    assert.ok(bobTerminal, 'the command returns the terminal it opened');
    terminals.push(bobTerminal);
    const [boundEnv, windowEnv] = [await terminalEnvironment(bobTerminal), await terminalEnvironment(early)];
    // The window's URLs with the terminal's id after them (VS Code prepends the window's values).
    assert.match(boundEnv.IDENTITY_ENDPOINT, new RegExp(`^${windowEnv.IDENTITY_ENDPOINT}/[A-Za-z0-9_-]{24}$`));
    assert.equal(boundEnv.AZURE_IDENTITY_VSCODE_ENDPOINT, boundEnv.IDENTITY_ENDPOINT);
    assert.equal(boundEnv.AZD_AUTH_ENDPOINT, `${windowEnv.AZD_AUTH_ENDPOINT}/${boundEnv.IDENTITY_ENDPOINT.split('/').pop()}`);
    const asBob = await runClient(bobTerminal, CLIENTS['DefaultAzureCredential (@azure/identity)']);
    assert.equal(asBob.ok, true, asBob.message);
    assert.equal(asBob.claims?.oid, SECOND_USER_OBJECT_ID, 'the account terminal serves its account, not the default (alice)');

    const guestTerminal = await vscode.commands.executeCommand<vscode.Terminal>(NEW_TERMINAL_COMMAND, { accountId: alice.id, tenantId: SECOND_TENANT_ID });
    terminals.push(guestTerminal);
    const asGuest = await runClient(guestTerminal, CLIENTS['DefaultAzureCredential (Python azure.identity)']);
    assert.equal(asGuest.ok, true, asGuest.message);
    assert.deepEqual([asGuest.claims?.tid, asGuest.claims?.oid], [SECOND_TENANT_ID, DEFAULT_USER_OBJECT_ID], 'alice as a guest of the second tenant');
  });

  it('after sign-out, every client gets a clear error and no token', async () => {
    await signOutEveryone();
    for (const [name, command] of Object.entries(CLIENTS)) {
      const result = await runClient(early, command);
      assert.equal(result.ok, false, `${name} still got a token after sign-out`);
      assert.match(String(result.message), /signed in|sign in/i, `${name}: ${result.message}`);
    }
  });

  it('turning the setting off removes the variables from new terminals; on again brings them back', async () => {
    const configuration = vscode.workspace.getConfiguration('azureIdentity');
    await configuration.update('terminal.tokenEndpoint', false, vscode.ConfigurationTarget.Global);
    try {
      const { env } = await terminalWhere('endpoint off', (found) => found.IDENTITY_ENDPOINT === undefined, terminals);
      assert.equal(env.IDENTITY_HEADER, undefined);
      assert.equal(env.AZD_AUTH_KEY, undefined);
    } finally {
      await configuration.update('terminal.tokenEndpoint', undefined, vscode.ConfigurationTarget.Global);
    }
    const { env } = await terminalWhere('endpoint on again', (found) => found.IDENTITY_ENDPOINT !== undefined, terminals);
    assert.match(env.IDENTITY_ENDPOINT, /^http:\/\/127\.0\.0\.1:\d+\/msi\/token$/);
    // Off forgot the old secret: the new one is different.
    assert.ok(env.IDENTITY_HEADER !== earlyEnv.IDENTITY_HEADER, 'a new secret after off and on');
  });
});
