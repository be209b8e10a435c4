// ChainedTokenCredential: tries credentials in order; the first token wins. CredentialUnavailableError and
// AuthenticationRequiredError move on to the next credential, any other error stops the chain. When every
// credential is unavailable, the error lists each attempt in order with its message.
//
// Speed without changing the answer: a credential whose availability only shows after a wait (the IMDS probe,
// running `az`) may declare itself safe to start early. While the chain waits on such a credential it also
// starts the later ones that allow it, then still decides strictly by order; the ones not needed are cancelled
// (their processes killed). A chain of unavailable credentials then costs the slowest of them, not the sum.
import { AggregateAuthenticationError, AuthenticationRequiredErrorName, CredentialUnavailableError, CredentialUnavailableErrorName, InvalidArgumentError, errorMessage } from '../errors';
import { emitCredentialEvent, hasCredentialEventListeners } from '../events';
import type { AbortSignalLike, AccessToken, GetTokenOptions, TokenCredential } from '../types';

/** The key under which a credential tells a chain how it may be scheduled. */
export const chainHint: unique symbol = Symbol.for('azure-identity-vscode.chainHint');

export interface ChainHint {
  /**
   * available: configured, so its answer (token or hard error) decides the chain;
   * unavailable: will throw CredentialUnavailableError at once, without side effects;
   * unknown: only trying tells (a probe, a tool run).
   */
  availability: 'available' | 'unavailable' | 'unknown';
  /** Safe to start before its turn and cancel if not needed: no prompt, no user-visible side effect. */
  speculative: boolean;
}

interface ChainMember extends TokenCredential {
  [chainHint]?: () => ChainHint;
}

/** One credential's result, as the final error lists it. */
export interface ChainAttempt {
  credential: string;
  error: unknown;
}

export interface ChainResult {
  token: AccessToken;
  credential: TokenCredential;
}

const TROUBLESHOOTING = 'To mitigate this issue, please refer to the troubleshooting guidelines here at https://aka.ms/azsdk/js/identity/defaultazurecredential/troubleshoot.';

export class ChainedTokenCredential implements TokenCredential {
  readonly credentialName: string = 'ChainedTokenCredential';
  protected readonly sources: readonly TokenCredential[];

  constructor(...sources: TokenCredential[]) {
    if (sources.length === 0) throw new InvalidArgumentError('sources', 'ChainedTokenCredential needs at least one credential.');
    this.sources = sources;
  }

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    return (await this.runChain(this.sources, scopes, options)).token;
  }

  /** Runs `sources` in order (with early starts where allowed); resolves with the winner. */
  protected async runChain(sources: readonly TokenCredential[], scopes: string | string[], options: GetTokenOptions | undefined): Promise<ChainResult> {
    const attempts: ChainAttempt[] = [];
    const runs: (Run | undefined)[] = new Array(sources.length);
    const hints = sources.map(hintOf);
    try {
      for (let i = 0; i < sources.length; i++) {
        // The later ones first, and this one only after they have reached their first real wait (a macrotask
        // later): a tool's process, the slowest part at hundreds of milliseconds, is then already running
        // while this one loads its HTTP client and sends its probe, instead of starting after them.
        const startedEarly = hints[i]?.availability === 'unknown' && this.startEarly(sources, hints, runs, i, scopes, options);
        runs[i] ??= startRun(sources[i], scopes, options, hints[i] === undefined, startedEarly);
        const outcome = await (runs[i] as Run).result;
        if (outcome.token) return { token: outcome.token, credential: sources[i] };
        const error = outcome.error;
        if (isChainContinuing(error)) {
          attempts.push({ credential: credentialNameOf(sources[i]), error });
          continue;
        }
        throw error;
      }
    } finally {
      // Whatever was started early and is no longer needed is cancelled: no az or pwsh left running.
      for (const run of runs) run?.cancel();
    }
    throw new AggregateAuthenticationError(attempts.map((a) => a.error), this.aggregateMessage(attempts));
  }

  /** The reference's text: the class, then each attempt on its own line. */
  protected aggregateMessage(attempts: readonly ChainAttempt[]): string {
    const lines = attempts.map((a) => `\t${a.credential}: ${errorMessage(a.error)}`);
    return `${this.credentialName} failed to retrieve a token from the included credentials.\nAttempted credentials:\n${lines.join('\n')}\n${TROUBLESHOOTING}`;
  }

  private startEarly(
    sources: readonly TokenCredential[],
    hints: readonly (ChainHint | undefined)[],
    runs: (Run | undefined)[],
    from: number,
    scopes: string | string[],
    options: GetTokenOptions | undefined,
  ): boolean {
    let started = false;
    for (let j = from + 1; j < sources.length; j++) {
      const hint = hints[j];
      if (!hint || hint.availability === 'unavailable') continue;
      if (hint.speculative && !runs[j]) {
        runs[j] = startRun(sources[j], scopes, options, false);
        started = true;
      }
      // A configured credential decides the chain: nothing after it can be needed unless it turns out unavailable.
      if (hint.availability === 'available') break;
    }
    return started;
  }
}

