// Sign-ins announce how they ended here, and telemetry listens: the sign-in flow need not know telemetry,
// and every way in (Accounts menu, Sign In command, welcome view, "Sign in to tenant") is counted the same.
import type { SignInMethod } from '../accounts/accountServiceContract';
import type { SignInOutcome } from './telemetryEvents';

export interface SignInOutcomeEvent {
  readonly method: SignInMethod;
  readonly outcome: SignInOutcome;
  readonly durationMs: number;
  /** The failure, for its AADSTS code or error name (telemetry never sends its message). */
  readonly error?: unknown;
}

type Listener = (event: SignInOutcomeEvent) => void;
const listeners = new Set<Listener>();

export function onSignInOutcome(listener: Listener): { dispose(): void } {
  listeners.add(listener);
  return { dispose: () => listeners.delete(listener) };
}

/** Called by the sign-in flow once per sign-in, however it ended. A broken listener never breaks a sign-in. */
export function announceSignInOutcome(event: SignInOutcomeEvent): void {
  for (const listener of listeners) {
    try {
      listener(event);
    } catch {
      // ignored on purpose
    }
  }
}
