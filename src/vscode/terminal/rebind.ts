// After a window reload the new window's endpoint must come back on the port its restored terminals know. The
// previous window's extension host may still hold that port while it shuts down (slowly on a busy machine):
// then wait for it — it is our own endpoint, identified by its answer header — up to a bound. Another program
// on the port: give up at once and move to a new port (and a new secret). Plain Node: no `vscode` import.
import { isTokenEndpointAt, type RunningTokenEndpoint } from './tokenEndpointServer';

export interface RebindOptions {
  /** Starts the endpoint on the remembered port; rejects with EADDRINUSE while the port is taken. */
  readonly listen: () => Promise<RunningTokenEndpoint>;
  readonly port: number;
  /** How long to wait for the previous window's endpoint to let the port go. */
  readonly waitForPreviousMs?: number;
  readonly retryDelayMs?: number;
  /** Another program (not ours) holds the port: retries before moving on, in case it is just leaving. */
  readonly foreignAttempts?: number;
  readonly isOurs?: (port: number) => Promise<boolean>;
}

export type RebindResult =
  | { readonly endpoint: RunningTokenEndpoint; readonly waitedForPrevious: boolean }
  | { readonly endpoint: undefined; readonly reason: 'takenByAnotherProgram' | 'previousWindowKeptIt' };

function isAddressInUse(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === 'EADDRINUSE';
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function rebindRememberedPort(options: RebindOptions): Promise<RebindResult> {
  const deadline = Date.now() + (options.waitForPreviousMs ?? 30_000);
  const retryDelayMs = options.retryDelayMs ?? 250;
  const isOurs = options.isOurs ?? ((port: number) => isTokenEndpointAt(port));
  let foreign = 0;
  let waitedForPrevious = false;
  for (;;) {
    try {
      return { endpoint: await options.listen(), waitedForPrevious };
    } catch (error) {
      if (!isAddressInUse(error)) throw error;
    }
    if (await isOurs(options.port)) {
      waitedForPrevious = true;
      if (Date.now() >= deadline) return { endpoint: undefined, reason: 'previousWindowKeptIt' };
    } else if (++foreign >= (options.foreignAttempts ?? 4)) {
      return { endpoint: undefined, reason: 'takenByAnotherProgram' };
    }
    await delay(retryDelayMs);
  }
}
