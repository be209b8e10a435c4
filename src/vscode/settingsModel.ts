// The extension's settings (package.json "azureIdentity.*"), parsed and validated in one place so a bad value
// is reported once with the setting's name instead of failing somewhere deep in a sign-in. Plain logic (no
// `vscode` import): settings.ts reads VS Code's configuration and hands it here.
import type { CloudName } from './accounts/accountServiceContract';
import { CLOUDS, isCloudName, resourceManagerEndpointOf } from './accounts/clouds';

export const SIGN_IN_METHODS = ['environment', 'managedIdentity', 'azureCli', 'azurePowerShell', 'interactiveBrowser', 'deviceCode'] as const;
export type SignInMethodId = (typeof SIGN_IN_METHODS)[number];

/** The Azure Identity client id for VS Code, shared with azure.identity's VisualStudioCodeCredential. */
export const VSCODE_CLIENT_ID = 'aebc6443-996d-45c2-90f0-388ff96faa56';

export interface ExtensionSettings {
  /** The configured cloud. */
  readonly cloud: CloudName;
  readonly authorityHost: string;
  /** The cloud's Resource Manager: where tenants are listed, and the scope a plain sign-in asks for. */
  readonly resourceManagerEndpoint: string;
  /** True for a custom authority host, which Microsoft's instance discovery does not know. */
  readonly isCustomCloud: boolean;
  readonly tenant: string;
  readonly clientId: string;
  /** The sign-in methods the picker offers, in its order. */
  readonly signInMethods: readonly SignInMethodId[];
  readonly persistence: boolean;
  readonly terminalTokenEndpoint: boolean;
  readonly statusBar: boolean;
  /** Settings still set under a retired name (they work, and the person is told the new name). */
  readonly deprecated: readonly string[];
}

export class SettingsError extends Error {
  constructor(readonly setting: string, message: string) {
    super(`Setting azureIdentity.${setting}: ${message}`);
    this.name = 'SettingsError';
  }
}

/** What is read of a configuration section: VS Code's WorkspaceConfiguration satisfies it. */
export interface ConfigurationReader {
  get<T>(section: string, defaultValue: T): T;
  /** Whether a setting was set anywhere (user, workspace, folder), not just defaulted. */
  inspect?(section: string): { globalValue?: unknown; workspaceValue?: unknown; workspaceFolderValue?: unknown } | undefined;
}

/** What a settings.json value is, for messages (settings.json can hold any JSON value under any key). */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `the ${typeof value} ${JSON.stringify(value)}`;
}

function stringSetting(configuration: ConfigurationReader, section: string, fallback: string): string {
  const value: unknown = configuration.get<unknown>(section, fallback);
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string') throw new SettingsError(section, `must be a string, not ${kindOf(value)}.`);
  return value;
}

function booleanSetting(configuration: ConfigurationReader, section: string, fallback: boolean): boolean {
  const value: unknown = configuration.get<unknown>(section, fallback);
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') throw new SettingsError(section, `must be true or false, not ${kindOf(value)}.`);
  return value;
}

function listSetting(configuration: ConfigurationReader, section: string, fallback: readonly string[] | undefined): string[] | undefined {
  const value: unknown = configuration.get<unknown>(section, fallback);
  if (value === undefined || value === null) return fallback === undefined ? undefined : [...fallback];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw new SettingsError(section, `must be a list of sign-in method names, not ${kindOf(value)}.`);
  return value as string[];
}

function isSet(configuration: ConfigurationReader, section: string): boolean {
  const inspected = configuration.inspect?.(section);
  return inspected !== undefined && (inspected.globalValue !== undefined || inspected.workspaceValue !== undefined || inspected.workspaceFolderValue !== undefined);
}

