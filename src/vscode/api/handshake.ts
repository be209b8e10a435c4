// The handshake that gives an extension its API: the caller names an extension id, and the API goes to the
// exports of the extension with that id — never back to the caller — so nobody can get an API in another
// extension's name. Plain TS over the extension registry's shape (vscode.extensions in the product).
import type { AzureIdentityApi, AzureIdentityApiReceiver, AzureIdentityApiRequest, AzureIdentityApiVersion } from './contract';
import { AzureIdentityApiError } from './errors';
import { isExtensionId } from './extensionAccess';
import type { ClientExtension } from './boundApi';

export const API_VERSIONS: readonly AzureIdentityApiVersion[] = ['2'];
/** How long a client extension may take to finish activating before its exports can receive the API. */
export const DELIVERY_TIMEOUT_MS = 60_000;

/** vscode.Extension's shape, as far as the handshake reads it. */
export interface ExtensionLike {
  readonly id: string;
  readonly isActive: boolean;
  readonly exports: unknown;
  readonly packageJSON: { readonly displayName?: unknown; readonly name?: unknown };
  activate(): Thenable<unknown>;
}

export interface HandshakeDependencies {
  getExtension(id: string): ExtensionLike | undefined;
  /** The API for a client; made afresh on each delivery. */
  createApi(client: ClientExtension): AzureIdentityApi;
  /** Our own extension id: we do not deliver to ourselves. */
  readonly ownExtensionId: string;
  readonly log?: (message: string) => void;
  readonly deliveryTimeoutMs?: number;
}

/** The display name the person knows an extension by (its manifest's displayName, else its id). */
export function extensionDisplayName(extension: ExtensionLike): string {
  const displayName = extension.packageJSON?.displayName;
  return typeof displayName === 'string' && displayName.trim() !== '' && !displayName.startsWith('%') ? displayName.trim() : extension.id;
}

export function createRequestApi(deps: HandshakeDependencies): (request: AzureIdentityApiRequest) => Promise<void> {
  return async (request) => {
    const { clientExtensionId, apiVersion, nonce } = validRequest(request);
    if (clientExtensionId.toLowerCase() === deps.ownExtensionId.toLowerCase()) {
      throw new AzureIdentityApiError('HandshakeFailed', 'Azure Identity does not deliver its API to itself.');
    }
    const extension = deps.getExtension(clientExtensionId);
    if (!extension) throw new AzureIdentityApiError('HandshakeFailed', `No extension "${clientExtensionId}" is installed, so the Azure Identity API cannot be delivered to it.`);
    void apiVersion;
    const clientExports = extension.isActive ? extension.exports : await withTimeout(extension.activate(), deps.deliveryTimeoutMs ?? DELIVERY_TIMEOUT_MS, clientExtensionId);
    const receiver = (clientExports as Partial<AzureIdentityApiReceiver> | undefined)?.receiveAzureIdentityApi;
    if (typeof receiver !== 'function') {
      throw new AzureIdentityApiError(
        'HandshakeFailed',
        `The extension "${clientExtensionId}" exports no receiveAzureIdentityApi function: return it from activate() to receive the Azure Identity API.`,
      );
    }
    const client: ClientExtension = { id: extension.id, name: extensionDisplayName(extension) };
    deps.log?.(`Delivering the Azure Identity API (version ${apiVersion}) to the extension ${extension.id}.`);
    try {
      await receiver.call(clientExports, { nonce, api: deps.createApi(client) });
    } catch (error) {
      throw new AzureIdentityApiError('HandshakeFailed', `The extension "${clientExtensionId}" failed to receive the Azure Identity API: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
}

function validRequest(request: unknown): AzureIdentityApiRequest {
  const r = (typeof request === 'object' && request !== null ? request : {}) as Partial<Record<keyof AzureIdentityApiRequest, unknown>>;
  if (!isExtensionId(r.clientExtensionId)) {
    throw new AzureIdentityApiError('InvalidRequest', 'requestApi needs clientExtensionId: your extension\'s id, "publisher.name" (context.extension.id).');
  }
  if (typeof r.apiVersion !== 'string' || !(API_VERSIONS as readonly string[]).includes(r.apiVersion)) {
    throw new AzureIdentityApiError('InvalidRequest', `requestApi needs apiVersion, one of: ${API_VERSIONS.join(', ')}.`);
  }
  if (typeof r.nonce !== 'string' || r.nonce.length < 16 || r.nonce.length > 256) {
    throw new AzureIdentityApiError('InvalidRequest', 'requestApi needs a nonce: an unguessable string of 16 to 256 characters, for example crypto.randomUUID().');
  }
  return { clientExtensionId: r.clientExtensionId, apiVersion: r.apiVersion as AzureIdentityApiVersion, nonce: r.nonce };
}

async function withTimeout<T>(work: Thenable<T>, ms: number, extensionId: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new AzureIdentityApiError('HandshakeFailed', `The extension "${extensionId}" did not finish activating within ${Math.round(ms / 1000)} s; do not await requestApi inside activate().`)),
      ms,
    );
  });
  try {
    return await Promise.race([Promise.resolve(work), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
