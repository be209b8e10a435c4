// "Azure Identity: Diagnose Sign-In" in the real extension host, against each failure the emulator, the real
// Azure CLI and the pwsh stand-in can produce: the report's entries, its verdict, the panel it opens and the
// masked text "Copy report" gives. The probes read this process's environment, which the tests shape.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import type { ChainReport, ReportEntry } from '../../src/vscode/report/chainReport';
import { runFixAction } from '../../src/vscode/report/reportPanel';
import { renderReportText } from '../../src/vscode/report/renderReport';
import { EMULATOR_ENV_VAR, EmulatorClient } from '../emulator/client';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_TENANT_ID } from '../emulator/defaults';
import { setEnv, useCleanEnvironment } from '../unit/chainCredentials/support/environment';
import { activateOurExtension } from './support';

const REPORT_COMMAND = 'azureIdentity.diagnoseSignIn';
const ISOLATED = process.env.AZURE_IDENTITY_TEST_ISOLATED === '1';
const REPO_ROOT = path.resolve(__dirname, '../../..');
const PWSH_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'pwsh');
const AZ = '/usr/bin/az';
function entry(report: ChainReport, member: ReportEntry['member']): ReportEntry {
  const found = report.entries.find((e) => e.member === member);
  assert.ok(found, `no ${member} entry`);
  return found;
}

/** The report's editor tab (a webview of ours), if one is open. */
function reportTab(): vscode.Tab | undefined {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('azureIdentity.chainReport') && t.label === 'Diagnose Sign-In');
}

async function diagnose(show = false, copy = false): Promise<ChainReport> {
  const report = await vscode.commands.executeCommand<ChainReport | undefined>(REPORT_COMMAND, { show, copy });
  assert.ok(report, 'the command returns its report');
  return report;
}

/** A fresh az configuration folder with telemetry off: az installed but signed out. */
function freshAzureConfigDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'azid-report-az-'));
  writeFileSync(path.join(dir, 'config'), '[core]\ncollect_telemetry = no\nno_color = true\n');
  return dir;
}

