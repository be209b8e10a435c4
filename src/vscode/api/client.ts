// Helpers for OTHER extensions, to copy into their source or import: they depend on nothing but the types in
// azure-identity.api.d.ts and take VS Code's namespaces as arguments, so whatever `vscode` module the calling
// extension has is the one used (VS Code attributes getSession to the extension whose code calls it).
//   - createAzureIdentityApiClient: the handshake — export its receiver, then `await client.getApi()`.
//   - createSessionCredential: vscode.authentication.getSession as a TokenCredential with the token's real expiry.
import { randomUUID } from 'node:crypto';
import type * as vscode from 'vscode';
import type {
  AzureIdentityAccessToken,
  AzureIdentityApi,
  AzureIdentityApiDelivery,
  AzureIdentityApiReceiver,
  AzureIdentityExtensionExports,
  AzureIdentityGetTokenOptions,
  AzureIdentityTokenCredential,
} from './contract';

const AZURE_IDENTITY_EXTENSION_ID = 'azure-identity-vscode.azure-identity';
const AZURE_IDENTITY_PROVIDER_ID = 'azure-identity';

export interface AzureIdentityApiClient extends AzureIdentityApiReceiver {
  /** The API for this extension: the handshake runs on the first call (never inside your `activate`). */
  getApi(): Promise<AzureIdentityApi>;
}

/**
 * The client side of the handshake. Return the client (or spread it) from `activate` so `receiveAzureIdentityApi`
 * is among your exports; then call `getApi()` when you need a token.
 */
export function createAzureIdentityApiClient(extensions: Pick<typeof vscode.extensions, 'getExtension'>, clientExtensionId: string): AzureIdentityApiClient {
  let api: AzureIdentityApi | undefined;
  let pending: { nonce: string; resolve(api: AzureIdentityApi): void } | undefined;
  let inFlight: Promise<AzureIdentityApi> | undefined;

  async function handshake(): Promise<AzureIdentityApi> {
    const extension = extensions.getExtension<AzureIdentityExtensionExports>(AZURE_IDENTITY_EXTENSION_ID);
    if (!extension) throw new Error('The Azure Identity extension is not installed: install it to use your Azure account here.');
    const ours = extension.isActive ? extension.exports : await extension.activate();
    const nonce = randomUUID();
    const delivered = new Promise<AzureIdentityApi>((resolve) => (pending = { nonce, resolve }));
    // requestApi resolves after delivering to our receiver, or rejects (HandshakeFailed) when it could not.
    await ours.requestApi({ clientExtensionId, apiVersion: '2', nonce });
    if (pending?.nonce === nonce) throw new Error('Azure Identity answered the request without delivering the API to this extension.');
    return delivered;
  }

  return {
    receiveAzureIdentityApi(delivery: AzureIdentityApiDelivery): void {
      // Only a delivery answering our own request counts: anyone can make Azure Identity call this receiver.
      if (!pending || delivery?.nonce !== pending.nonce || typeof delivery.api?.getToken !== 'function') return;
      const { resolve } = pending;
      pending = undefined;
      api = delivery.api;
      resolve(delivery.api);
    },
    getApi(): Promise<AzureIdentityApi> {
      if (api) return Promise.resolve(api);
      inFlight ??= handshake().finally(() => (inFlight = undefined));
      return inFlight;
    },
  };
}

export interface SessionCredentialOptions {
  /** The account to use (one of `vscode.authentication.getAccounts('azure-identity')`); VS Code asks when omitted. */
  readonly account?: vscode.AuthenticationSessionAccountInformation;
  /** The tenant the tokens come from (sent as the `VSCODE_TENANT:` scope); the account's home tenant when omitted. */
  readonly tenantId?: string;
  /**
   * true: VS Code asks the person (sign in, or allow this extension) when there is no session yet. false (default):
   * the credential fails with CredentialUnavailableError and VS Code shows a sign-in request in the Accounts menu.
   */
  readonly createIfNone?: boolean;
  /** Another provider with the same scope conventions (`microsoft`); `azure-identity` by default. */
  readonly providerId?: string;
}

/** An Azure SDK's credential from `vscode.authentication.getSession`, the consent VS Code itself manages. */
export function createSessionCredential(authentication: Pick<typeof vscode.authentication, 'getSession'>, options: SessionCredentialOptions = {}): AzureIdentityTokenCredential {
  const providerId = options.providerId ?? AZURE_IDENTITY_PROVIDER_ID;
  return {
    async getToken(scopes: string | string[], getTokenOptions?: AzureIdentityGetTokenOptions): Promise<AzureIdentityAccessToken> {
      const tenantId = getTokenOptions?.tenantId ?? options.tenantId;
      const request = [...(typeof scopes === 'string' ? [scopes] : scopes), ...(tenantId ? [`VSCODE_TENANT:${tenantId}`] : [])];
      const sessionOptions: vscode.AuthenticationGetSessionOptions = options.createIfNone
        ? { createIfNone: true, account: options.account }
        : { silent: false, account: options.account };
      const session = await authentication.getSession(providerId, request, sessionOptions);
      if (!session) {
        const error = new Error(`No Azure Identity session for ${request.join(' ')} yet: sign in from the Accounts menu.`);
        error.name = 'CredentialUnavailableError';
        throw error;
      }
      const claims = jwtClaims(session.accessToken);
      return {
        token: session.accessToken,
        expiresOnTimestamp: typeof claims.exp === 'number' ? claims.exp * 1000 : Date.now() + UNKNOWN_EXPIRY_MS,
        tokenType: 'Bearer',
        accountId: session.account.id,
        tenantId: typeof claims.tid === 'string' ? claims.tid : (tenantId ?? ''),
      };
    },
  };
}

/** A token that is not a JWT carries no expiry: SDKs ask again after this long rather than trusting it for an hour. */
const UNKNOWN_EXPIRY_MS = 2 * 60_000;

/** The claims of a JWT access token (never verified: only read for `exp` and `tid`); {} when it is not a JWT. */
export function jwtClaims(accessToken: string): { exp?: unknown; tid?: unknown } {
  const payload = accessToken.split('.')[1];
  if (!payload) return {};
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null ? (claims as { exp?: unknown; tid?: unknown }) : {};
  } catch {
    return {};
  }
}
