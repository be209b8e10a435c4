// The AccountService's events as vscode.Event: the same (listener, thisArgs?, disposables?) signature, built
// without importing `vscode` so the API's logic stays plain TS.
import type { AccountEvent } from '../accounts/accountServiceContract';

export interface DisposableLike {
  dispose(): unknown;
}

/** vscode.Event<T>'s shape. */
export type VscodeEvent<T> = (listener: (event: T) => unknown, thisArgs?: unknown, disposables?: DisposableLike[]) => DisposableLike;

/**
 * `source` as a vscode.Event: each event goes through `map`, and is dropped when it returns `SKIP`. A listener
 * that throws does not stop the others (they are the service's listeners too).
 */
export function mapEvent<S, T>(source: AccountEvent<S>, map: (event: S) => T | typeof SKIP | Promise<T | typeof SKIP>): VscodeEvent<T> {
  return (listener, thisArgs, disposables) => {
    const subscription = source((event) => {
      void (async () => {
        const mapped = await map(event);
        if (mapped !== SKIP) listener.call(thisArgs, mapped);
      })().catch(() => undefined);
    });
    disposables?.push(subscription);
    return subscription;
  };
}

export const SKIP: unique symbol = Symbol('skip');
