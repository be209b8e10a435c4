// The public surface of the credential library. Importing it loads no MSAL: MSAL is loaded by the first
// token request that needs it (see msal/loadMsal.ts).
export type {
  AbortSignalLike,
  AccessToken,
  AuthorityValidationOptions,
  CredentialPersistenceOptions,
  GetTokenOptions,
  MultiTenantTokenCredentialOptions,
  RetryOptions,
  TokenCachePersistenceOptions,
  TokenCacheStorage,
  TokenCredential,
  TokenCredentialOptions,
} from './types';
export {
  AbortError,
  AggregateAuthenticationError,
  AggregateAuthenticationErrorName,
  AuthenticationError,
  AuthenticationErrorName,
  AuthenticationRequiredError,
  AuthenticationRequiredErrorName,
  ClientAuthenticationError,
  CredentialUnavailableError,
  CredentialUnavailableErrorName,
  InvalidArgumentError,
  parseErrorResponse,
  type AuthenticationRequiredErrorOptions,
  type ErrorResponse,
} from './errors';
export { AzureAuthorityHosts, KnownAuthorities, DEFAULT_AUTHORITY_HOST, resolveAuthorityHost } from './authorityHosts';
export { DEVELOPER_SIGN_ON_CLIENT_ID, checkTenantId, resolveRequestTenant } from './tenant';
export { checkScopes, scopeToResource, resourceToScope } from './scopes';
export {
  AuthenticationRecord,
  serializeAuthenticationRecord,
  deserializeAuthenticationRecord,
  type AuthenticationRecordData,
} from './authenticationRecord';
export { systemClock, type Clock, type ClockTimer } from './clock';
export { setIdentityLogSink, createCredentialLogger, type IdentityLogEntry, type IdentityLogLevel, type IdentityLogSink, type CredentialLogger } from './logger';
export { addCredentialEventListener, type CredentialEvent, type CredentialEventListener, type CredentialOutcome } from './events';
export { AccessTokenCache, type TokenCacheOptions } from './tokenCache';
export { TokenRunner, type TokenRequest, type TokenAcquirer, type TokenRunnerOptions } from './tokenRunner';
export { setUpCredential, type CredentialSetup } from './credentialSetup';

// Credentials of the first library issue, each with its options.
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
export { SharedTokenCacheCredential, type SharedTokenCacheCredentialOptions } from './credentials/sharedTokenCacheCredential';
export {
  VisualStudioCodeCredential,
  setVisualStudioCodeTokenProvider,
  notifyVisualStudioCodeAccountsChanged,
  VSCODE_ENDPOINT_MARKER_VARIABLE,
  type VisualStudioCodeCredentialOptions,
  type VisualStudioCodeTokenProvider,
  type VisualStudioCodeTokenRequest,
} from './credentials/visualStudioCodeCredential';
export { forgetRememberedUnavailability } from './process/unavailabilityMemory';
