// The one MSAL wrapper every MSAL-based credential shares. It builds MSAL public or confidential client
// applications on first need (one per CAE setting, as client capabilities are per application), runs each
// call inside a request context that carries cancellation and timeout to the network client, and turns
// results and errors into the library's types.
import { raceAbort } from '../abortable';
import type { CertificateParts } from '../certificates';
import { AuthenticationRecord } from '../authenticationRecord';
import { authorityHostName, isMicrosoftAuthorityHost } from '../authorityHosts';
import { AbortError, ClientAuthenticationError } from '../errors';
import type { CredentialLogger } from '../logger';
import type { TokenRequest } from '../tokenRunner';
import type { AccessToken, RetryOptions, TokenCachePersistenceOptions } from '../types';
import {
  loadMsalNode,
  type MsalAccountInfo,
  type MsalAuthenticationResult,
  type MsalConfidentialClientApplication,
  type MsalConfiguration,
  type MsalPublicClientApplication,
} from './loadMsal';
import { mapMsalError, type MsalFlow } from './msalErrors';
import { MULTI_TENANT_NAMES } from '../tenant';
import { msalLoggerOptions } from './msalLogging';
import { IdentityNetworkClient } from './networkClient';
import { createPersistenceCachePlugin, persistentCachePath } from './persistence';
import { storageCachePlugin } from './storageCachePlugin';
import { attachIdToken } from './idToken';
import { currentRequestContext, runInRequestContext, type RequestContext } from './requestContext';

/** How a confidential client proves itself; `none` makes a public client. */
export type ClientCredentialConfig =
  | { kind: 'none' }
  | { kind: 'secret'; clientSecret: string }
  | { kind: 'certificate'; load: () => Promise<CertificateParts> }
  /**
   * A client assertion from the caller (ClientAssertionCredential, a federated token file, Azure Pipelines'
   * OIDC token), asked for whenever MSAL needs one. It receives the token request's cancellation and timeout.
   */
  | { kind: 'assertion'; getAssertion: ClientAssertionSource };

/** What a client assertion callback may use of the token request it serves. */
export interface AssertionRequest {
  abortSignal?: AbortSignal;
  timeoutInMs?: number;
}

/** Where a client assertion comes from; called for every request that needs one, so a rotated one is fresh. Never logged. */
export type ClientAssertionSource = (request: AssertionRequest) => Promise<string>;

export interface MsalClientOptions {
  clientId: string;
  /** The credential's configured tenant (already validated). */
  tenantId: string;
  /** Normalized `https://host[:port]`. */
  authorityHost: string;
  disableInstanceDiscovery?: boolean;
  clientCredential: ClientCredentialConfig;
  tokenCachePersistenceOptions?: TokenCachePersistenceOptions;
  networkTimeoutInMs?: number;
  retryOptions?: RetryOptions;
  logger: CredentialLogger;
}

type App = MsalPublicClientApplication | MsalConfidentialClientApplication;

/** What a user flow yields: the token and the account it was issued to. */
export interface UserTokenResult {
  accessToken: AccessToken;
  account: MsalAccountInfo;
}

export interface DeviceCodeDetails {
  userCode: string;
  verificationUri: string;
  message: string;
  /** When the code stops working. */
  expiresOn: Date;
}

export class MsalClient {
  private readonly apps = new Map<boolean, Promise<App>>();
  private readonly networkClient: IdentityNetworkClient;

  constructor(private readonly options: MsalClientOptions) {
    this.networkClient = new IdentityNetworkClient({
      timeoutInMs: options.networkTimeoutInMs,
      retryOptions: options.retryOptions,
      logger: options.logger,
    });
  }

  get clientId(): string {
    return this.options.clientId;
  }

  get authorityHost(): string {
    return this.options.authorityHost;
  }