describe('Diagnose Sign-In', function () {
  this.timeout(120_000);
  let emulator: EmulatorClient | undefined;
  const dirs: string[] = [];

  before(async () => {
    await activateOurExtension();
    const readyFile = process.env[EMULATOR_ENV_VAR];
    if (readyFile) emulator = EmulatorClient.fromReadyFile(readyFile);
  });

  beforeEach(async () => {
    await emulator?.reset();
  });
  // Before each test the identity variables are cleared and, after it, restored with what the test set; no
  // developer tool but az (signed out) on PATH.
  useCleanEnvironment(() => {
    const azDir = freshAzureConfigDir();
    dirs.push(azDir);
    return { PWSH_STANDIN_MODE: undefined, PWSH_STANDIN_TOKEN: undefined, AZURE_CONFIG_DIR: azDir, PATH: '/usr/bin:/bin' };
  });

  afterEach(async () => {
    await emulator?.clearFaults();
  });

  after(async () => {
    const tab = reportTab();
    if (tab) await vscode.window.tabGroups.close(tab);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('is a command of the palette', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes(REPORT_COMMAND));
  });

  it('on a machine with nothing set up, gives each credential its reason and fix, and says nothing works', async function () {
    if (!ISOLATED || !emulator) this.skip();
    await emulator.addFault({ endpoint: 'imds', times: 0, action: { type: 'hang' } });
    const report = await diagnose(true);
    assert.deepEqual(report.entries.map((e) => e.credential), [
      'EnvironmentCredential', 'WorkloadIdentityCredential', 'ManagedIdentityCredential', 'AzureCliCredential',
      'AzurePowerShellCredential', 'AzureDeveloperCliCredential', 'VisualStudioCodeCredential',
    ]);
    assert.match(entry(report, 'environment').reason, /No service principal is set up/);
    assert.match(entry(report, 'workloadIdentity').reason, /not a Kubernetes pod/);
    assert.equal(entry(report, 'managedIdentity').reason, 'IMDS did not answer in 300 ms: this machine is not an Azure VM.');
    if (existsSync(AZ)) assert.equal(entry(report, 'azureCli').fix?.text, 'az is installed but not signed in: run az login.', entry(report, 'azureCli').reason);
    assert.match(entry(report, 'azurePowerShell').reason, /PowerShell \(pwsh\) is not installed/);
    assert.deepEqual(entry(report, 'visualStudioCode').fix?.action, { kind: 'signIn' });
    assert.equal(report.winner, undefined);
    assert.match(report.verdict, /gets no token/);

    // The workbench tells this host about new tabs a moment later.
    for (let i = 0; i < 100 && !reportTab(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => `${t.label} (${t.input instanceof vscode.TabInputWebview ? t.input.viewType : typeof t.input})`);
    assert.ok(reportTab(), `the report opened in an editor tab; tabs: ${tabs.join(', ')}`);
  });

  it('names the missing variable of a half set-up service principal', async () => {
    setEnv({ AZURE_CLIENT_ID: DEFAULT_CLIENT_ID });
    const report = await diagnose();
    assert.match(entry(report, 'environment').reason, /AZURE_CLIENT_ID is set but AZURE_TENANT_ID is not\./);
  });

  it('a wrong client secret fails with AADSTS7000215 and its fix, and stops the chain', async function () {
    if (!ISOLATED) this.skip();
    setEnv({ AZURE_TENANT_ID: DEFAULT_TENANT_ID, AZURE_CLIENT_ID: DEFAULT_CLIENT_ID, AZURE_CLIENT_SECRET: 'wrong-secret-value' });
    const report = await diagnose();
    const env = entry(report, 'environment');
    assert.equal(env.outcome, 'error');
    assert.equal(env.code, 'AADSTS7000215');
    assert.match(env.fix?.text ?? '', /AZURE_CLIENT_SECRET is wrong/);
    assert.match(report.verdict, /fails at EnvironmentCredential/);
    assert.ok(!JSON.stringify(report).includes('wrong-secret-value'));
  });

  it('a complete service principal wins; the copied report masks its ids', async function () {
    if (!ISOLATED) this.skip();
    setEnv({ AZURE_TENANT_ID: DEFAULT_TENANT_ID, AZURE_CLIENT_ID: DEFAULT_CLIENT_ID, AZURE_CLIENT_SECRET: DEFAULT_CLIENT_SECRET });
    await vscode.env.clipboard.writeText('');
    const report = await diagnose(true, true);
    assert.equal(report.winner, 'environment');
    assert.match(report.verdict, /signs in with EnvironmentCredential as /);
    // The clipboard, or (where the browser refuses it) the editor the text opened in instead.
    const copied = (await vscode.env.clipboard.readText()) || vscode.window.activeTextEditor?.document.getText() || '';
    assert.match(copied, /^# Azure Identity: Diagnose Sign-In/);
    assert.ok(!copied.includes(DEFAULT_CLIENT_ID), copied);
    assert.ok(!copied.includes(DEFAULT_TENANT_ID), copied);
    assert.ok(!copied.includes(DEFAULT_CLIENT_SECRET));
    assert.equal(copied, renderReportText(report, { mask: true }));
  });

  it('the managed identity (the emulator at 169.254.169.254) works when IMDS answers', async function () {
    if (!ISOLATED) this.skip();
    const report = await diagnose();
    assert.equal(entry(report, 'managedIdentity').outcome, 'success', entry(report, 'managedIdentity').reason);
    assert.equal(report.winner, 'managedIdentity');
  });

  it('az signed in to the emulator wins once IMDS is silent', async function () {
    if (!ISOLATED || !emulator || !existsSync(AZ)) this.skip();
    await emulator.addFault({ endpoint: 'imds', times: 0, action: { type: 'hang' } });
    await promisify(execFile)(AZ, ['login', '--service-principal', '-u', DEFAULT_CLIENT_ID, '-p', DEFAULT_CLIENT_SECRET, '--tenant', DEFAULT_TENANT_ID, '--output', 'none'], { env: process.env, timeout: 90_000 });
    const report = await diagnose();
    assert.equal(entry(report, 'azureCli').outcome, 'success', entry(report, 'azureCli').reason);
    assert.equal(report.winner, 'azureCli');
  });

  it('Azure PowerShell signed out or without the Az module gets its own fix', async () => {
    for (const [mode, fix] of [['not-logged-in', /run Connect-AzAccount/], ['no-module', /Install the Az module/]] as const) {
      setEnv({ PATH: `${PWSH_DIR}:/usr/bin:/bin`, PWSH_STANDIN_MODE: mode, PWSH_STANDIN_TOKEN: 'pwsh-standin-token' });
      const ps = entry(await diagnose(), 'azurePowerShell');
      assert.equal(ps.outcome, 'unavailable', `${mode}: ${ps.reason}`);
      assert.match(ps.fix?.text ?? '', fix);
    }
  });

  it('a fix that runs a command opens a terminal for it', async () => {
    const before = vscode.window.terminals.length;
    await runFixAction({ kind: 'runInTerminal', command: 'echo az login' });
    assert.equal(vscode.window.terminals.length, before + 1);
    const terminal = vscode.window.terminals[vscode.window.terminals.length - 1];
    assert.equal(terminal.name, 'Azure Identity: fix');
    terminal.dispose();
  });
});
