// Options and certificate configurations of CertificateCredential (the @azure/identity shapes, plus bytes).
import type { AuthorityValidationOptions, CredentialPersistenceOptions, MultiTenantTokenCredentialOptions } from '../types';

export interface CertificateCredentialOptions extends MultiTenantTokenCredentialOptions, CredentialPersistenceOptions, AuthorityValidationOptions {
  /** Send the certificate chain as `x5c`, as subject name / issuer (SNI) authentication requires. */
  sendCertificateChain?: boolean;
}

/** A PEM or PFX certificate file holding the private key. */
export interface ClientCertificatePEMCertificatePath {
  certificatePath: string;
  /** The password of an encrypted PEM key or of a PFX. */
  certificatePassword?: string;
}

/** The certificate itself: PEM text, or the bytes of a PEM or PFX file. */
export interface ClientCertificatePEMCertificate {
  certificate: string | Uint8Array;
  certificatePassword?: string;
}

export type ClientCertificateCredentialPEMConfiguration = ClientCertificatePEMCertificatePath | ClientCertificatePEMCertificate;

/** @azure/identity's name for the options. */
export type ClientCertificateCredentialOptions = CertificateCredentialOptions;