  /** `https://host/<tenant>`: the authority one request goes to. */
  authorityFor(tenantId: string | undefined): string {
    return `${this.options.authorityHost}/${tenantId ?? this.options.tenantId}`;
  }

  async acquireTokenByClientCredential(request: TokenRequest): Promise<AccessToken> {
    const result = await this.run(request, 'client', async (app) =>
      (app as MsalConfidentialClientApplication).acquireTokenByClientCredential({
        scopes: request.scopes,
        authority: this.authorityFor(request.tenantId),
        claims: request.claims,
        skipCache: request.forceRefresh,
      }),
    );
    return this.toAccessToken(result);
  }

  /**
   * On-behalf-of: trades `userAssertion` (a user's access token issued to this app) for a token to the
   * downstream scopes. MSAL caches the result under the assertion's hash, so a repeated call is silent.
   */
  async acquireTokenOnBehalfOf(request: TokenRequest, userAssertion: string): Promise<AccessToken> {
    const result = await this.run(request, 'client', async (app) =>
      (app as MsalConfidentialClientApplication).acquireTokenOnBehalfOf({
        scopes: request.scopes,
        oboAssertion: userAssertion,
        authority: this.authorityFor(request.tenantId),
        claims: request.claims,
        skipCache: request.forceRefresh,
      }),
    );
    return this.toAccessToken(result);
  }

  async acquireTokenByUsernamePassword(request: TokenRequest, username: string, password: string): Promise<UserTokenResult> {
    const result = await this.run(request, 'password', (app) =>
      app.acquireTokenByUsernamePassword({
        scopes: request.scopes,
        username,
        password,
        authority: this.authorityFor(request.tenantId),
        claims: request.claims,
      }),
    );
    return this.toUserResult(result);
  }

  async acquireTokenByCode(request: TokenRequest, code: { code: string; redirectUri: string; codeVerifier?: string }): Promise<UserTokenResult> {
    const result = await this.run(request, 'interactive', (app) =>
      app.acquireTokenByCode({
        scopes: request.scopes,
        code: code.code,
        redirectUri: code.redirectUri,
        codeVerifier: code.codeVerifier,
        authority: this.authorityFor(request.tenantId),
        claims: request.claims,
      }),
    );
    return this.toUserResult(result);
  }

  /** The authorize URL the browser opens for the authorization code flow with PKCE. */
  async getAuthCodeUrl(
    request: TokenRequest,
    parameters: { redirectUri: string; state: string; codeChallenge: string; loginHint?: string },
  ): Promise<string> {
    return this.run(request, 'interactive', (app) =>
      app.getAuthCodeUrl({
        scopes: request.scopes,
        redirectUri: parameters.redirectUri,
        state: parameters.state,
        codeChallenge: parameters.codeChallenge,
        codeChallengeMethod: 'S256',
        loginHint: parameters.loginHint,
        prompt: parameters.loginHint ? undefined : 'select_account',
        responseMode: 'query',
        authority: this.authorityFor(request.tenantId),
        claims: request.claims,
      }),
    );
  }

  /**
   * Device code flow. `onDeviceCode` shows the code; the flow ends after `timeoutInSeconds` (or when the
   * code expires, whichever is first), or when the request is aborted.
   */
  async acquireTokenByDeviceCode(
    request: TokenRequest,
    onDeviceCode: (details: DeviceCodeDetails) => void,
    timeoutInSeconds: number | undefined,
  ): Promise<UserTokenResult> {
    const result = await this.run(request, 'interactive', async (app) => {
      const msalRequest = {
        scopes: request.scopes,
        authority: this.authorityFor(request.tenantId),
        claims: request.claims,
        timeout: timeoutInSeconds,
        cancel: false,
        deviceCodeCallback: (response: { userCode: string; verificationUri: string; message: string; expiresIn: number }): void => {
          onDeviceCode({
            userCode: response.userCode,
            verificationUri: response.verificationUri,
            message: response.message,
            expiresOn: new Date(Date.now() + response.expiresIn * 1000),
          });
        },
      };
      // MSAL only checks `cancel` between polls, so cancellation also races the flow to answer at once.
      const stop = (): void => {
        msalRequest.cancel = true;
      };
      request.abortSignal.addEventListener('abort', stop, { once: true });
      try {
        return await raceAbort((app as MsalPublicClientApplication).acquireTokenByDeviceCode(msalRequest), request.abortSignal);
      } finally {
        request.abortSignal.removeEventListener('abort', stop);
        msalRequest.cancel = true;
      }
    });
    return this.toUserResult(result);
  }

