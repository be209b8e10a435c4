// The ways to sign in that the Accounts menu offers, in the chain's order: each turns into a StoredAccount.
// People sign in with a browser or a device code; tool accounts (Azure CLI, Azure PowerShell, the
// environment's service principal, the machine's managed identity) are adopted by asking the tool once.
import * as vscode from 'vscode';
import {
  AzureCliCredential,
  AzurePowerShellCredential,
  DeviceCodeCredential,
  EnvironmentCredential,
  InteractiveBrowserCredential,
  ManagedIdentityCredential,
  type AuthenticationRecord,
  type TokenCacheStorage,
  type TokenCredential,
} from '../../identity/index';
import type { SignedInAccount } from '../accounts/accountServiceContract';
import { commonCredentialOptions, userCacheOptions } from '../accounts/accountCredentials';
import { kindOfMethod } from '../accounts/storedAccount';
import { displayNameFromToken, identityFromToken } from '../accounts/tokenClaims';
import type { ExtensionSettings, SignInMethodId } from '../settingsModel';
import { azureCliSignInCredential } from './probes';
import { recentAzureCliAnswer } from './signInPicker';

export interface SignInRequest {
  readonly scopes: readonly string[];
  readonly tenant: string;
  readonly clientId: string;
  readonly settings: ExtensionSettings;
  readonly abortSignal: AbortSignal;
  /** The account service's user token cache: the sign-in writes where the account's credential reads later. */
  readonly tokenCache: TokenCacheStorage;
  readonly loginHint?: string;
  /** Shows a line in the sign-in's progress notification (the device code goes there, never hidden). */
  readonly report?: (message: string) => void;
  /** Claims a resource's challenge asked for (JSON): the sign-in's token must satisfy them. */
  readonly claims?: string;
}

/** A finished sign-in: the account to remember and the credential that signed in (its cache serves next). */
export interface SignInResult {
  readonly account: SignedInAccount;
  readonly credential: TokenCredential;
}

const t = (message: string, ...args: (string | number | boolean)[]) => vscode.l10n.t(message, ...args);

interface SignInMethod {
  readonly label: string;
  readonly detail: string;
  run(request: SignInRequest): Promise<SignInResult>;
}

function accountBase(request: SignInRequest) {
  return {
    cloud: request.settings.cloud,
    authorityHost: request.settings.authorityHost,
    resourceManagerEndpoint: request.settings.resourceManagerEndpoint,
    signedInAt: Date.now(),
  };
}

async function userAccount(method: 'interactiveBrowser' | 'deviceCode', credential: InteractiveBrowserCredential | DeviceCodeCredential, request: SignInRequest): Promise<SignInResult> {
  // CAE-ready (client capability cp1): the provider asks for CAE tokens for users, and answers revocations.
  const record: AuthenticationRecord = await credential.authenticate([...request.scopes], { abortSignal: request.abortSignal, enableCae: true, ...(request.claims ? { claims: request.claims } : {}) });
  // The sign-in left its token in the credential's cache: this names the person (display name) at no cost.
  const token = await credential.getToken([...request.scopes], { abortSignal: request.abortSignal }).catch(() => null);
  return {
    account: {
      ...accountBase(request),
      id: record.homeAccountId,
      label: record.username,
      displayName: token ? displayNameFromToken(token.token) : undefined,
      kind: 'user',
      method,
      // The home tenant is the one in the home account id: a sign-in to a guest tenant leaves it as it was.
      homeTenantId: record.homeAccountId.split('.')[1] || record.tenantId,
      clientId: record.clientId,
      record: { authority: record.authority, homeAccountId: record.homeAccountId, clientId: record.clientId, tenantId: record.tenantId, username: record.username },
    },
    credential,
  };
}

/** Adopts the identity a tool holds: one token names it. */
async function toolAccount(method: SignInMethodId, toolName: string, credential: TokenCredential, request: SignInRequest): Promise<SignInResult> {
  const token = await credential.getToken([...request.scopes], { abortSignal: request.abortSignal });
  if (!token) throw new Error(t('{0} returned no token.', toolName));
  const who = identityFromToken(token.token);
  const name = who.username ?? (who.appId ? `app ${who.appId}` : `object ${who.objectId ?? 'unknown'}`);
  const kind = who.username ? 'user' : kindOfMethod(method) === 'user' ? 'servicePrincipal' : kindOfMethod(method);
  return {
    account: {
      ...accountBase(request),
      id: `${method}:${who.objectId ?? who.appId ?? 'unknown'}.${who.tenantId ?? 'unknown'}`,
      label: `${name} (${toolName})`,
      displayName: displayNameFromToken(token.token),
      kind,
      method,
      homeTenantId: who.tenantId ?? request.tenant,
      clientId: who.appId ?? request.clientId,
    },
    credential,
  };
}

