// The extension's telemetry: which events exist, what each carries, and the rule that keeps personal data
// out. Every property value comes from a closed list (a sign-in method, an outcome, an AADSTS code, a
// well-known resource) and is checked once more before it leaves; never a user name, tenant or object id,
// scope beyond the well-known resources, file path, message or token. Plain TypeScript: the sink is
// @vscode/extension-telemetry's TelemetryReporter in the extension (which sends nothing when VS Code's
// telemetry is off) and a recorder in the tests.
import type { SignInMethod, TokenConsumer, TokenHandOut } from '../accounts/accountServiceContract';
import type { ChainReport } from '../report/chainReport';
import { failureCode } from './errorCode';

/** What TelemetryReporter offers, as far as we use it. */
export interface TelemetrySink {
  sendTelemetryEvent(eventName: string, properties?: Record<string, string>, measurements?: Record<string, number>): void;
  sendTelemetryErrorEvent(eventName: string, properties?: Record<string, string>, measurements?: Record<string, number>): void;
}

export const TELEMETRY_EVENTS = {
  signIn: 'signIn',
  diagnoseSignIn: 'diagnoseSignIn',
  tokenHandOuts: 'tokenHandOuts',
} as const;

export type SignInOutcome = 'success' | 'cancelled' | 'failed';

/** The resources whose names may be sent; every other scope is counted as `other`. */
const WELL_KNOWN_RESOURCES: readonly [RegExp, string][] = [
  [/^https:\/\/management\.(?:core\.windows\.net|azure\.com|chinacloudapi\.cn|usgovcloudapi\.net|microsoftazure\.de)\/?/i, 'arm'],
  [/^https:\/\/graph\.(?:microsoft\.com|microsoft\.us|chinacloudapi\.cn|windows\.net)\/?/i, 'graph'],
  [/^https:\/\/(?:[a-z0-9-]+\.)?storage\.azure\.com\/?/i, 'storage'],
  [/^https:\/\/vault\.(?:azure\.net|azure\.cn|usgovcloudapi\.net)\/?/i, 'keyVault'],
  [/^https:\/\/(?:[a-z0-9-]+\.)?database\.windows\.net\/?/i, 'sql'],
  [/^https:\/\/cognitiveservices\.azure\.com\/?/i, 'cognitiveServices'],
  [/^https:\/\/ossrdbms-aad\.database\.windows\.net\/?/i, 'ossrdbms'],
  [/^https:\/\/servicebus\.azure\.net\/?/i, 'serviceBus'],
  [/^https:\/\/eventhubs\.azure\.net\/?/i, 'eventHubs'],
];

const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

/** `arm`, `graph`, … for the first non-OIDC scope; `other` for anything else (its name is never sent). */
export function resourceCategory(scopes: readonly string[]): string {
  const scope = scopes.find((s) => !OIDC_SCOPES.has(s.toLowerCase()) && !s.startsWith('VSCODE_'));
  if (!scope) return 'none';
  for (const [pattern, name] of WELL_KNOWN_RESOURCES) if (pattern.test(scope)) return name;
  return 'other';
}

function handOutKind(consumer: TokenConsumer): string {
  return consumer.kind === 'terminal' ? `terminal_${consumer.protocol}` : consumer.kind;
}

/** The last line of defence: a value that is not a short identifier-like word is dropped, not sent. */
const SAFE_VALUE = /^[A-Za-z0-9_.:-]{1,64}$/;

export function safeProperties(properties: Record<string, string | undefined>): Record<string, string> {
  const safe: Record<string, string> = {};
  for (const [key, value] of Object.entries(properties)) if (value !== undefined && SAFE_VALUE.test(value)) safe[key] = value;
  return safe;
}

export interface ExtensionTelemetryOptions {
  /** How often the hand-out counts are sent. Default 15 minutes; 0 sends them only on flush and dispose. */
  readonly handOutFlushIntervalMs?: number;
}

export class ExtensionTelemetry {
  private handOuts = new Map<string, number>();
  private readonly timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly sink: TelemetrySink, options: ExtensionTelemetryOptions = {}) {
    const interval = options.handOutFlushIntervalMs ?? 15 * 60_000;
    if (interval > 0) {
      this.timer = setInterval(() => this.flush(), interval);
      this.timer.unref?.();
    }
  }

  /** A sign-in finished: the method, how it ended, how long it took, and the AADSTS or error code. */
  signIn(method: SignInMethod, outcome: SignInOutcome, durationMs: number, error?: unknown): void {
    const properties = safeProperties({ method, outcome, errorCode: outcome === 'failed' ? failureCode(error) : undefined });
    const measurements = { durationMs: Math.round(durationMs) };
    if (outcome === 'failed') this.sink.sendTelemetryErrorEvent(TELEMETRY_EVENTS.signIn, properties, measurements);
    else this.sink.sendTelemetryEvent(TELEMETRY_EVENTS.signIn, properties, measurements);
  }

  /** A "Diagnose Sign-In" report: each member's outcome and code, the winner, the time. */
  report(report: ChainReport): void {
    const properties: Record<string, string | undefined> = { winner: report.winner ?? 'none' };
    const measurements: Record<string, number> = { durationMs: Math.round(report.durationMs) };
    for (const entry of report.entries) {
      properties[`${entry.member}Outcome`] = entry.outcome;
      if (entry.outcome !== 'success' && entry.code) properties[`${entry.member}Code`] = entry.code;
      measurements[`${entry.member}Ms`] = Math.round(entry.durationMs);
    }
    this.sink.sendTelemetryEvent(TELEMETRY_EVENTS.diagnoseSignIn, safeProperties(properties), measurements);
  }

  /** Counts a hand-out by consumer kind and resource; sent in batches (one event per flush, none when idle). */
  handOut(handOut: Pick<TokenHandOut, 'consumer' | 'scopes' | 'cached'>): void {
    const key = `${handOutKind(handOut.consumer)}|${resourceCategory(handOut.scopes)}|${handOut.cached ? 'cached' : 'fresh'}`;
    this.handOuts.set(key, (this.handOuts.get(key) ?? 0) + 1);
  }

  /** Sends the hand-out counts gathered since the last flush: one event per consumer kind and resource. */
  flush(): void {
    const counts = this.handOuts;
    this.handOuts = new Map();
    const grouped = new Map<string, { cached: number; fresh: number }>();
    for (const [key, count] of counts) {
      const [kind, resource, freshness] = key.split('|');
      const group = grouped.get(`${kind}|${resource}`) ?? { cached: 0, fresh: 0 };
      if (freshness === 'cached') group.cached += count;
      else group.fresh += count;
      grouped.set(`${kind}|${resource}`, group);
    }
    for (const [key, { cached, fresh }] of grouped) {
      const [consumer, resource] = key.split('|');
      this.sink.sendTelemetryEvent(TELEMETRY_EVENTS.tokenHandOuts, safeProperties({ consumer, resource }), { count: cached + fresh, cached, fresh });
    }
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.flush();
  }
}