  /**
   * A token from MSAL's cache or its refresh token, for a known account, issued by the tenant the request
   * names. MSAL looks cached tokens up by the account's `tenantId` (not the authority's), so the account is
   * handed over as its profile in that tenant: otherwise a token cached for the home tenant would be served
   * for a guest tenant. A multi-tenant name (`organizations`, `common`) means the account's home tenant.
   */
  async acquireTokenSilent(request: TokenRequest, account: MsalAccountInfo): Promise<UserTokenResult> {
    const tenantId = silentTenant(request.tenantId, account);
    const profile = tenantId === account.tenantId ? account : { ...account, tenantId };
    const result = await this.run(request, 'silent', (app) =>
      app.acquireTokenSilent({
        account: profile,
        scopes: request.scopes,
        authority: this.authorityFor(tenantId),
        claims: request.claims,
        forceRefresh: request.forceRefresh,
      }),
    );
    return this.toUserResult(result);
  }

  /** The cached account an AuthenticationRecord (or its home account id) points at, if MSAL's cache holds it. */
  async findAccount(record: Pick<AuthenticationRecord, 'homeAccountId'>, enableCae = false): Promise<MsalAccountInfo | undefined> {
    const app = await this.app(enableCae);
    const accounts = await app.getTokenCache().getAllAccounts();
    return accounts.find((a) => a.homeAccountId === record.homeAccountId) ?? undefined;
  }

  /** The account an AuthenticationRecord describes, for a silent request when MSAL's cache lacks it. */
  static accountFromRecord(record: AuthenticationRecord): MsalAccountInfo {
    return {
      homeAccountId: record.homeAccountId,
      environment: record.authority,
      tenantId: record.tenantId,
      username: record.username,
      localAccountId: record.homeAccountId.split('.')[0] ?? record.homeAccountId,
    };
  }

  toRecord(account: MsalAccountInfo): AuthenticationRecord {
    return new AuthenticationRecord({
      authority: account.environment || authorityHostName(this.options.authorityHost),
      clientId: this.options.clientId,
      homeAccountId: account.homeAccountId,
      tenantId: account.tenantId || this.options.tenantId,
      username: account.username,
    });
  }

  private async run<T>(request: TokenRequest, flow: MsalFlow, action: (app: App) => Promise<T>): Promise<T> {
    if (request.abortSignal.aborted) throw new AbortError();
    const context: RequestContext = { abortSignal: request.abortSignal, timeoutInMs: request.requestTimeoutInMs };
    try {
      const app = await this.app(request.enableCae);
      return await runInRequestContext(context, () => action(app));
    } catch (error) {
      if (request.abortSignal.aborted) throw new AbortError();
      throw mapMsalError(error, {
        authorityHost: this.options.authorityHost,
        credentialName: this.options.logger.source,
        flow,
        scopes: request.scopes,
        getTokenOptions: request.getTokenOptions,
        context,
      });
    }
  }

  private app(enableCae: boolean): Promise<App> {
    let app = this.apps.get(enableCae);
    if (!app) {
      app = this.createApp(enableCae);
      // A failed creation (no keyring, bad certificate) is retried on the next call rather than remembered.
      app.catch(() => this.apps.delete(enableCae));
      this.apps.set(enableCae, app);
    }
    return app;
  }

