// Options of AuthorizationCodeCredential (the @azure/identity shape).
import type { AuthorityValidationOptions, CredentialPersistenceOptions, MultiTenantTokenCredentialOptions } from '../types';

export interface AuthorizationCodeCredentialOptions extends MultiTenantTokenCredentialOptions, AuthorityValidationOptions, CredentialPersistenceOptions {}