function authorityHostOf(cloud: CloudName, custom: string): string {
  if (cloud !== 'custom') return CLOUDS[cloud].authorityHost;
  let url: URL;
  try {
    url = new URL(custom.trim());
  } catch {
    throw new SettingsError('customAuthorityHost', 'set it to the https:// URL of your cloud\'s authority, for example https://login.example.com.');
  }
  if (url.protocol !== 'https:') throw new SettingsError('customAuthorityHost', `"${custom}" must be an https:// URL.`);
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

function checkMethods(setting: string, methods: readonly string[]): SignInMethodId[] {
  const unknown = methods.filter((m) => !(SIGN_IN_METHODS as readonly string[]).includes(m));
  if (unknown.length) throw new SettingsError(setting, `unknown sign-in method(s) ${unknown.join(', ')}; known: ${SIGN_IN_METHODS.join(', ')}.`);
  return [...new Set(methods)] as SignInMethodId[];
}

/**
 * The sign-in methods: `signIn.methods` when set; else the retired `chain.order` / `chain.exclude`, which
 * still work (reported as deprecated); else every method in the default order.
 */
function signInMethodsOf(configuration: ConfigurationReader, deprecated: string[]): SignInMethodId[] {
  const orderSet = isSet(configuration, 'chain.order');
  const excludeSet = isSet(configuration, 'chain.exclude');
  const methods = listSetting(configuration, 'signIn.methods', undefined);
  if (methods !== undefined && (isSet(configuration, 'signIn.methods') || !(orderSet || excludeSet))) {
    if (methods.length === 0) throw new SettingsError('signIn.methods', 'list at least one sign-in method.');
    return checkMethods('signIn.methods', methods);
  }
  if (orderSet) deprecated.push('chain.order');
  if (excludeSet) deprecated.push('chain.exclude');
  const order = checkMethods('chain.order', listSetting(configuration, 'chain.order', SIGN_IN_METHODS) ?? []);
  const excluded = new Set(checkMethods('chain.exclude', listSetting(configuration, 'chain.exclude', []) ?? []));
  const kept = order.filter((m) => !excluded.has(m));
  if (kept.length === 0) throw new SettingsError('chain.exclude', 'every sign-in method is excluded; use azureIdentity.signIn.methods to list the ones to offer.');
  return kept;
}

export function parseSettings(configuration: ConfigurationReader): ExtensionSettings {
  const cloudValue = stringSetting(configuration, 'cloud', 'AzureCloud');
  if (!isCloudName(cloudValue)) throw new SettingsError('cloud', `"${cloudValue}" is not one of ${Object.keys(CLOUDS).join(', ')} or custom.`);
  const cloud = cloudValue;
  const tenant = stringSetting(configuration, 'tenant', 'organizations').trim() || 'organizations';
  if (!/^[0-9a-zA-Z.-]+$/.test(tenant)) {
    throw new SettingsError('tenant', `"${tenant}" is not a tenant id or domain: use a GUID, a domain such as contoso.onmicrosoft.com, or organizations.`);
  }
  const clientId = stringSetting(configuration, 'clientId', '').trim() || VSCODE_CLIENT_ID;
  const authorityHost = authorityHostOf(cloud, stringSetting(configuration, 'customAuthorityHost', ''));
  const customArm = stringSetting(configuration, 'customResourceManagerEndpoint', '').trim();
  if (cloud === 'custom' && customArm && !/^https:\/\/[^/]+/.test(customArm)) {
    throw new SettingsError('customResourceManagerEndpoint', `"${customArm}" must be an https:// URL, for example https://management.example.com.`);
  }
  const deprecated: string[] = [];
  const signInMethods = signInMethodsOf(configuration, deprecated);
  return {
    cloud,
    authorityHost,
    resourceManagerEndpoint: resourceManagerEndpointOf(cloud, authorityHost, customArm),
    isCustomCloud: cloud === 'custom',
    tenant,
    clientId,
    signInMethods,
    persistence: booleanSetting(configuration, 'persistence', true),
    terminalTokenEndpoint: booleanSetting(configuration, 'terminal.tokenEndpoint', true),
    statusBar: booleanSetting(configuration, 'statusBar.enabled', true),
    deprecated,
  };
}
