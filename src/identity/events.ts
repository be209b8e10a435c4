// One structured event per getToken call. The chain and the VS Code output panel consume them to show which
// credential did what and how long it took. An event never carries a token or a secret.

export type CredentialOutcome = 'success' | 'unavailable' | 'error';

export interface CredentialEvent {
  /** The credential's class name, for example `ClientSecretCredential`. */
  credential: string;
  outcome: CredentialOutcome;
  /** Wall-clock duration of the call in milliseconds. */
  durationMs: number;
  /** True when the token came from the in-memory cache without a request. */
  cached: boolean;
  scopes: readonly string[];
  tenantId?: string;
  /** Why the call failed or was unavailable: the error's message (never a secret). */
  reason?: string;
  /** The error's name, for example `CredentialUnavailableError`. */
  errorName?: string;
  /** When the call started, in milliseconds since the UNIX epoch. */
  timestamp: number;
}

export type CredentialEventListener = (event: CredentialEvent) => void;

const globalListeners = new Set<CredentialEventListener>();

/** Subscribes to the events of every credential in this process. */
export function addCredentialEventListener(listener: CredentialEventListener): { dispose(): void } {
  globalListeners.add(listener);
  return { dispose: () => globalListeners.delete(listener) };
}

/** Cheap check on the hot path: building an event costs nothing when nobody listens. */
export function hasCredentialEventListeners(local: CredentialEventListener | undefined): boolean {
  return local !== undefined || globalListeners.size > 0;
}

export function emitCredentialEvent(event: CredentialEvent, local: CredentialEventListener | undefined): void {
  if (local) safeCall(local, event);
  for (const listener of globalListeners) safeCall(listener, event);
}

// A broken listener must never break token acquisition.
function safeCall(listener: CredentialEventListener, event: CredentialEvent): void {
  try {
    listener(event);
  } catch {
    // ignored on purpose
  }
}
