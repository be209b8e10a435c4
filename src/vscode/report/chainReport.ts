// The credential chain report's model and builder: every credential DefaultAzureCredential would try, probed
// at the same time, each with its result, time, reason and the fix to try; then which one a program would
// use and why. Plain TypeScript: the probes are given, so tests run it against the emulator and stand-in tools.

import { t } from './localize';

/** The chain's members in DefaultAzureCredential's order. */
export const CHAIN_ORDER = [
  'environment',
  'workloadIdentity',
  'managedIdentity',
  'azureCli',
  'azurePowerShell',
  'azureDeveloperCli',
  'visualStudioCode',
] as const;

export type ChainMember = (typeof CHAIN_ORDER)[number];

export const CREDENTIAL_NAMES: Record<ChainMember, string> = {
  environment: 'EnvironmentCredential',
  workloadIdentity: 'WorkloadIdentityCredential',
  managedIdentity: 'ManagedIdentityCredential',
  azureCli: 'AzureCliCredential',
  azurePowerShell: 'AzurePowerShellCredential',
  azureDeveloperCli: 'AzureDeveloperCliCredential',
  visualStudioCode: 'VisualStudioCodeCredential',
};

/** Read when shown (getters): the words follow VS Code's display language. */
export const MEMBER_TITLES: Record<ChainMember, string> = {
  get environment() { return t('Environment variables'); },
  get workloadIdentity() { return t('Workload identity'); },
  get managedIdentity() { return t('Managed identity'); },
  get azureCli() { return t('Azure CLI'); },
  get azurePowerShell() { return t('Azure PowerShell'); },
  get azureDeveloperCli() { return t('Azure Developer CLI'); },
  get visualStudioCode() { return t('VS Code account (Azure Identity)'); },
};

/**
 * `success`: a token came back. `unavailable`: not set up here, the chain moves on. `error`: set up but
 * failing, which stops DefaultAzureCredential. `skipped`: covered by another member (workload identity
 * answers for managed identity when configured).
 */
export type ProbeOutcome = 'success' | 'unavailable' | 'error' | 'skipped';

/** What a fix button does; the VS Code layer carries it out. */
export type FixAction =
  | { readonly kind: 'signIn' }
  | { readonly kind: 'openSettings'; readonly query: string }
  | { readonly kind: 'runInTerminal'; readonly command: string }
  | { readonly kind: 'openUrl'; readonly url: string };

export interface Fix {
  /** In words a person acts on: "az is installed but not signed in: run az login". */
  readonly text: string;
  readonly action?: FixAction;
  /** The button's label, for example "Run az login". */
  readonly actionLabel?: string;
}

export interface ProbeResult {
  readonly outcome: ProbeOutcome;
  /** What happened, in one sentence. */
  readonly reason: string;
  readonly fix?: Fix;
  /** Who the token is for (user name, app or identity id), when known: masked in a copied report. */
  readonly identity?: string;
  /** AADSTS code or error name, for telemetry. */
  readonly code?: string;
}

export interface ReportEntry extends ProbeResult {
  readonly member: ChainMember;
  readonly credential: string;
  readonly durationMs: number;
}

export interface ChainReport {
  /** The scope every probe asked a token for. */
  readonly scope: string;
  readonly startedAt: number;
  /** Wall time of the whole report: the probes run at the same time. */
  readonly durationMs: number;
  readonly entries: readonly ReportEntry[];
  /** The member a program using DefaultAzureCredential would end with, if any. */
  readonly winner?: ChainMember;
  /** Which credential a program would use and why, or why it would fail. */
  readonly verdict: string;
}

export interface ProbeContext {
  readonly scope: string;
  readonly abortSignal: AbortSignal;
}

export type Probe = (context: ProbeContext) => Promise<ProbeResult>;

export type ChainProbes = Record<ChainMember, Probe>;

export interface BuildReportOptions {
  readonly scope: string;
  /** Each probe's bound; a probe still running then is reported as not answering. Default 30 s. */
  readonly probeTimeoutMs?: number;
  readonly now?: () => number;
  readonly abortSignal?: AbortSignal;
}

const DEFAULT_PROBE_TIMEOUT_MS = 30_000;

export async function buildChainReport(probes: ChainProbes, options: BuildReportOptions): Promise<ChainReport> {
  const now = options.now ?? (() => performance.now());
  const startedAt = Date.now();
  const begin = now();
  const timeoutMs = options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const entries = await Promise.all(CHAIN_ORDER.map((member) => runProbe(member, probes[member], options.scope, timeoutMs, now, options.abortSignal)));
  const { winner, verdict } = decide(entries);
  return { scope: options.scope, startedAt, durationMs: now() - begin, entries, winner, verdict };
}

async function runProbe(member: ChainMember, probe: Probe, scope: string, timeoutMs: number, now: () => number, outer: AbortSignal | undefined): Promise<ReportEntry> {
  const controller = new AbortController();
  const onOuterAbort = (): void => controller.abort();
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const started = now();
  const timedOut = new Promise<ProbeResult>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({
        outcome: 'unavailable',
        reason: t('No answer within {0} s; the report stopped waiting.', Math.round(timeoutMs / 1000)),
        fix: { text: t('{0} hangs: run the tool by hand to see what it waits for (a prompt, a proxy).', MEMBER_TITLES[member]) },
        code: 'Timeout',
      });
    }, timeoutMs);
  });
  try {
    const result = await Promise.race([
      probe({ scope, abortSignal: controller.signal }).catch((error: unknown): ProbeResult => ({
        outcome: 'error',
        reason: t('The probe itself failed: {0}', error instanceof Error ? error.message : String(error)),
        code: 'ProbeFailed',
      })),
      timedOut,
    ]);
    return { member, credential: CREDENTIAL_NAMES[member], durationMs: now() - started, ...result };
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}

/** DefaultAzureCredential's rule: the first success wins; an error (not unavailable) before it stops the chain. */
export function decide(entries: readonly ReportEntry[]): { winner?: ChainMember; verdict: string } {
  const passedOver: string[] = [];
  for (const entry of entries) {
    if (entry.outcome === 'success') {
      const names = passedOver.length > 1 ? t('{0} and {1}', passedOver.slice(0, -1).join(', '), passedOver[passedOver.length - 1]) : passedOver[0];
      const credential = entry.identity ? t('{0} as {1}', entry.credential, entry.identity) : entry.credential;
      const verdict =
        passedOver.length === 0
          ? t('A program using DefaultAzureCredential here signs in with {0}, the first credential of the chain.', credential)
          : passedOver.length === 1
            ? t('A program using DefaultAzureCredential here signs in with {0}, after {1} was not available.', credential, names)
            : t('A program using DefaultAzureCredential here signs in with {0}, after {1} were not available.', credential, names);
      return { winner: entry.member, verdict };
    }
    if (entry.outcome === 'error') {
      return {
        verdict: t('A program using DefaultAzureCredential here fails at {0}: it is set up but failing, and the chain stops at the first credential that fails this way. Fix it (see below), or remove its configuration so the chain moves on.', entry.credential),
      };
    }
    if (entry.outcome === 'unavailable') passedOver.push(entry.credential);
  }
  return {
    verdict: t('A program using DefaultAzureCredential here gets no token: no credential of the chain is set up. The quickest fix: sign in to Azure Identity in VS Code, or run az login.'),
  };
}
