// The terminal token endpoint in the real workbench, used as a person would: real, unmodified clients typed into
// real integrated terminals. A terminal opened before sign-in works after it; each client gets a token the
// emulator issued for the signed-in account; after sign-out each gets a clear error.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_CLIENT_ID, DEFAULT_TENANT_ID } from '../emulator/defaults';
import { activateOurExtension } from './support';
import { REPO_ROOT, SCRATCH, runInTerminal, signInServicePrincipal, signOutEveryone, terminalEnvironment, terminalWhere } from './terminalSupport';

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

  before(async () => {
    await activateOurExtension();
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
    assert.equal(env.MSI_SECRET, env.IDENTITY_HEADER);
    assert.equal(env.AZD_AUTH_KEY, env.IDENTITY_HEADER);
  });

  it('serves nothing to a signed-out window, and says so', async () => {
    const result = await runClient(early, CLIENTS.curl);
    assert.equal(result.ok, false);
    assert.match(String(result.message), /No account is signed in/);
  });

  it('after sign-in, a terminal opened before it serves every client a token the emulator issued for the account', async () => {
    await signInServicePrincipal();
    for (const [name, command] of Object.entries(CLIENTS)) {
      const result = await runClient(early, command);
      assert.equal(result.ok, true, `${name}: ${result.message}`);
      assert.equal(result.claims?.tid, DEFAULT_TENANT_ID, name);
      assert.equal(result.claims?.appid ?? result.claims?.azp, DEFAULT_CLIENT_ID, name);
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

  it('"New Terminal for Account…" opens a terminal with its own secret, bound to the account', async () => {
    const api = await activateOurExtension();
    const [account] = await api.getAccounts();
    const bound = await vscode.commands.executeCommand<vscode.Terminal>(NEW_TERMINAL_COMMAND, { accountId: account.id });
    assert.ok(bound, 'the command returns the terminal it opened');
    terminals.push(bound);
    const [boundEnv, windowEnv] = [await terminalEnvironment(bound), await terminalEnvironment(early)];
    assert.equal(boundEnv.IDENTITY_ENDPOINT, windowEnv.IDENTITY_ENDPOINT);
    assert.notEqual(boundEnv.IDENTITY_HEADER, windowEnv.IDENTITY_HEADER);
    const result = await runClient(bound, CLIENTS['DefaultAzureCredential (@azure/identity)']);
    assert.equal(result.ok, true, result.message);
    assert.equal(result.claims?.appid ?? result.claims?.azp, DEFAULT_CLIENT_ID);
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
    assert.notEqual(env.IDENTITY_HEADER, earlyEnv.IDENTITY_HEADER);
  });
});
