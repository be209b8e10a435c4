// The credential chain report: environment checks, the builder's rules (probes together, the verdict
// DefaultAzureCredential would reach), the default probes against the emulator, the real az and the pwsh
// stand-in, and the text a person copies (masked).
import * as assert from 'node:assert/strict';
import path from 'node:path';
import type { Account, AccountServiceContract } from '../../../src/vscode/accounts/accountServiceContract';
import { buildChainReport, CHAIN_ORDER, type ChainProbes, type Probe, type ProbeResult, type ReportEntry } from '../../../src/vscode/report/chainReport';
import { checkEnvironment, checkWorkloadIdentity } from '../../../src/vscode/report/environmentCheck';
import { maskName, maskText } from '../../../src/vscode/report/mask';
import { createDefaultProbes, fixedProbe } from '../../../src/vscode/report/probes';
import { renderReportHtml, renderReportText } from '../../../src/vscode/report/renderReport';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_TENANT_ID, DEFAULT_WORKLOAD_ISSUER, DEFAULT_WORKLOAD_SUBJECT } from '../../emulator/defaults';
import { useFreshEmulator } from '../msalCredentials/support/emulator';
import { newAzureConfigDir, realAzureCliInstalled, signInAzureCli } from '../chainCredentials/support/azureCli';
import { setEnv, useCleanEnvironment } from '../chainCredentials/support/environment';
import { makeTempDir, removeDir } from '../chainCredentials/support/tempDir';

const ARM = 'https://management.azure.com/.default';
const PWSH_DIR = path.resolve(__dirname, '../../../../test/fixtures/pwsh');
const AZD_DIR = path.resolve(__dirname, '../../../../test/fixtures/azd');
const NO_TOOLS_PATH = '/nonexistent-bin';

const unavailable = (reason: string): ProbeResult => ({ outcome: 'unavailable', reason });
const allUnavailable = (): ChainProbes => Object.fromEntries(CHAIN_ORDER.map((m) => [m, fixedProbe(unavailable(`${m} is not set up`))])) as ChainProbes;

const noAccounts: Pick<AccountServiceContract, 'getDefaultAccount' | 'getToken'> = {
  getDefaultAccount: async () => undefined,
  getToken: async () => {
    throw new Error('no account');
  },
};

function entry(entries: readonly ReportEntry[], member: ReportEntry['member']): ReportEntry {
  const found = entries.find((e) => e.member === member);
  assert.ok(found, `no entry for ${member}`);
  return found;
}

