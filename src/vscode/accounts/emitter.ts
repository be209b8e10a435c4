// A minimal event emitter with vscode.Event's shape, so the account service stays plain Node. A listener
// that throws does not stop the others.
import type { AccountEvent, Subscription } from './accountServiceContract';

export class Emitter<T> {
  private listeners = new Set<(event: T) => void>();

  readonly event: AccountEvent<T> = (listener) => {
    const entry = (event: T) => listener(event);
    this.listeners.add(entry);
    return { dispose: () => void this.listeners.delete(entry) };
  };

  fire(event: T, onError?: (error: unknown) => void): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        onError?.(error);
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}

export function disposeAll(subscriptions: Subscription[]): void {
  for (const s of subscriptions.splice(0)) s.dispose();
}
