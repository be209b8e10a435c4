// The credentials and their helpers, each with its options: the part of the public surface that
// index.ts loads on first use and library.ts exports as it is.
export { ClientSecretCredential } from './credentials/clientSecretCredential';
export type { ClientSecretCredentialOptions } from './credentials/clientSecretCredentialOptions';
export { CertificateCredential, ClientCertificateCredential } from './credentials/certificateCredential';
export type {
  CertificateCredentialOptions,
  ClientCertificateCredentialOptions,
  ClientCertificateCredentialPEMConfiguration,
  ClientCertificatePEMCertificate,
  ClientCertificatePEMCertificatePath,
} from './credentials/certificateCredentialOptions';
export { UsernamePasswordCredential } from './credentials/usernamePasswordCredential';
export type { UsernamePasswordCredentialOptions } from './credentials/usernamePasswordCredentialOptions';
export { AuthorizationCodeCredential } from './credentials/authorizationCodeCredential';
export type { AuthorizationCodeCredentialOptions } from './credentials/authorizationCodeCredentialOptions';
export { DeviceCodeCredential, defaultDeviceCodePromptCallback } from './credentials/deviceCodeCredential';
export type { DeviceCodeCredentialOptions, DeviceCodeInfo, DeviceCodePromptCallback } from './credentials/deviceCodeCredentialOptions';
export { InteractiveBrowserCredential } from './credentials/interactiveBrowserCredential';
export type { InteractiveBrowserCredentialNodeOptions, BrowserCustomizationOptions } from './credentials/interactiveBrowserCredentialOptions';
export type { InteractiveCredentialOptions } from './credentials/interactiveCredentialOptions';
export type { BrowserOpener } from './credentials/browserOpener';
export { persistentCachePath, identityServiceDirectory, DEFAULT_TOKEN_CACHE_NAME } from './msal/persistence';
export { ChainedTokenCredential } from './credentials/chainedTokenCredential';
export { DefaultAzureCredential, type DefaultAzureCredentialOptions, type DefaultAzureCredentialEnvVars } from './credentials/defaultAzureCredential';
export { EnvironmentCredential, type EnvironmentCredentialOptions } from './credentials/environmentCredential';
export { ManagedIdentityCredential, type ManagedIdentityCredentialOptions, type ManagedIdentityConfig } from './credentials/managedIdentityCredential';
export { AzureCliCredential, type AzureCliCredentialOptions } from './credentials/azureCliCredential';
export { AzurePowerShellCredential, type AzurePowerShellCredentialOptions } from './credentials/azurePowerShellCredential';
export { SharedTokenCacheCredential, type SharedCacheAccount, type SharedTokenCacheCredentialOptions } from './credentials/sharedTokenCacheCredential';
export {
  VisualStudioCodeCredential,
  setVisualStudioCodeTokenProvider,
  notifyVisualStudioCodeAccountsChanged,
  VSCODE_ENDPOINT_MARKER_VARIABLE,
  type VisualStudioCodeCredentialOptions,
  type VisualStudioCodeTokenProvider,
  type VisualStudioCodeTokenRequest,
} from './credentials/visualStudioCodeCredential';
export { forgetRememberedUnavailability } from './unavailabilityMemory';
