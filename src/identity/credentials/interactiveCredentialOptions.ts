// Options shared by the credentials that sign a user in (device code, browser, username/password, auth code).
import type { AuthenticationRecord, AuthenticationRecordData } from '../authenticationRecord';
import type { AuthorityValidationOptions, CredentialPersistenceOptions, MultiTenantTokenCredentialOptions } from '../types';

export interface InteractiveCredentialOptions extends MultiTenantTokenCredentialOptions, AuthorityValidationOptions, CredentialPersistenceOptions {
  /**
   * The account a previous `authenticate()` signed in; with a persistent cache, tokens for it are found
   * silently, without a prompt.
   */
  authenticationRecord?: AuthenticationRecord | AuthenticationRecordData;
  /** Never prompt from `getToken`: throw AuthenticationRequiredError instead, so the app decides when to call `authenticate()`. */
  disableAutomaticAuthentication?: boolean;
}
