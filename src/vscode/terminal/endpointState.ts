// The port and window secret the terminal endpoint keeps across window reloads, so terminals VS Code restores
// (which keep their old environment) still reach a live endpoint. Kept in SecretStorage, one entry per workspace.
// Plain TypeScript: SecretStorage is given as its shape.
import { createHash } from 'node:crypto';

export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

export interface EndpointState {
  readonly port: number;
  readonly secret: string;
}

const KEY_PREFIX = 'azureIdentity.terminal.endpoint:';

/** The SecretStorage key for a workspace (its folder or workspace file URI; empty windows share one). */
export function endpointStateKey(workspaceUri: string | undefined): string {
  const id = createHash('sha256').update(workspaceUri ?? 'empty-window').digest('base64url').slice(0, 22);
  return `${KEY_PREFIX}${id}`;
}

/** The stored state, or undefined when there is none or it is not one we wrote. */
export async function readEndpointState(store: SecretStore, key: string): Promise<EndpointState | undefined> {
  const text = await store.get(key);
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<EndpointState>;
    if (typeof value.port === 'number' && Number.isInteger(value.port) && value.port > 0 && value.port < 65536 && typeof value.secret === 'string' && value.secret.length >= 32) {
      return { port: value.port, secret: value.secret };
    }
  } catch {
    // Not ours: start afresh.
  }
  return undefined;
}

export async function writeEndpointState(store: SecretStore, key: string, state: EndpointState): Promise<void> {
  await store.store(key, JSON.stringify(state));
}
