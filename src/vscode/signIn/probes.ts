// What can sign in here, found out together and within a short bound before the sign-in picker opens: the
// environment's service principal variables, the Azure CLI's and Azure PowerShell's accounts, a managed
// identity that answers. Each probe says its state in words the picker shows. The Azure CLI is asked once
// (its answer is kept for a while and shared with the "Found on this machine" group). Plain Node.
import { execFile } from 'node:child_process';
import type { AccessToken, TokenCredential } from '../../identity/index';
import { identityFromToken } from '../accounts/tokenClaims';
import { t } from '../report/localize';

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

/** What asking the Azure CLI once told: who is signed in (or why no one is) and, when someone is, the token it gave. */
export interface AzureCliAnswer {
  readonly account?: AzureCliAccount;
  readonly result: ProbeResult;
  /** The token `az account get-access-token` gave for `resource`: the sign-in that follows uses it, not az again. */
  readonly token?: AccessToken;
  readonly resource?: string;
}

/**
 * `az account get-access-token`: the account the Azure CLI is signed in to (named by the token's claims), or
 * why there is none. One run answers both the picker ("signed in as …") and the sign-in that may follow.
 */
export async function readAzureCliAccount(timeoutMs = 10_000, env: NodeJS.ProcessEnv = process.env, resource = 'https://management.azure.com'): Promise<AzureCliAnswer> {
  const run = await runTool('az', ['account', 'get-access-token', '--output', 'json', '--resource', resource], timeoutMs, env);
  if (run.missing) return { result: { state: 'unavailable', detail: t('the Azure CLI is not installed') } };
  if (run.code !== 0) {
    if (/az login|Please run|No subscriptions/i.test(run.stderr)) return { result: { state: 'unavailable', detail: t('not signed in: run az login') } };
    return { result: { state: 'unknown', detail: run.code === -1 ? 'the Azure CLI did not answer in time' : 'the Azure CLI could not tell who is signed in' } };
  }
  const shown = parseJson(run.stdout) as { accessToken?: unknown; expires_on?: unknown; expiresOn?: unknown; subscription?: unknown; tenant?: unknown } | undefined;
  const expiresOnTimestamp = shown ? cliExpiry(shown) : undefined;
  if (!shown || typeof shown.accessToken !== 'string' || shown.accessToken === '' || expiresOnTimestamp === undefined) {
    return { result: { state: 'unknown', detail: t('the Azure CLI answered something that is not a token') } };
  }
  const token: AccessToken = { token: shown.accessToken, expiresOnTimestamp, tokenType: 'Bearer' };
  const who = identityFromToken(token.token);
  const username = who.username ?? who.appId;
  const tenantId = who.tenantId ?? (typeof shown.tenant === 'string' ? shown.tenant : undefined);
  if (!username || !tenantId) return { result: { state: 'unknown', detail: t('the Azure CLI answered without an account') } };
  const account: AzureCliAccount = {
    username,
    userType: who.username ? 'user' : 'servicePrincipal',
    tenantId,
    subscription: typeof shown.subscription === 'string' ? shown.subscription : undefined,
  };
  return { account, token, resource, result: { state: 'available', detail: t('signed in as {0}', username), username, tenantId, subscription: account.subscription } };
}

