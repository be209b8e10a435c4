// Where VisualStudioCodeCredential gets its tokens inside the extension host: the extension registers a
// silent token provider here at activation (this library never imports `vscode`; the extension hands it a
// function). A small module of its own, so registering at activation does not load the credential itself.
import type { AbortSignalLike, AccessToken } from './types';

/** The variable the extension sets (to the value of IDENTITY_ENDPOINT) in every integrated terminal. */
export const VSCODE_ENDPOINT_MARKER_VARIABLE = 'AZURE_IDENTITY_VSCODE_ENDPOINT';

export interface VisualStudioCodeTokenRequest {
  scopes: string[];
  tenantId: string | undefined;
  claims: string | undefined;
  enableCae: boolean;
  abortSignal: AbortSignalLike;
}

/**
 * What the extension registers: a silent token for the signed-in account, or undefined when nobody is
 * signed in (the credential is then unavailable). It must not prompt: chains start it speculatively.
 */
export type VisualStudioCodeTokenProvider = (request: VisualStudioCodeTokenRequest) => Promise<AccessToken | undefined>;

let registeredProvider: VisualStudioCodeTokenProvider | undefined;
/** Bumped on every registration change and sign-in/out, so credentials drop tokens of an old session. */
let accountGeneration = 0;

/** Called by the extension at activation; dispose (or call with undefined) at deactivation. */
export function setVisualStudioCodeTokenProvider(provider: VisualStudioCodeTokenProvider | undefined): { dispose(): void } {
  registeredProvider = provider;
  accountGeneration++;
  return {
    dispose: () => {
      if (registeredProvider === provider) {
        registeredProvider = undefined;
        accountGeneration++;
      }
    },
  };
}

/** Called by the extension when accounts change (sign-in, sign-out), so no credential serves a stale token. */
export function notifyVisualStudioCodeAccountsChanged(): void {
  accountGeneration++;
}

/** The provider registered now, if any. */
export function visualStudioCodeTokenProvider(): VisualStudioCodeTokenProvider | undefined {
  return registeredProvider;
}

/** Changes whenever a token served earlier may belong to another session than the current one. */
export function visualStudioCodeAccountGeneration(): number {
  return accountGeneration;
}
