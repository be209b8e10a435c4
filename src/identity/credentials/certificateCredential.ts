// A service principal authenticating with a certificate: MSAL signs a client assertion with the private key
// and puts the certificate's SHA-256 thumbprint in its `x5t#S256` header (and the chain in `x5c` on request).
import { loadCertificate, type CertificateSource } from '../certificates';
import { setUpCredential } from '../credentialSetup';
import { InvalidArgumentError } from '../errors';
import type { CertificateParts } from '../certificates';
import type { MsalClient } from '../msal/msalClient';
import { checkTenantId } from '../tenant';
import type { TokenRunner } from '../tokenRunner';
import type { AccessToken, GetTokenOptions, TokenCredential } from '../types';
import type { CertificateCredentialOptions, ClientCertificateCredentialPEMConfiguration } from './certificateCredentialOptions';
import { createMsalClient, requireArgument } from './msalClientFactory';

const NAME = 'CertificateCredential';

export class CertificateCredential implements TokenCredential {
  private readonly runner: TokenRunner;
  private readonly msal: MsalClient;

  /** @param certificatePath - a PEM (certificate and private key) or PFX file */
  constructor(tenantId: string, clientId: string, certificatePath: string, options?: CertificateCredentialOptions);
  constructor(tenantId: string, clientId: string, configuration: ClientCertificateCredentialPEMConfiguration, options?: CertificateCredentialOptions);
  constructor(
    tenantId: string,
    clientId: string,
    certificate: string | ClientCertificateCredentialPEMConfiguration,
    options?: CertificateCredentialOptions,
  ) {
    requireArgument(NAME, 'tenantId', tenantId);
    checkTenantId(tenantId);
    requireArgument(NAME, 'clientId', clientId);
    const { source, password } = toSource(certificate);
    const sendChain = options?.sendCertificateChain === true;
    // Parsed on first use, once: a wrong path or password shows up as the first getToken's error.
    let parts: Promise<CertificateParts> | undefined;
    const load = (): Promise<CertificateParts> => {
      parts ??= loadCertificate(source, password, sendChain).catch((error: unknown) => {
        parts = undefined;
        throw error;
      });
      return parts;
    };
    const { logger, runner } = setUpCredential(NAME, options, {
      tenantId,
      acquire: (request) => this.msal.acquireTokenByClientCredential(request),
    });
    this.runner = runner;
    this.msal = createMsalClient(options, { clientId, tenantId, clientCredential: { kind: 'certificate', load }, logger });
  }

  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    return this.runner.getToken(scopes, options);
  }
}

function toSource(certificate: string | ClientCertificateCredentialPEMConfiguration): { source: CertificateSource; password: string | undefined } {
  if (typeof certificate === 'string') {
    requireArgument(NAME, 'certificatePath', certificate);
    return { source: { certificatePath: certificate }, password: undefined };
  }
  if (certificate && 'certificatePath' in certificate && typeof certificate.certificatePath === 'string' && certificate.certificatePath !== '') {
    return { source: { certificatePath: certificate.certificatePath }, password: certificate.certificatePassword };
  }
  if (certificate && 'certificate' in certificate && (typeof certificate.certificate === 'string' || certificate.certificate instanceof Uint8Array)) {
    return { source: { certificate: certificate.certificate }, password: certificate.certificatePassword };
  }
  throw new InvalidArgumentError('certificate', `${NAME}: provide certificatePath (a PEM or PFX file) or certificate (PEM text or bytes).`);
}

/** @azure/identity's name for the same credential. */
export { CertificateCredential as ClientCertificateCredential };
