// The library's entry for Node. Requiring it loads the shared core (./core) and nothing else: each credential
// module is loaded the first time its export is read, so a process that uses one credential pays for that one
// (issue #5: a fresh require must stay under 40 ms and 8 MiB; loading every credential costs more than that).
// MSAL itself is loaded later still, by the first token request that needs it (see msal/loadMsal.ts).
// Bundles import ./library instead, which exports the same names statically. A unit test keeps the two equal.
import type * as Credentials from './credentialExports';

export * from './core';
export type * from './credentialExports';

// The values of ./credentialExports, typed here and defined below as getters that load their module.
export type ClientSecretCredential = Credentials.ClientSecretCredential;
export declare const ClientSecretCredential: typeof Credentials.ClientSecretCredential;
export type CertificateCredential = Credentials.CertificateCredential;
export declare const CertificateCredential: typeof Credentials.CertificateCredential;
export type ClientCertificateCredential = Credentials.ClientCertificateCredential;
export declare const ClientCertificateCredential: typeof Credentials.ClientCertificateCredential;
export type UsernamePasswordCredential = Credentials.UsernamePasswordCredential;
export declare const UsernamePasswordCredential: typeof Credentials.UsernamePasswordCredential;
export type AuthorizationCodeCredential = Credentials.AuthorizationCodeCredential;
export declare const AuthorizationCodeCredential: typeof Credentials.AuthorizationCodeCredential;
export type DeviceCodeCredential = Credentials.DeviceCodeCredential;
export declare const DeviceCodeCredential: typeof Credentials.DeviceCodeCredential;
export declare const defaultDeviceCodePromptCallback: typeof Credentials.defaultDeviceCodePromptCallback;
export type InteractiveBrowserCredential = Credentials.InteractiveBrowserCredential;
export declare const InteractiveBrowserCredential: typeof Credentials.InteractiveBrowserCredential;
export declare const persistentCachePath: typeof Credentials.persistentCachePath;
export declare const identityServiceDirectory: typeof Credentials.identityServiceDirectory;
export declare const DEFAULT_TOKEN_CACHE_NAME: typeof Credentials.DEFAULT_TOKEN_CACHE_NAME;
export type ChainedTokenCredential = Credentials.ChainedTokenCredential;
export declare const ChainedTokenCredential: typeof Credentials.ChainedTokenCredential;
export type DefaultAzureCredential = Credentials.DefaultAzureCredential;
export declare const DefaultAzureCredential: typeof Credentials.DefaultAzureCredential;
export type EnvironmentCredential = Credentials.EnvironmentCredential;
export declare const EnvironmentCredential: typeof Credentials.EnvironmentCredential;
export type ManagedIdentityCredential = Credentials.ManagedIdentityCredential;
export declare const ManagedIdentityCredential: typeof Credentials.ManagedIdentityCredential;
export type AzureCliCredential = Credentials.AzureCliCredential;
export declare const AzureCliCredential: typeof Credentials.AzureCliCredential;
export type AzurePowerShellCredential = Credentials.AzurePowerShellCredential;
export declare const AzurePowerShellCredential: typeof Credentials.AzurePowerShellCredential;
export type SharedTokenCacheCredential = Credentials.SharedTokenCacheCredential;
export declare const SharedTokenCacheCredential: typeof Credentials.SharedTokenCacheCredential;
export type VisualStudioCodeCredential = Credentials.VisualStudioCodeCredential;
export declare const VisualStudioCodeCredential: typeof Credentials.VisualStudioCodeCredential;
export declare const setVisualStudioCodeTokenProvider: typeof Credentials.setVisualStudioCodeTokenProvider;
export declare const notifyVisualStudioCodeAccountsChanged: typeof Credentials.notifyVisualStudioCodeAccountsChanged;
export declare const VSCODE_ENDPOINT_MARKER_VARIABLE: typeof Credentials.VSCODE_ENDPOINT_MARKER_VARIABLE;
export declare const forgetRememberedUnavailability: typeof Credentials.forgetRememberedUnavailability;

/** Which module defines each lazily loaded export. */
const lazyExports: Record<string, string> = {
  ClientSecretCredential: './credentials/clientSecretCredential',
  CertificateCredential: './credentials/certificateCredential',
  ClientCertificateCredential: './credentials/certificateCredential',
  UsernamePasswordCredential: './credentials/usernamePasswordCredential',
  AuthorizationCodeCredential: './credentials/authorizationCodeCredential',
  DeviceCodeCredential: './credentials/deviceCodeCredential',
  defaultDeviceCodePromptCallback: './credentials/deviceCodeCredential',
  InteractiveBrowserCredential: './credentials/interactiveBrowserCredential',
  persistentCachePath: './msal/persistence',
  identityServiceDirectory: './msal/persistence',
  DEFAULT_TOKEN_CACHE_NAME: './msal/persistence',
  ChainedTokenCredential: './credentials/chainedTokenCredential',
  DefaultAzureCredential: './credentials/defaultAzureCredential',
  EnvironmentCredential: './credentials/environmentCredential',
  ManagedIdentityCredential: './credentials/managedIdentityCredential',
  AzureCliCredential: './credentials/azureCliCredential',
  AzurePowerShellCredential: './credentials/azurePowerShellCredential',
  SharedTokenCacheCredential: './credentials/sharedTokenCacheCredential',
  VisualStudioCodeCredential: './credentials/visualStudioCodeCredential',
  setVisualStudioCodeTokenProvider: './credentials/visualStudioCodeCredential',
  notifyVisualStudioCodeAccountsChanged: './credentials/visualStudioCodeCredential',
  VSCODE_ENDPOINT_MARKER_VARIABLE: './credentials/visualStudioCodeCredential',
  forgetRememberedUnavailability: './unavailabilityMemory',
};

for (const [name, modulePath] of Object.entries(lazyExports)) {
  Object.defineProperty(exports, name, {
    enumerable: true,
    // Node caches the module: after the first read this is a cache lookup. (Not for bundlers, which cannot
    // follow a computed path: they import ./library.)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    get: () => (require(modulePath) as Record<string, unknown>)[name],
  });
}