function parseJson(text: string): unknown {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

/** `expires_on` (epoch seconds, az 2.54+), else `expiresOn`: a local time "YYYY-MM-DD HH:MM:SS.ffffff". */
function cliExpiry(shown: { expires_on?: unknown; expiresOn?: unknown }): number | undefined {
  const epoch = shown.expires_on;
  if (typeof epoch === 'number' || (typeof epoch === 'string' && /^\d+$/.test(epoch))) return Number(epoch) * 1000;
  const match = typeof shown.expiresOn === 'string' ? /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(shown.expiresOn.trim()) : null;
  if (!match) return undefined;
  const [, y, mo, d, h, mi, se] = match.map(Number);
  const local = new Date(y, mo - 1, d, h, mi, se).getTime();
  return Number.isFinite(local) ? local : undefined;
}

/** Keeps one answer of a slow probe for a while, and shares one run among concurrent askers. */
export class Memo<T> {
  private value: { at: number; promise: Promise<T>; settled?: T } | undefined;
  constructor(private readonly run: () => Promise<T>, private readonly ttlMs: number, private readonly now: () => number = Date.now) {}

  get(options: { fresh?: boolean } = {}): Promise<T> {
    if (!options.fresh && this.value && this.now() - this.value.at < this.ttlMs) return this.value.promise;
    const promise = this.run();
    const value: { at: number; promise: Promise<T>; settled?: T } = { at: this.now(), promise };
    this.value = value;
    promise.then(
      (settled) => {
        value.settled = settled;
      },
      () => {
        if (this.value?.promise === promise) this.value = undefined;
      },
    );
    return promise;
  }

  /** The last answer if it has arrived and is younger than `maxAgeMs`; never runs the probe. */
  peek(maxAgeMs: number): T | undefined {
    const value = this.value;
    return value && value.settled !== undefined && this.now() - value.at < maxAgeMs ? value.settled : undefined;
  }

  clear(): void {
    this.value = undefined;
  }
}

/** How long the Azure CLI's answer to the picker stands in for asking it again when the person picks it. */
export const AZURE_CLI_REUSE_MS = 60_000;

/**
 * The credential an Azure CLI sign-in uses: when the picker asked az a moment ago (within `maxAgeMs`) for the
 * same resource and its token is not near expiry, that token answers the sign-in (and the account's first
 * request for it); anything else goes to az. So a sign-in through the picker runs az once.
 */
export function azureCliSignInCredential(cli: TokenCredential, answer: AzureCliAnswer | undefined, now: () => number = Date.now): TokenCredential {
  const token = answer?.token;
  const resource = answer?.resource?.replace(/\/+$/, '');
  if (!token || !resource) return cli;
  return {
    getToken: async (scopes, options) => {
      const list = typeof scopes === 'string' ? [scopes] : scopes;
      const sameResource = list.length === 1 && list[0].replace(/\/?\.default$/, '').replace(/\/+$/, '') === resource;
      const plain = !options?.tenantId && !options?.claims && !options?.enableCae;
      // Like the library: five minutes before expiry a token is due for refresh, and az is asked.
      if (sameResource && plain && token.expiresOnTimestamp - now() > 5 * 60_000) return token;
      return cli.getToken(scopes, options);
    },
  };
}

/** The environment's service principal: which of EnvironmentCredential's variables are set (no secret read out). */
export function probeEnvironment(env: NodeJS.ProcessEnv = process.env): ProbeResult {
  const has = (name: string) => typeof env[name] === 'string' && env[name] !== '';
  if (!has('AZURE_TENANT_ID') || !has('AZURE_CLIENT_ID')) return { state: 'unavailable', detail: t('AZURE_TENANT_ID and AZURE_CLIENT_ID are not set') };
  if (has('AZURE_CLIENT_SECRET')) return { state: 'available', detail: t('client {0} with a secret', env.AZURE_CLIENT_ID ?? '') };
  if (has('AZURE_CLIENT_CERTIFICATE_PATH')) return { state: 'available', detail: t('client {0} with a certificate', env.AZURE_CLIENT_ID ?? '') };
  if (has('AZURE_USERNAME') && has('AZURE_PASSWORD')) return { state: 'available', detail: t('user {0}', env.AZURE_USERNAME ?? '') };
  return { state: 'unavailable', detail: t('AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH is not set') };
}

/** Azure PowerShell: pwsh on PATH with an Az context. Bounded; "unknown" when it takes too long. */
export async function probeAzurePowerShell(timeoutMs = 10_000, env: NodeJS.ProcessEnv = process.env): Promise<ProbeResult> {
  const run = await runTool('pwsh', ['-NoProfile', '-NonInteractive', '-Command', '$c = Get-AzContext -ErrorAction SilentlyContinue; if ($c) { $c.Account.Id } else { exit 3 }'], timeoutMs, env);
  if (run.missing) return { state: 'unavailable', detail: t('PowerShell (pwsh) is not installed') };
  if (run.code === 3) return { state: 'unavailable', detail: t('not signed in: run Connect-AzAccount') };
  if (run.code !== 0) return { state: 'unknown', detail: run.code === -1 ? 'PowerShell did not answer in time' : 'the Az module may be missing: Install-Module Az' };
  const who = run.stdout.trim().split(/\r?\n/).pop()?.trim();
  return who ? { state: 'available', detail: t('signed in as {0}', who), username: who } : { state: 'unknown', detail: t('PowerShell answered without an account') };
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
      return [name, result === 'late' ? { state: 'unknown' as const, detail: t('still checking') } : result] as const;
    }),
  );
  if (timer) clearTimeout(timer);
  return Object.fromEntries(entries) as { [K in keyof T]: ProbeResult };
}
