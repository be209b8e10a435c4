// The shared core of the library's public surface: types, errors, tenants and scopes, records, the log sink
// and events. Small, and needed by every credential, so the entry (index.ts) exports it as it is.
export type {
  AbortSignalLike,
  AccessToken,
  AuthorityValidationOptions,
  CredentialPersistenceOptions,
  GetTokenOptions,
  MultiTenantTokenCredentialOptions,
  RetryOptions,
  TokenCachePersistenceOptions,
  TokenCachePartition,
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
// Public so a program (the extension's sign-in report) can re-probe a tool after the person installed or signed in to it.
export { forgetRememberedUnavailability } from './unavailabilityMemory';
export {
  AuthenticationRecord,
  serializeAuthenticationRecord,
  deserializeAuthenticationRecord,
  type AuthenticationRecordData,
} from './authenticationRecord';
export { idTokenOf } from './msal/idToken';
export { systemClock, type Clock, type ClockTimer } from './clock';
export { setIdentityLogSink, type IdentityLogEntry, type IdentityLogLevel, type IdentityLogSink } from './logger';
export { addCredentialEventListener, type CredentialEvent, type CredentialEventListener, type CredentialOutcome } from './events';
// Registered by the extension at activation; small, so it costs activation nothing (VisualStudioCodeCredential loads on first use).
export {
  VSCODE_ENDPOINT_MARKER_VARIABLE,
  setVisualStudioCodeTokenProvider,
  notifyVisualStudioCodeAccountsChanged,
  type VisualStudioCodeTokenProvider,
  type VisualStudioCodeTokenRequest,
} from './visualStudioCodeTokenProvider';
