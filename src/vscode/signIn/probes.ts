// What can sign in here, found out together and within a short bound before the sign-in picker opens: the
// environment's service principal variables, the Azure CLI's and Azure PowerShell's accounts, a managed
// identity that answers. Each probe says its state in words the picker shows. The Azure CLI is asked once
// (its answer is kept for a while and shared with the "Found on this machine" group). Plain Node.
import { execFile } from 'node:child_process';

export type ProbeState = 'available' | 'unavailable' | 'unknown';

export interface ProbeResult {
  readonly state: ProbeState;
  /** "signed in as bob@contoso.com", "not signed in: run az login", "not on Azure". */
  readonly detail: string;
  /** For the Azure CLI: who, for "Found on this machine". */
  readonly username?: string;
  readonly tenantId?: string;
  readonly subscription?: string;
}

export interface AzureCliAccount {
  readonly username: string;
  readonly userType: string;
  readonly tenantId: string;
  readonly subscription?: string;
  readonly environment?: string;
}

/** Runs a tool with a timeout; resolves with its exit code and output (never logged: it may hold tokens). */
export function runTool(command: string, args: readonly string[], timeoutMs: number, env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; stdout: string; stderr: string; missing: boolean }> {
  return new Promise((resolve) => {
    const child = execFile(
      command,
      [...args],
      { timeout: timeoutMs, env, windowsHide: true, shell: process.platform === 'win32', maxBuffer: 1024 * 1024, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        const code = error ? ((error as NodeJS.ErrnoException & { code?: unknown }).code === 'ENOENT' ? null : typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : -1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr), missing: (error as NodeJS.ErrnoException | null)?.code === 'ENOENT' });
      },
    );
    child.stdin?.end();
  });
}

/** `az account show`: the account the Azure CLI is signed in to, or why there is none. */
export async function readAzureCliAccount(timeoutMs = 10_000, env: NodeJS.ProcessEnv = process.env): Promise<{ account?: AzureCliAccount; result: ProbeResult }> {
  const run = await runTool('az', ['account', 'show', '--output', 'json'], timeoutMs, env);
  if (run.missing) return { result: { state: 'unavailable', detail: 'the Azure CLI is not installed' } };
  if (run.code !== 0) {
    if (/az login|Please run|No subscriptions/i.test(run.stderr)) return { result: { state: 'unavailable', detail: 'not signed in: run az login' } };
    return { result: { state: 'unknown', detail: run.code === -1 ? 'the Azure CLI did not answer in time' : 'the Azure CLI could not tell who is signed in' } };
  }
  try {
    const shown = JSON.parse(run.stdout) as { user?: { name?: unknown; type?: unknown }; tenantId?: unknown; homeTenantId?: unknown; name?: unknown; environmentName?: unknown };
    const username = typeof shown.user?.name === 'string' ? shown.user.name : undefined;
    const tenantId = typeof shown.tenantId === 'string' ? shown.tenantId : undefined;
    if (!username || !tenantId) return { result: { state: 'unknown', detail: 'the Azure CLI answered without an account' } };
    const account: AzureCliAccount = {
      username,
      userType: typeof shown.user?.type === 'string' ? shown.user.type : 'user',
      tenantId,
      subscription: typeof shown.name === 'string' ? shown.name : undefined,
      environment: typeof shown.environmentName === 'string' ? shown.environmentName : undefined,
    };
    return { account, result: { state: 'available', detail: `signed in as ${username}`, username, tenantId, subscription: account.subscription } };
  } catch {
    return { result: { state: 'unknown', detail: 'the Azure CLI answered something that is not JSON' } };
  }
}

/** Keeps one answer of a slow probe for a while, and shares one run among concurrent askers. */
export class Memo<T> {
  private value: { at: number; promise: Promise<T> } | undefined;
  constructor(private readonly run: () => Promise<T>, private readonly ttlMs: number, private readonly now: () => number = Date.now) {}

  get(options: { fresh?: boolean } = {}): Promise<T> {
    if (!options.fresh && this.value && this.now() - this.value.at < this.ttlMs) return this.value.promise;
    const promise = this.run();
    this.value = { at: this.now(), promise };
    promise.catch(() => {
      if (this.value?.promise === promise) this.value = undefined;
    });
    return promise;
  }

  clear(): void {
    this.value = undefined;
  }
}

/** The environment's service principal: which of EnvironmentCredential's variables are set (no secret read out). */
export function probeEnvironment(env: NodeJS.ProcessEnv = process.env): ProbeResult {
  const has = (name: string) => typeof env[name] === 'string' && env[name] !== '';
  if (!has('AZURE_TENANT_ID') || !has('AZURE_CLIENT_ID')) return { state: 'unavailable', detail: 'AZURE_TENANT_ID and AZURE_CLIENT_ID are not set' };
  if (has('AZURE_CLIENT_SECRET')) return { state: 'available', detail: `client ${env.AZURE_CLIENT_ID} with a secret` };
  if (has('AZURE_CLIENT_CERTIFICATE_PATH')) return { state: 'available', detail: `client ${env.AZURE_CLIENT_ID} with a certificate` };
  if (has('AZURE_USERNAME') && has('AZURE_PASSWORD')) return { state: 'available', detail: `user ${env.AZURE_USERNAME}` };
  return { state: 'unavailable', detail: 'AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH is not set' };
}

/** Azure PowerShell: pwsh on PATH with an Az context. Bounded; "unknown" when it takes too long. */
export async function probeAzurePowerShell(timeoutMs = 10_000, env: NodeJS.ProcessEnv = process.env): Promise<ProbeResult> {
  const run = await runTool('pwsh', ['-NoProfile', '-NonInteractive', '-Command', '$c = Get-AzContext -ErrorAction SilentlyContinue; if ($c) { $c.Account.Id } else { exit 3 }'], timeoutMs, env);
  if (run.missing) return { state: 'unavailable', detail: 'PowerShell (pwsh) is not installed' };
  if (run.code === 3) return { state: 'unavailable', detail: 'not signed in: run Connect-AzAccount' };
  if (run.code !== 0) return { state: 'unknown', detail: run.code === -1 ? 'PowerShell did not answer in time' : 'the Az module may be missing: Install-Module Az' };
  const who = run.stdout.trim().split(/\r?\n/).pop()?.trim();
  return who ? { state: 'available', detail: `signed in as ${who}`, username: who } : { state: 'unknown', detail: 'PowerShell answered without an account' };
}

/** Runs probes together; any still running at `boundMs` reports "unknown" (it keeps running, its answer unused). */
export async function withinBound<T extends Record<string, Promise<ProbeResult>>>(probes: T, boundMs: number): Promise<{ [K in keyof T]: ProbeResult }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), boundMs);
    timer.unref?.();
  });
  const entries = await Promise.all(
    Object.entries(probes).map(async ([name, probe]) => {
      const result = await Promise.race([probe.catch((error: unknown): ProbeResult => ({ state: 'unknown', detail: error instanceof Error ? error.message : String(error) })), late]);
      return [name, result === 'late' ? { state: 'unknown' as const, detail: 'still checking' } : result] as const;
    }),
  );
  if (timer) clearTimeout(timer);
  return Object.fromEntries(entries) as { [K in keyof T]: ProbeResult };
}