  private async createApp(enableCae: boolean): Promise<App> {
    const { options } = this;
    const msal = await loadMsalNode();
    const config: MsalConfiguration = {
      auth: {
        clientId: options.clientId,
        authority: this.authorityFor(options.tenantId),
        knownAuthorities: this.knownAuthorities(),
        clientCapabilities: enableCae ? ['cp1'] : undefined,
      },
      system: {
        networkClient: this.networkClient,
        loggerOptions: msalLoggerOptions(options.logger),
      },
    };
    const persistence = options.tokenCachePersistenceOptions;
    if (persistence?.enabled && persistence.storage) {
      config.cache = { cachePlugin: storageCachePlugin(persistence.storage, enableCae) };
    } else if (persistence?.enabled) {
      const cachePath = persistentCachePath(persistence.name, enableCae);
      config.cache = { cachePlugin: await createPersistenceCachePlugin(cachePath, persistence, options.logger) };
    }
    const credential = options.clientCredential;
    if (credential.kind === 'none') return new msal.PublicClientApplication(config);
    if (credential.kind === 'secret') {
      config.auth.clientSecret = credential.clientSecret;
    } else if (credential.kind === 'assertion') {
      const { getAssertion } = credential;
      // Called inside the request context of the token request that needs it (see run()).
      config.auth.clientAssertion = () => {
        const context = currentRequestContext();
        return getAssertion({ abortSignal: context?.abortSignal, timeoutInMs: context?.timeoutInMs });
      };
    } else {
      const certificate = await credential.load();
      config.auth.clientCertificate = {
        thumbprintSha256: certificate.thumbprintSha256,
        thumbprint: certificate.thumbprint,
        privateKey: certificate.privateKey,
        x5c: certificate.x5c,
      };
    }
    return new msal.ConfidentialClientApplication(config);
  }

  /**
   * Naming the host as known stops MSAL from asking Microsoft's instance discovery about it: required for
   * private clouds and emulators, and what `disableInstanceDiscovery` means. ADFS is never discovered.
   */
  private knownAuthorities(): string[] {
    const { options } = this;
    if (options.disableInstanceDiscovery || options.tenantId === 'adfs' || !isMicrosoftAuthorityHost(options.authorityHost)) {
      return [authorityHostName(options.authorityHost)];
    }
    return [];
  }

  private toAccessToken(result: MsalAuthenticationResult | null): AccessToken {
    if (!result || !result.accessToken || !result.expiresOn) {
      throw new ClientAuthenticationError(undefined, {
        error: 'no_token',
        errorDescription: 'The authority answered without an access token. Try again; if it persists, check the scopes.',
      });
    }
    const token: AccessToken = {
      token: result.accessToken,
      expiresOnTimestamp: result.expiresOn.getTime(),
      tokenType: 'Bearer',
    };
    if (result.refreshOn) token.refreshAfterTimestamp = result.refreshOn.getTime();
    return token;
  }

  private toUserResult(result: MsalAuthenticationResult | null): UserTokenResult {
    const accessToken = this.toAccessToken(result);
    if (!result?.account) {
      throw new ClientAuthenticationError(undefined, {
        error: 'no_account',
        errorDescription: 'The authority issued a token without account information (no id_token / client_info). Include the openid and profile scopes.',
      });
    }
    // The id token rides with the access token object (see idToken.ts), so cached hand-outs keep it.
    attachIdToken(accessToken, result.idToken);
    return { accessToken, account: result.account };
  }
}

/** The tenant a silent request for `account` goes to: the requested one, or for a multi-tenant name the home tenant. */
function silentTenant(requested: string | undefined, account: MsalAccountInfo): string {
  if (requested !== undefined && !MULTI_TENANT_NAMES.includes(requested.toLowerCase())) return requested;
  const home = account.homeAccountId.split('.')[1];
  return home || account.tenantId || requested || 'organizations';
}
