// Signs a user in through their browser: authorization code with PKCE, the redirect caught by a one-shot
// loopback server on 127.0.0.1, the `state` checked, then the code redeemed.
import type { AuthenticationRecord } from '../authenticationRecord';
import { InvalidArgumentError } from '../errors';
import type { UserTokenResult } from '../msal/msalClient';
import { DEVELOPER_SIGN_ON_CLIENT_ID, resolveConfiguredTenant } from '../tenant';
import type { TokenRequest } from '../tokenRunner';
import type { GetTokenOptions } from '../types';
import { openSystemBrowser, type BrowserOpener } from './browserOpener';
import type { InteractiveBrowserCredentialNodeOptions } from './interactiveBrowserCredentialOptions';
import { startLoopbackServer } from './loopbackServer';
import { failurePage, successPage } from './signInPages';
import { UserCredential } from './userCredential';

const NAME = 'InteractiveBrowserCredential';
const DEFAULT_TIMEOUT_SECONDS = 300;
/** OpenID scopes MSAL adds anyway; asked for explicitly so the id token names the account. */
const OIDC_SCOPES = ['openid', 'profile', 'offline_access'];

export class InteractiveBrowserCredential extends UserCredential {
  private readonly options: InteractiveBrowserCredentialNodeOptions;
  private readonly openBrowser: BrowserOpener;
  private readonly timeoutInMs: number;

  constructor(options: InteractiveBrowserCredentialNodeOptions = {}) {
    const clientId = options.clientId || DEVELOPER_SIGN_ON_CLIENT_ID;
    const tenant = resolveConfiguredTenant(options.tenantId, clientId);
    const timeout = options.timeout ?? DEFAULT_TIMEOUT_SECONDS;
    if (!(timeout > 0)) throw new InvalidArgumentError('timeout', `${NAME}: timeout is in seconds and must be positive.`);
    super(NAME, options, {
      clientId,
      tenantId: tenant,
      authenticationRecord: options.authenticationRecord,
      disableAutomaticAuthentication: options.disableAutomaticAuthentication,
    });
    this.options = options;
    this.timeoutInMs = timeout * 1000;
    this.openBrowser = options.browserOpener ?? openSystemBrowser;
  }

  /** Opens the browser now and returns the signed-in account's record. */
  authenticate(scopes?: string | string[], options?: GetTokenOptions): Promise<AuthenticationRecord> {
    return this.authenticateUser(scopes, options);
  }

  protected async signIn(request: TokenRequest): Promise<UserTokenResult> {
    const { createHash, randomBytes } = process.getBuiltinModule('node:crypto');
    const verifier = base64Url(randomBytes(32));
    const challenge = base64Url(createHash('sha256').update(verifier).digest());
    const state = base64Url(randomBytes(16));
    const customization = this.options.browserCustomizationOptions;
    const server = await startLoopbackServer({
      redirectUri: typeof this.options.redirectUri === 'function' ? this.options.redirectUri() : this.options.redirectUri,
      expectedState: state,
      timeoutInMs: this.timeoutInMs,
      abortSignal: request.abortSignal,
      successPage: successPage(customization?.successMessage),
      failurePage: (detail) => failurePage(detail, customization?.errorMessage),
    });
    try {
      const scopes = [...new Set([...request.scopes, ...OIDC_SCOPES])];
      const url = await this.msal.getAuthCodeUrl(
        { ...request, scopes },
        { redirectUri: server.redirectUri, state, codeChallenge: challenge, loginHint: this.options.loginHint },
      );
      // The redirect (or its timeout) may come before a slow opener returns; whichever settles first wins.
      await Promise.race([this.openBrowser(url), server.redirect]);
      const { code } = await server.redirect;
      return await this.msal.acquireTokenByCode(request, { code, redirectUri: server.redirectUri, codeVerifier: verifier });
    } finally {
      server.close();
    }
  }
}

function base64Url(bytes: Buffer): string {
  return bytes.toString('base64url');
}
