// VisualStudioCodeCredential: the account signed in to VS Code through the Azure Identity extension.
// - Inside the extension host, the extension registers a token provider with setVisualStudioCodeTokenProvider
//   (this library never imports `vscode`; the extension hands it a function).
// - In another process started from VS Code (terminal, task, debug session), it calls the extension's
//   loopback token endpoint, which speaks the App Service managed-identity protocol. IDENTITY_ENDPOINT and
//   IDENTITY_HEADER name it; AZURE_IDENTITY_VSCODE_ENDPOINT, set to the same URL by the extension, marks the
//   endpoint as the extension's (a real App Service sets the first two only).
// - Otherwise it is unavailable, and says how to sign in.
import { systemClock } from '../clock';
import { CredentialUnavailableError } from '../errors';
import { createAppServiceSource } from '../managedIdentity/appService';
import type { ManagedIdentitySource } from '../managedIdentity/types';
import { scopeToResource } from '../scopes';
import { checkTenantId } from '../tenant';
import type { TokenRequest } from '../tokenRunner';
import type { AccessToken, GetTokenOptions, MultiTenantTokenCredentialOptions } from '../types';
import {
  VSCODE_ENDPOINT_MARKER_VARIABLE,
  visualStudioCodeAccountGeneration,
  visualStudioCodeTokenProvider,
} from '../visualStudioCodeTokenProvider';
import { chainHint, type ChainHint } from './chainedTokenCredential';
import { DeveloperToolCredential } from './developerToolCredential';

// The registry lives in its own small module (registering at activation must not load this one); its names stay importable from here.
export {
  VSCODE_ENDPOINT_MARKER_VARIABLE,
  notifyVisualStudioCodeAccountsChanged,
  setVisualStudioCodeTokenProvider,
  type VisualStudioCodeTokenProvider,
  type VisualStudioCodeTokenRequest,
} from '../visualStudioCodeTokenProvider';

export interface VisualStudioCodeCredentialOptions extends MultiTenantTokenCredentialOptions {
  /** The tenant to ask for; default the extension's configured tenant. */
  tenantId?: string;
  /** Where environment variables are read from. Default `process.env`, read at each request. */
  environment?: NodeJS.ProcessEnv;
}

export const visualStudioCodeMessages = {
  notSignedIn:
    'VisualStudioCodeCredential: no account is signed in to Azure Identity in Visual Studio Code. Sign in from the Accounts menu ("Sign in with Azure Identity"), or run this program from a VS Code integrated terminal.',
} as const;

const CREDENTIAL_NAME = 'VisualStudioCodeCredential';

export class VisualStudioCodeCredential extends DeveloperToolCredential {
  private readonly options: VisualStudioCodeCredentialOptions;
  private generation = visualStudioCodeAccountGeneration();
  private endpointSource: { key: string; source: ManagedIdentitySource } | undefined;

  constructor(options: VisualStudioCodeCredentialOptions = {}) {
    if (options.tenantId) checkTenantId(options.tenantId);
    super(CREDENTIAL_NAME, options, { tenantId: options.tenantId || undefined });
    this.options = options;
  }

  override getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    const generation = visualStudioCodeAccountGeneration();
    if (this.generation !== generation) {
      this.generation = generation;
      this.runner.cache.clear();
    }
    return this.runner.getToken(scopes, options);
  }

  override [chainHint](): ChainHint {
    const reachable = visualStudioCodeTokenProvider() !== undefined || this.endpointVariables() !== undefined;
    return { availability: reachable ? 'unknown' : 'unavailable', speculative: true };
  }

  protected override async acquire(request: TokenRequest): Promise<AccessToken> {
    const provider = visualStudioCodeTokenProvider();
    if (provider) {
      const token = await provider({
        scopes: request.scopes,
        tenantId: request.tenantId,
        claims: request.claims,
        enableCae: request.enableCae,
        abortSignal: request.abortSignal,
      });
      if (!token) throw new CredentialUnavailableError(visualStudioCodeMessages.notSignedIn);
      return token;
    }
    const endpoint = this.endpointVariables();
    if (!endpoint) throw new CredentialUnavailableError(visualStudioCodeMessages.notSignedIn);
    if (request.scopes.length !== 1) {
      throw new CredentialUnavailableError(
        'VisualStudioCodeCredential: outside VS Code, the terminal token endpoint gives one resource per request; request each scope separately.',
      );
    }
    try {
      return await this.sourceFor(endpoint).getToken({
        resource: scopeToResource(request.scopes[0]),
        scope: request.scopes[0],
        abortSignal: request.abortSignal,
        requestTimeoutInMs: request.requestTimeoutInMs,
      });
    } catch (error) {
      if (error instanceof CredentialUnavailableError) {
        throw new CredentialUnavailableError(`${visualStudioCodeMessages.notSignedIn} (${error.message})`, { cause: error });
      }
      throw error;
    }
  }

  private endpointVariables(): { url: string; header: string } | undefined {
    const env = this.options.environment ?? process.env;
    const url = env.IDENTITY_ENDPOINT?.trim();
    const header = env.IDENTITY_HEADER?.trim();
    const marker = env[VSCODE_ENDPOINT_MARKER_VARIABLE]?.trim();
    if (!url || !header || !marker || marker !== url) return undefined;
    // The extension's endpoint is loopback only; anything else is not ours, whatever the marker says.
    try {
      const host = new URL(url).hostname;
      if (host !== '127.0.0.1' && host !== 'localhost' && host !== '[::1]') return undefined;
    } catch {
      return undefined;
    }
    return { url, header };
  }

  private sourceFor(endpoint: { url: string; header: string }): ManagedIdentitySource {
    const key = `${endpoint.url}\n${endpoint.header}`;
    if (this.endpointSource?.key !== key) {
      const source = createAppServiceSource(
        {
          identity: { kind: 'system' },
          clock: this.options.clock ?? systemClock,
          logger: this.logger,
          connectTimeoutInMs: 1_000,
          // The extension may ask its user for consent before answering.
          requestTimeoutInMs: this.options.networkTimeoutInMs ?? 120_000,
          retry: { maxRetries: 2, retryDelayInMs: 500, maxRetryDelayInMs: 5_000 },
          env: this.options.environment ?? process.env,
        },
        endpoint.url,
        endpoint.header,
      );
      this.endpointSource = { key, source };
    }
    return this.endpointSource.source;
  }
}
