// Remembers, process-wide and for a while, that something is not there: "az is not installed", "IMDS does
// not answer". A chain asked again (or a new DefaultAzureCredential) then skips it in microseconds instead of
// paying the same timeout again. Entries expire, so a tool installed or signed in later is noticed.
import { CredentialUnavailableError } from './errors';

interface Entry {
  readonly message: string;
  readonly until: number;
}

/** How long each kind of absence is remembered by default. */
export const UNAVAILABILITY_TTL_MS = {
  /** No program of that name on PATH: installing one takes a while. */
  toolNotFound: 60_000,
  /** Installed but not signed in: a person may sign in any moment, so keep this short. */
  notSignedIn: 15_000,
  /** The IMDS address did not answer: a machine does not become an Azure VM while running. */
  endpointSilent: 5 * 60_000,
  /** IMDS answered that this identity is not assigned. */
  identityNotAssigned: 60_000,
} as const;

class UnavailabilityMemory {
  private readonly entries = new Map<string, Entry>();

  /** The remembered reason for `key`, or undefined when nothing (or only an expired entry) is remembered. */
  recall(key: string, nowMs: number = Date.now()): string | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until <= nowMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.message;
  }

  /** A CredentialUnavailableError carrying the remembered reason, or undefined. */
  recallError(key: string, nowMs: number = Date.now()): CredentialUnavailableError | undefined {
    const message = this.recall(key, nowMs);
    return message === undefined ? undefined : new CredentialUnavailableError(message);
  }

  remember(key: string, message: string, ttlMs: number, nowMs: number = Date.now()): void {
    if (ttlMs <= 0) return;
    this.entries.set(key, { message, until: nowMs + ttlMs });
  }

  forget(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** The process-wide memory the credentials share. */
export const unavailabilityMemory = new UnavailabilityMemory();

/** Forgets every remembered absence (after a sign-in, or between tests). */
export function forgetRememberedUnavailability(): void {
  unavailabilityMemory.clear();
}