describe('chain report: environment variables', () => {
  const exists = () => true;
  it('recognises the three set-ups in EnvironmentCredential\'s order', () => {
    assert.equal(checkEnvironment({ AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c', AZURE_CLIENT_SECRET: 's', AZURE_CLIENT_CERTIFICATE_PATH: '/x' }, exists).configuredAs, 'clientSecret');
    assert.equal(checkEnvironment({ AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c', AZURE_CLIENT_CERTIFICATE_PATH: '/x' }, exists).configuredAs, 'clientCertificate');
    assert.equal(checkEnvironment({ AZURE_CLIENT_ID: 'c', AZURE_USERNAME: 'u', AZURE_PASSWORD: 'p' }, exists).configuredAs, 'usernamePassword');
  });

  it('says what is missing in words a person acts on', () => {
    assert.deepEqual(checkEnvironment({ AZURE_CLIENT_ID: 'c' }).problems, ['AZURE_CLIENT_ID is set but AZURE_TENANT_ID is not.']);
    assert.deepEqual(checkEnvironment({ AZURE_CLIENT_SECRET: 's' }).problems, ['AZURE_CLIENT_SECRET is set but AZURE_TENANT_ID and AZURE_CLIENT_ID are not.']);
    assert.deepEqual(checkEnvironment({ AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c' }).problems, ['AZURE_TENANT_ID and AZURE_CLIENT_ID are set but neither AZURE_CLIENT_SECRET nor AZURE_CLIENT_CERTIFICATE_PATH is.']);
    assert.deepEqual(checkEnvironment({ AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c', AZURE_CLIENT_CERTIFICATE_PATH: '/no/such.pem' }, () => false).problems, ['AZURE_CLIENT_CERTIFICATE_PATH names /no/such.pem, which does not exist.']);
    assert.deepEqual(checkEnvironment({}).problems, []);
    assert.deepEqual(checkEnvironment({ AZURE_CLIENT_SECRET: 'the-secret' }).present, ['AZURE_CLIENT_SECRET'], 'names only, never values');
  });

  it('checks workload identity\'s three variables and its token file', () => {
    assert.deepEqual(checkWorkloadIdentity({}), { configured: false, problems: [] });
    assert.deepEqual(checkWorkloadIdentity({ AZURE_FEDERATED_TOKEN_FILE: '/t' }, exists).problems, ['AZURE_FEDERATED_TOKEN_FILE is set but AZURE_TENANT_ID and AZURE_CLIENT_ID are not.']);
    assert.equal(checkWorkloadIdentity({ AZURE_FEDERATED_TOKEN_FILE: '/t', AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c' }, exists).configured, true);
  });
});

describe('chain report: builder', () => {
  it('runs every probe at the same time: each waits for all the others to have started', async () => {
    const started = new Set<string>();
    let releaseAll: () => void = () => undefined;
    const allStarted = new Promise<void>((resolve) => (releaseAll = resolve));
    const probeFor = (member: string): Probe => async () => {
      started.add(member);
      if (started.size === CHAIN_ORDER.length) releaseAll();
      await allStarted;
      return unavailable(member);
    };
    const probes = Object.fromEntries(CHAIN_ORDER.map((member) => [member, probeFor(member)])) as ChainProbes;
    const report = await buildChainReport(probes, { scope: ARM });
    assert.deepEqual(report.entries.map((e) => e.member), [...CHAIN_ORDER]);
  });

  it('names the first credential that works, and the ones passed over before it', async () => {
    const probes = { ...allUnavailable(), azureCli: fixedProbe({ outcome: 'success', reason: 'ok', identity: 'alice@contoso.com' }), visualStudioCode: fixedProbe({ outcome: 'success', reason: 'ok' }) };
    const report = await buildChainReport(probes, { scope: ARM });
    assert.equal(report.winner, 'azureCli');
    assert.match(report.verdict, /signs in with AzureCliCredential as alice@contoso\.com, after EnvironmentCredential, WorkloadIdentityCredential and ManagedIdentityCredential were not available\.$/);
  });

  it('stops at a credential that is set up but fails, as DefaultAzureCredential does', async () => {
    const probes = { ...allUnavailable(), environment: fixedProbe({ outcome: 'error', reason: 'bad secret' }), azureCli: fixedProbe({ outcome: 'success', reason: 'ok' }) };
    const report = await buildChainReport(probes, { scope: ARM });
    assert.equal(report.winner, undefined);
    assert.match(report.verdict, /fails at EnvironmentCredential/);
  });

  it('says what to do when nothing is set up', async () => {
    const report = await buildChainReport(allUnavailable(), { scope: ARM });
    assert.equal(report.winner, undefined);
    assert.match(report.verdict, /no credential of the chain is set up.*sign in to Azure Identity in VS Code, or run az login/);
  });

  it('reports a probe that never answers as not answering, and one that throws as failed', async () => {
    const probes = { ...allUnavailable(), azurePowerShell: () => new Promise<ProbeResult>(() => undefined), azureCli: async (): Promise<ProbeResult> => { throw new Error('boom'); } };
    const report = await buildChainReport(probes, { scope: ARM, probeTimeoutMs: 50 });
    assert.equal(entry(report.entries, 'azurePowerShell').outcome, 'unavailable');
    assert.match(entry(report.entries, 'azurePowerShell').reason, /No answer within/);
    assert.equal(entry(report.entries, 'azureCli').outcome, 'error');
    assert.match(entry(report.entries, 'azureCli').reason, /boom/);
  });
});

describe('chain report: the default probes', function () {
  this.timeout(120_000);
  const emulator = useFreshEmulator();
  useCleanEnvironment(() => ({ PATH: NO_TOOLS_PATH }));

  async function run(accounts = noAccounts) {
    return buildChainReport(createDefaultProbes({ accounts }), { scope: ARM });
  }

  it('environment: a complete service principal works and names its app', async function () {
    if (!emulator().isolated) this.skip();
    setEnv({ AZURE_TENANT_ID: DEFAULT_TENANT_ID, AZURE_CLIENT_ID: DEFAULT_CLIENT_ID, AZURE_CLIENT_SECRET: DEFAULT_CLIENT_SECRET });
    const report = await run();
    const env = entry(report.entries, 'environment');
    assert.equal(env.outcome, 'success', env.reason);
    assert.equal(env.identity, DEFAULT_CLIENT_ID);
    assert.equal(report.winner, 'environment');
  });

  it('environment: a wrong secret is an error with the AADSTS code and the fix, and stops the chain', async function () {
    if (!emulator().isolated) this.skip();
    setEnv({ AZURE_TENANT_ID: DEFAULT_TENANT_ID, AZURE_CLIENT_ID: DEFAULT_CLIENT_ID, AZURE_CLIENT_SECRET: 'not-the-secret' });
    const report = await run();
    const env = entry(report.entries, 'environment');
    assert.equal(env.outcome, 'error');
    assert.equal(env.code, 'AADSTS7000215');
    assert.match(env.fix?.text ?? '', /client secret in AZURE_CLIENT_SECRET is wrong/);
    assert.match(report.verdict, /fails at EnvironmentCredential/);
    assert.ok(!renderReportText(report, { mask: false }).includes('not-the-secret'));
  });

  it('environment: half a set-up names the missing variable', async () => {
    setEnv({ AZURE_CLIENT_ID: DEFAULT_CLIENT_ID });
    const env = entry((await run()).entries, 'environment');
    assert.equal(env.outcome, 'unavailable');
    assert.match(env.reason, /AZURE_CLIENT_ID is set but AZURE_TENANT_ID is not/);
  });

  it('managed identity: IMDS answers (the emulator at 169.254.169.254) and gives a token', async function () {
    if (!emulator().isolated) this.skip();
    const mi = entry((await run()).entries, 'managedIdentity');
    assert.equal(mi.outcome, 'success', mi.reason);
  });

  it('managed identity: IMDS silent says "did not answer in 300 ms: this machine is not an Azure VM"', async function () {
    if (!emulator().isolated) this.skip();
    await emulator().client.addFault({ endpoint: 'imds', times: 0, action: { type: 'hang' } });
    const mi = entry((await run()).entries, 'managedIdentity');
    assert.equal(mi.outcome, 'unavailable');
    assert.equal(mi.reason, 'IMDS did not answer in 300 ms: this machine is not an Azure VM.');
  });

  it('Azure CLI: not installed', async () => {
    const cli = entry((await run()).entries, 'azureCli');
    assert.equal(cli.outcome, 'unavailable');
    assert.match(cli.reason, /az is not installed/);
    assert.deepEqual(cli.fix?.action, { kind: 'openUrl', url: 'https://aka.ms/azure-cli' });
  });

  it('Azure CLI: installed but not signed in says "run az login" and offers to run it', async function () {
    if (!realAzureCliInstalled()) this.skip();
    const dir = newAzureConfigDir();
    try {
      setEnv({ PATH: '/usr/bin:/bin', AZURE_CONFIG_DIR: dir });
      const cli = entry((await run()).entries, 'azureCli');
      assert.equal(cli.outcome, 'unavailable', cli.reason);
      assert.equal(cli.fix?.text, 'az is installed but not signed in: run az login.');
      assert.deepEqual(cli.fix?.action, { kind: 'runInTerminal', command: 'az login' });
    } finally {
      removeDir(dir);
    }
  });

  it('Azure CLI: signed in to the emulator works', async function () {
    if (!emulator().isolated || !realAzureCliInstalled()) this.skip();
    const dir = await signInAzureCli();
    try {
      setEnv({ PATH: '/usr/bin:/bin', AZURE_CONFIG_DIR: dir });
      const report = await run();
      const cli = entry(report.entries, 'azureCli');
      assert.equal(cli.outcome, 'success', cli.reason);
      assert.equal(cli.identity, DEFAULT_CLIENT_ID);
    } finally {
      removeDir(dir);
    }
  });

  it('Azure PowerShell: each situation of the stand-in pwsh gets its own fix', async () => {
    const cases: [string, RegExp][] = [
      ['not-logged-in', /run Connect-AzAccount/],
      ['no-module', /Install the Az module/],
    ];
    for (const [mode, fix] of cases) {
      const restore = setEnv({ PATH: `${PWSH_DIR}:/usr/bin:/bin`, PWSH_STANDIN_MODE: mode, PWSH_STANDIN_TOKEN: 'pwsh-token-value' });
      try {
        const ps = entry((await run()).entries, 'azurePowerShell');
        assert.equal(ps.outcome, 'unavailable', `${mode}: ${ps.reason}`);
        assert.match(ps.fix?.text ?? '', fix, mode);
      } finally {
        restore();
      }
    }
    setEnv({ PATH: NO_TOOLS_PATH });
    assert.match(entry((await run()).entries, 'azurePowerShell').reason, /PowerShell \(pwsh\) is not installed/);
  });

  it('workload identity: a federated token the app trusts works, and managed identity defers to it', async function () {
    if (!emulator().isolated) this.skip();
    const dir = makeTempDir('report-workload');
    try {
      const file = path.join(dir, 'token');
      writeFileSync(file, await emulator().client.issueFederatedToken({ issuer: DEFAULT_WORKLOAD_ISSUER, subject: DEFAULT_WORKLOAD_SUBJECT }));
      setEnv({ AZURE_TENANT_ID: DEFAULT_TENANT_ID, AZURE_CLIENT_ID: DEFAULT_CLIENT_ID, AZURE_FEDERATED_TOKEN_FILE: file });
      let report = await run();
      assert.equal(entry(report.entries, 'workloadIdentity').outcome, 'success', entry(report.entries, 'workloadIdentity').reason);
      assert.equal(entry(report.entries, 'managedIdentity').outcome, 'skipped');
      assert.equal(report.winner, 'workloadIdentity');

      writeFileSync(file, await emulator().client.issueFederatedToken({ issuer: DEFAULT_WORKLOAD_ISSUER, subject: 'system:serviceaccount:other:default' }));
      report = await run();
      const workload = entry(report.entries, 'workloadIdentity');
      assert.equal(workload.outcome, 'error');
      assert.equal(workload.code, 'AADSTS700213');
      assert.match(workload.fix?.text ?? '', /No federated credential of the app matches this token's subject/);
    } finally {
      removeDir(dir);
    }
  });

  it('workload identity: a token file that is not there is named', async () => {
    setEnv({ AZURE_TENANT_ID: DEFAULT_TENANT_ID, AZURE_CLIENT_ID: DEFAULT_CLIENT_ID, AZURE_FEDERATED_TOKEN_FILE: '/no/such/token' });
    const workload = entry((await run()).entries, 'workloadIdentity');
    assert.equal(workload.outcome, 'unavailable');
    assert.match(workload.reason, /AZURE_FEDERATED_TOKEN_FILE names \/no\/such\/token, which does not exist/);
  });

  it('Azure Developer CLI: not installed, signed out ("run azd auth login"), signed in', async function () {
    assert.match(entry((await run()).entries, 'azureDeveloperCli').reason, /azd is not installed/);
    const dir = makeTempDir('report-azd');
    try {
      setEnv({ PATH: `${AZD_DIR}:/usr/bin:/bin`, AZD_CONFIG_DIR: path.join(dir, 'config'), AZD_STANDIN_MODE: undefined });
      const signedOut = entry((await run()).entries, 'azureDeveloperCli');
      assert.equal(signedOut.outcome, 'unavailable', signedOut.reason);
      assert.equal(signedOut.fix?.text, 'azd is installed but not signed in: run azd auth login.');
      assert.deepEqual(signedOut.fix?.action, { kind: 'runInTerminal', command: 'azd auth login' });
      if (!emulator().isolated) return;
      execFileSync(path.join(AZD_DIR, 'azd'), ['auth', 'login', '--client-id', DEFAULT_CLIENT_ID, '--client-secret', DEFAULT_CLIENT_SECRET, '--tenant-id', DEFAULT_TENANT_ID], { env: process.env, timeout: 30_000, stdio: 'ignore' });
      const signedIn = entry((await run()).entries, 'azureDeveloperCli');
      assert.equal(signedIn.outcome, 'success', signedIn.reason);
    } finally {
      removeDir(dir);
    }
  });

  it('VS Code account: none signed in offers "Sign in"; a signed-in default account works', async () => {
    const signedOut = entry((await run()).entries, 'visualStudioCode');
    assert.equal(signedOut.outcome, 'unavailable');
    assert.deepEqual(signedOut.fix?.action, { kind: 'signIn' });

    const account = { id: 'a', label: 'alice@contoso.com' } as Account;
    const requests: unknown[] = [];
    const signedIn = entry((await run({
      getDefaultAccount: async () => account,
      getToken: async (_id, request) => {
        requests.push(request.consumer);
        return { token: 'opaque', expiresOnTimestamp: Date.now() + 3600_000, accountId: 'a', tenantId: DEFAULT_TENANT_ID };
      },
    })).entries, 'visualStudioCode');
    assert.equal(signedIn.outcome, 'success');
    assert.equal(signedIn.identity, 'alice@contoso.com');
    assert.deepEqual(requests, [{ kind: 'command', command: 'azureIdentity.diagnoseSignIn' }]);
  });
});

describe('chain report: text and masking', () => {
  const report = {
    scope: ARM,
    startedAt: Date.UTC(2026, 11, 1, 8, 0, 0),
    durationMs: 412,
    winner: 'azureCli' as const,
    verdict: 'A program using DefaultAzureCredential here signs in with AzureCliCredential as alice@contoso.com.',
    entries: [
      { member: 'environment' as const, credential: 'EnvironmentCredential', outcome: 'unavailable' as const, durationMs: 0, reason: 'AZURE_CLIENT_ID is set but AZURE_TENANT_ID is not.', fix: { text: 'Set AZURE_TENANT_ID.' } },
      { member: 'azureCli' as const, credential: 'AzureCliCredential', outcome: 'success' as const, durationMs: 380, reason: `Tenant ${DEFAULT_TENANT_ID} in /home/someone/.azure`, identity: 'alice@contoso.com' },
    ],
  };

  it('lists each credential with its result, time, reason and fix', () => {
    const text = renderReportText(report, { mask: false });
    assert.match(text, /1\. EnvironmentCredential \(Environment variables\): not available, 0 ms\n {3}AZURE_CLIENT_ID is set but AZURE_TENANT_ID is not\.\n {3}Fix: Set AZURE_TENANT_ID\./);
    assert.match(text, /2\. AzureCliCredential \(Azure CLI\): works as alice@contoso\.com, 380 ms/);
  });

  it('masks account names, ids and the home folder in the copied text', () => {
    const text = maskText(renderReportText(report, { mask: true }), { homeDirectory: '/home/someone' });
    assert.ok(!text.includes('alice@contoso.com'), text);
    assert.match(text, /a\*\*\*@contoso\.com/);
    assert.ok(!text.includes(DEFAULT_TENANT_ID));
    assert.ok(!text.includes('/home/someone'));
    assert.equal(maskName('alice@contoso.com'), 'a***@contoso.com');
    assert.equal(maskText('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'), '<redacted>');
  });

  it('escapes what it puts in the webview and offers a button only where a fix has an action', () => {
    const html = renderReportHtml({ ...report, entries: [{ ...report.entries[0], reason: '<img src=x>', fix: { text: 'x', action: { kind: 'signIn' }, actionLabel: 'Sign in' } }] }, { cspSource: 'vscode-resource:', nonce: 'n0nce' });
    assert.ok(!html.includes('<img src=x>'));
    assert.match(html, /&lt;img src=x&gt;/);
    assert.match(html, /<button class="action" data-entry="0">Sign in<\/button>/);
    assert.match(html, /script-src 'nonce-n0nce'/);
  });
});
