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
  type TokenCredential,
} from '../../identity/index';
import type { AccountCredentials } from '../accounts/accountCredentials';
import type { StoredAccount } from '../accounts/storedAccount';
import { identityFromToken } from '../accounts/tokenClaims';
import type { ExtensionSettings, SignInMethodId } from '../settings';
import { orderForWindow } from './methodOrder';

export interface SignInRequest {
  readonly scopes: readonly string[];
  readonly tenant: string;
  readonly clientId: string;
  readonly settings: ExtensionSettings;
  readonly abortSignal: AbortSignal;
}

interface SignInMethod {
  readonly label: string;
  readonly detail: string;
  run(request: SignInRequest, credentials: AccountCredentials): Promise<StoredAccount>;
}

function userAccount(method: SignInMethodId, record: AuthenticationRecord, request: SignInRequest): StoredAccount {
  return {
    id: record.homeAccountId,
    label: record.username,
    method,
    authorityHost: request.settings.authorityHost,
    tenantId: record.tenantId,
    clientId: record.clientId,
    record: { authority: record.authority, homeAccountId: record.homeAccountId, clientId: record.clientId, tenantId: record.tenantId, username: record.username },
    signedInAt: Date.now(),
  };
}

/** Adopts the identity a tool holds: one token names it. */
async function toolAccount(method: SignInMethodId, toolName: string, credential: TokenCredential, request: SignInRequest): Promise<StoredAccount> {
  const token = await credential.getToken([...request.scopes], { abortSignal: request.abortSignal });
  if (!token) throw new Error(`${toolName} returned no token.`);
  const who = identityFromToken(token.token);
  const name = who.username ?? (who.appId ? `app ${who.appId}` : `object ${who.objectId ?? 'unknown'}`);
  return {
    id: `${method}:${who.objectId ?? who.appId ?? 'unknown'}.${who.tenantId ?? 'unknown'}`,
    label: `${name} (${toolName})`,
    method,
    authorityHost: request.settings.authorityHost,
    tenantId: who.tenantId ?? request.tenant,
    clientId: who.appId ?? request.clientId,
    signedInAt: Date.now(),
  };
}

export const SIGN_IN_METHOD_DETAILS: Record<SignInMethodId, SignInMethod> = {
  interactiveBrowser: {
    label: '$(globe) Sign in with a browser',
    detail: 'Opens the Microsoft sign-in page in your browser.',
    async run(request, credentials) {
      const credential = new InteractiveBrowserCredential({
        ...credentials.commonOptions(request.settings),
        ...credentials.userCacheOptions(),
        tenantId: request.tenant,
        clientId: request.clientId,
        browserOpener: async (url) => {
          if (!(await vscode.env.openExternal(vscode.Uri.parse(url, true)))) throw new Error('The browser could not be opened; try signing in with a device code.');
        },
      });
      return userAccount('interactiveBrowser', await credential.authenticate([...request.scopes], { abortSignal: request.abortSignal }), request);
    },
  },
  deviceCode: {
    label: '$(device-mobile) Sign in with a device code',
    detail: 'Shows a code to enter at the sign-in page on any device: for remote, WSL and Codespaces windows.',
    async run(request, credentials) {
      const credential = new DeviceCodeCredential({
        ...credentials.commonOptions(request.settings),
        ...credentials.userCacheOptions(),
        tenantId: request.tenant,
        clientId: request.clientId,
        userPromptCallback: (info) => {
          const copyAndOpen = 'Copy code and open page';
          void vscode.window.showInformationMessage(`To sign in, open ${info.verificationUri} and enter the code ${info.userCode}.`, copyAndOpen).then(async (choice) => {
            if (choice !== copyAndOpen) return;
            await vscode.env.clipboard.writeText(info.userCode);
            await vscode.env.openExternal(vscode.Uri.parse(info.verificationUri, true));
          });
        },
      });
      return userAccount('deviceCode', await credential.authenticate([...request.scopes], { abortSignal: request.abortSignal }), request);
    },
  },
  azureCli: {
    label: '$(terminal) Use the Azure CLI account',
    detail: 'The account `az login` signed in to.',
    run: (request) => toolAccount('azureCli', 'Azure CLI', new AzureCliCredential(), request),
  },
  azurePowerShell: {
    label: '$(terminal-powershell) Use the Azure PowerShell account',
    detail: 'The account Connect-AzAccount signed in to.',
    run: (request) => toolAccount('azurePowerShell', 'Azure PowerShell', new AzurePowerShellCredential(), request),
  },
  environment: {
    label: '$(key) Use the environment\'s service principal',
    detail: 'AZURE_TENANT_ID, AZURE_CLIENT_ID and a secret or certificate in VS Code\'s environment.',
    run: (request, credentials) => toolAccount('environment', 'environment', new EnvironmentCredential(credentials.commonOptions(request.settings)), request),
  },
  managedIdentity: {
    label: '$(server) Use the managed identity',
    detail: 'The identity of the Azure machine or container VS Code runs on.',
    run: (request, credentials) => toolAccount('managedIdentity', 'managed identity', new ManagedIdentityCredential(credentials.commonOptions(request.settings)), request),
  },
};

/** Asks which way to sign in; undefined when the person dismissed the list. */
export async function pickSignInMethod(configured: readonly SignInMethodId[]): Promise<SignInMethodId | undefined> {
  const methods = orderForWindow(configured, vscode.env.remoteName);
  if (methods.length === 1) return methods[0];
  const picked = await vscode.window.showQuickPick(
    methods.map((id) => ({ id, label: SIGN_IN_METHOD_DETAILS[id].label, detail: SIGN_IN_METHOD_DETAILS[id].detail })),
    { title: 'Sign in with Azure Identity', placeHolder: 'How do you want to sign in?', ignoreFocusOut: true },
  );
  return picked?.id;
}
