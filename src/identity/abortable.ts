// Waiting that a caller's AbortSignal can cut short. Plain Node only and free of MSAL, so that both
// managedIdentity/ and msal/ can share it without either loading the other.
import { AbortError } from './errors';
import type { AbortSignalLike } from './types';

/**
 * Settles as `promise` does, or rejects with AbortError as soon as `signal` aborts (at once if it already
 * has). The work behind `promise` is not stopped: use this where the work cannot be cancelled itself.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignalLike): Promise<T> {
  if (signal.aborted) return Promise.reject(new AbortError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new AbortError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Resolves after `ms` (at once when `ms` is 0 or less), or rejects with AbortError when `signal` aborts first
 * or already has. A plain, referenced timer rather than the Clock seam's: the caller is awaiting this wait,
 * and an unreferenced timer would let a script's process exit in the middle of it.
 */
export function abortableDelay(ms: number, signal: AbortSignalLike | undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(new AbortError());
  if (ms <= 0) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new AbortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