export const SIGN_IN_METHOD_DETAILS: Record<SignInMethodId, SignInMethod> = {
  interactiveBrowser: {
    get label() { return t('$(globe) Sign in with a browser'); },
    get detail() { return t('Opens the Microsoft sign-in page in your browser.'); },
    async run(request) {
      const credential = new InteractiveBrowserCredential({
        ...commonCredentialOptions(request.settings.authorityHost),
        ...userCacheOptions(request.tokenCache),
        // authenticate() signs in; every later request through this credential (it becomes the account's) is
        // silent: a missing token is an AuthenticationRequiredError, never a browser or a device code.
        disableAutomaticAuthentication: true,
        tenantId: request.tenant,
        clientId: request.clientId,
        loginHint: request.loginHint,
        browserOpener: async (url) => {
          if (!(await vscode.env.openExternal(vscode.Uri.parse(url, true)))) throw new Error(t('The browser could not be opened; try signing in with a device code.'));
        },
      });
      return userAccount('interactiveBrowser', credential, request);
    },
  },
  deviceCode: {
    get label() { return t('$(device-mobile) Sign in with a device code'); },
    get detail() { return t('Shows a code to enter at the sign-in page on any device: for remote, WSL and Codespaces windows.'); },
    async run(request) {
      const credential = new DeviceCodeCredential({
        ...commonCredentialOptions(request.settings.authorityHost),
        ...userCacheOptions(request.tokenCache),
        // authenticate() signs in; every later request through this credential (it becomes the account's) is
        // silent: a missing token is an AuthenticationRequiredError, never a browser or a device code.
        disableAutomaticAuthentication: true,
        tenantId: request.tenant,
        clientId: request.clientId,
        userPromptCallback: (info) => {
          const copyAndOpen = t('Copy code and open page');
          const instruction = t('To sign in, open {0} and enter the code {1}.', info.verificationUri, info.userCode);
          request.report?.(instruction);
          void vscode.window.showInformationMessage(instruction, copyAndOpen).then(async (choice) => {
            if (choice !== copyAndOpen) return;
            await vscode.env.clipboard.writeText(info.userCode);
            await vscode.env.openExternal(vscode.Uri.parse(info.verificationUri, true));
          });
        },
      });
      return userAccount('deviceCode', credential, request);
    },
  },
  azureCli: {
    get label() { return t('$(terminal) Use the Azure CLI account'); },
    get detail() { return t('The account `az login` signed in to.'); },
    // The picker asked az a moment ago: its token signs in, so az runs once (not again for the same answer).
    run: (request) => toolAccount('azureCli', 'Azure CLI', azureCliSignInCredential(new AzureCliCredential({ additionallyAllowedTenants: ['*'] }), recentAzureCliAnswer()), request),
  },
  azurePowerShell: {
    get label() { return t('$(terminal-powershell) Use the Azure PowerShell account'); },
    get detail() { return t('The account Connect-AzAccount signed in to.'); },
    run: (request) => toolAccount('azurePowerShell', 'Azure PowerShell', new AzurePowerShellCredential({ additionallyAllowedTenants: ['*'] }), request),
  },
  environment: {
    get label() { return t('$(key) Use the environment\'s service principal'); },
    get detail() { return t('AZURE_TENANT_ID, AZURE_CLIENT_ID and a secret or certificate in VS Code\'s environment.'); },
    run: (request) => toolAccount('environment', 'environment', new EnvironmentCredential(commonCredentialOptions(request.settings.authorityHost)), request),
  },
  managedIdentity: {
    get label() { return t('$(server) Use the managed identity'); },
    get detail() { return t('The identity of the Azure machine or container VS Code runs on.'); },
    run: (request) => toolAccount('managedIdentity', 'managed identity', new ManagedIdentityCredential(commonCredentialOptions(request.settings.authorityHost)), request),
  },
};

/** Asks which way to sign in, showing what each way can do here; undefined when the person dismissed the list. */
export { pickSignInMethod } from './signInPicker';