interface RunOutcome {
  token?: AccessToken;
  error?: unknown;
}

interface Run {
  result: Promise<RunOutcome>;
  cancel(): void;
}

/**
 * Starts one credential with its own cancellation, linked to the caller's. Never rejects. Its getToken is
 * called in a microtask, or with `afterOthers` in a macrotask (once the runs started before it have reached
 * their first I/O wait).
 */
function startRun(credential: TokenCredential, scopes: string | string[], options: GetTokenOptions | undefined, reportEvent: boolean, afterOthers = false): Run {
  const controller = new AbortController();
  const callerSignal: AbortSignalLike | undefined = options?.abortSignal;
  const onCallerAbort = (): void => controller.abort();
  if (callerSignal?.aborted) controller.abort();
  else callerSignal?.addEventListener('abort', onCallerAbort);
  const started = Date.now();
  let finished = false;
  const result = (afterOthers ? new Promise<void>((resolve) => setImmediate(resolve)) : Promise.resolve())
    .then(() => credential.getToken(scopes, { ...options, abortSignal: controller.signal }))
    .then(
      (token): RunOutcome =>
        token ? { token } : { error: new CredentialUnavailableError(`${credentialNameOf(credential)} returned no token.`) },
      (error: unknown): RunOutcome => ({ error }),
    )
    .then((outcome) => {
      finished = true;
      callerSignal?.removeEventListener('abort', onCallerAbort);
      // Our credentials report their own events; a foreign one gets an event from the chain.
      if (reportEvent) reportForeignAttempt(credential, scopes, options, outcome, started);
      return outcome;
    });
  return {
    result,
    cancel: () => {
      if (!finished) controller.abort();
    },
  };
}

function reportForeignAttempt(credential: TokenCredential, scopes: string | string[], options: GetTokenOptions | undefined, outcome: RunOutcome, started: number): void {
  if (!hasCredentialEventListeners(undefined)) return;
  const unavailable = outcome.error !== undefined && isChainContinuing(outcome.error);
  emitCredentialEvent(
    {
      credential: credentialNameOf(credential),
      outcome: outcome.token ? 'success' : unavailable ? 'unavailable' : 'error',
      durationMs: Date.now() - started,
      cached: false,
      scopes: typeof scopes === 'string' ? [scopes] : [...scopes],
      tenantId: options?.tenantId,
      reason: outcome.error === undefined ? undefined : errorMessage(outcome.error),
      errorName: outcome.error instanceof Error ? outcome.error.name : undefined,
      timestamp: started,
    },
    undefined,
  );
}

function hintOf(credential: TokenCredential): ChainHint | undefined {
  const hint = (credential as ChainMember)[chainHint];
  return typeof hint === 'function' ? hint.call(credential) : undefined;
}

/** Errors after which the chain tries the next credential. */
export function isChainContinuing(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === CredentialUnavailableErrorName || error.name === AuthenticationRequiredErrorName;
}

/** A credential's name for messages: its `credentialName` when it has one (survives minification), else its class. */
export function credentialNameOf(credential: TokenCredential): string {
  const named = (credential as { credentialName?: unknown }).credentialName;
  if (typeof named === 'string' && named) return named;
  return credential.constructor?.name || 'TokenCredential';
}
