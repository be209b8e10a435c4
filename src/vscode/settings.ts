// The extension's settings (package.json "azureIdentity.*"), read in one place and validated, so a bad value
// is reported once with the setting's name instead of failing somewhere deep in a sign-in.
import * as vscode from 'vscode';

export const SIGN_IN_METHODS = ['environment', 'managedIdentity', 'azureCli', 'azurePowerShell', 'interactiveBrowser', 'deviceCode'] as const;
export type SignInMethodId = (typeof SIGN_IN_METHODS)[number];

/** The Azure Identity client id for VS Code, shared with azure.identity's VisualStudioCodeCredential. */
export const VSCODE_CLIENT_ID = 'aebc6443-996d-45c2-90f0-388ff96faa56';

const CLOUD_AUTHORITY_HOSTS: Record<string, string> = {
  AzureCloud: 'https://login.microsoftonline.com',
  AzureChinaCloud: 'https://login.chinacloudapi.cn',
  AzureUSGovernment: 'https://login.microsoftonline.us',
  AzureGermanCloud: 'https://login.microsoftonline.de',
};

export interface ExtensionSettings {
  /** The configured cloud's name, or "custom". */
  readonly cloud: string;
  readonly authorityHost: string;
  /** True for a custom authority host, which Microsoft's instance discovery does not know. */
  readonly isCustomCloud: boolean;
  readonly tenant: string;
  readonly clientId: string;
  /** The sign-in methods in the order the chain tries them, exclusions removed. */
  readonly signInMethods: readonly SignInMethodId[];
  readonly persistence: boolean;
  readonly terminalTokenEndpoint: boolean;
}

export class SettingsError extends Error {
  constructor(readonly setting: string, message: string) {
    super(`Setting azureIdentity.${setting}: ${message}`);
    this.name = 'SettingsError';
  }
}

function authorityHostOf(cloud: string, custom: string): string {
  if (cloud !== 'custom') {
    const host = CLOUD_AUTHORITY_HOSTS[cloud];
    if (!host) throw new SettingsError('cloud', `"${cloud}" is not one of ${Object.keys(CLOUD_AUTHORITY_HOSTS).join(', ')} or custom.`);
    return host;
  }
  let url: URL;
  try {
    url = new URL(custom.trim());
  } catch {
    throw new SettingsError('customAuthorityHost', 'set it to the https:// URL of your cloud\'s authority, for example https://login.example.com.');
  }
  if (url.protocol !== 'https:') throw new SettingsError('customAuthorityHost', `"${custom}" must be an https:// URL.`);
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

export function readSettings(configuration: vscode.WorkspaceConfiguration = vscode.workspace.getConfiguration('azureIdentity')): ExtensionSettings {
  const cloud = configuration.get<string>('cloud', 'AzureCloud');
  const order = configuration.get<string[]>('chain.order', [...SIGN_IN_METHODS]);
  const excluded = new Set(configuration.get<string[]>('chain.exclude', []));
  const unknown = [...order, ...excluded].filter((m) => !(SIGN_IN_METHODS as readonly string[]).includes(m));
  if (unknown.length) throw new SettingsError('chain.order', `unknown sign-in method(s) ${unknown.join(', ')}; known: ${SIGN_IN_METHODS.join(', ')}.`);
  const tenant = configuration.get<string>('tenant', 'organizations').trim() || 'organizations';
  if (!/^[0-9a-zA-Z.-]+$/.test(tenant)) {
    throw new SettingsError('tenant', `"${tenant}" is not a tenant id or domain: use a GUID, a domain such as contoso.onmicrosoft.com, or organizations.`);
  }
  const clientId = configuration.get<string>('clientId', '').trim() || VSCODE_CLIENT_ID;
  return {
    cloud,
    authorityHost: authorityHostOf(cloud, configuration.get<string>('customAuthorityHost', '')),
    isCustomCloud: cloud === 'custom',
    tenant,
    clientId,
    signInMethods: [...new Set(order)].filter((m) => !excluded.has(m)) as SignInMethodId[],
    persistence: configuration.get<boolean>('persistence', true),
    terminalTokenEndpoint: configuration.get<boolean>('terminal.tokenEndpoint', true),
  };
}
