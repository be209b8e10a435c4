// On-behalf-of: a middle-tier service that received a user's access token (issued to it) trades it for a
// token to a downstream API, for the same user. The service authenticates with a client secret, a
// certificate, or a client assertion. One credential serves one user assertion, as in @azure/identity.
import { loadCertificate } from '../certificates';
import { setUpCredential } from '../credentialSetup';
import { InvalidArgumentError } from '../errors';
import type { CertificateParts } from '../certificates';
import type { ClientCredentialConfig, MsalClient } from '../msal/msalClient';
import { checkTenantId } from '../tenant';
import type { TokenRunner } from '../tokenRunner';
import type { AccessToken, AuthorityValidationOptions, CredentialPersistenceOptions, GetTokenOptions, MultiTenantTokenCredentialOptions, TokenCredential } from '../types';
import { checkedAssertionSource } from './clientAssertionCredential';
import { createMsalClient, requireArgument } from './msalClientFactory';

export interface OnBehalfOfCredentialSecretOptions {
  /** The middle-tier app's tenant. */
  tenantId: string;
  /** The middle-tier app's client id. */
  clientId: string;
  clientSecret: string;
  /** The user's access token the middle tier received (its audience is this app). Never logged. */
  userAssertionToken: string;
}

export interface OnBehalfOfCredentialCertificateOptions {
  tenantId: string;
  clientId: string;
  /** A PEM file with the certificate and its unencrypted private key. */
  certificatePath: string;
  userAssertionToken: string;
  /** Send the certificate chain (x5c), for subject-name/issuer authentication. */
  sendCertificateChain?: boolean;
}

export interface OnBehalfOfCredentialAssertionOptions {
  tenantId: string;
  clientId: string;
  /** Returns the middle tier's own client assertion (a JWT) each time one is needed. */
  getAssertion: () => Promise<string>;
  userAssertionToken: string;
}

export type OnBehalfOfCredentialOptions = (OnBehalfOfCredentialSecretOptions | OnBehalfOfCredentialCertificateOptions | OnBehalfOfCredentialAssertionOptions) &
  MultiTenantTokenCredentialOptions &
  CredentialPersistenceOptions &
  AuthorityValidationOptions;

const NAME = 'OnBehalfOfCredential';

export class OnBehalfOfCredential implements TokenCredential {
  private readonly runner: TokenRunner;
  private readonly msal: MsalClient;

  constructor(options: OnBehalfOfCredentialOptions) {
    if (options === null || typeof options !== 'object') {
      throw new InvalidArgumentError('options', `${NAME}: options with tenantId, clientId, userAssertionToken and one of clientSecret, certificatePath or getAssertion are required.`);
    }
    const tenantId = requireArgument(NAME, 'tenantId', options.tenantId);
    checkTenantId(tenantId);
    const clientId = requireArgument(NAME, 'clientId', options.clientId);
    const userAssertion = requireArgument(NAME, 'userAssertionToken', options.userAssertionToken);
    const clientCredential = clientCredentialOf(options);
    const { logger, runner } = setUpCredential(NAME, options, {
      tenantId,
      acquire: (request) => this.msal.acquireTokenOnBehalfOf(request, userAssertion),
    });
    this.runner = runner;
    this.msal = createMsalClient(options, { clientId, tenantId, clientCredential, logger });
  }

  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    return this.runner.getToken(scopes, options);
  }
}

function clientCredentialOf(options: OnBehalfOfCredentialOptions): ClientCredentialConfig {
  const given = ['clientSecret', 'certificatePath', 'getAssertion'].filter((name) => (options as unknown as Record<string, unknown>)[name] !== undefined);
  if (given.length !== 1) {
    throw new InvalidArgumentError(
      'options',
      given.length === 0
        ? `${NAME}: You must provide one of clientSecret, certificatePath, or a getAssertion callback but none were provided.`
        : `${NAME}: provide only one of clientSecret, certificatePath or getAssertion (got ${given.join(' and ')}).`,
    );
  }
  if ('clientSecret' in options && options.clientSecret !== undefined) {
    return { kind: 'secret', clientSecret: requireArgument(NAME, 'clientSecret', options.clientSecret) };
  }
  if ('certificatePath' in options && options.certificatePath !== undefined) {
    const certificatePath = requireArgument(NAME, 'certificatePath', options.certificatePath);
    const sendChain = options.sendCertificateChain === true;
    // Read on first use, once: a wrong path shows up as the first getToken's error, and a failure is retried.
    let parts: Promise<CertificateParts> | undefined;
    return {
      kind: 'certificate',
      load: () => {
        parts ??= loadCertificate({ certificatePath }, undefined, sendChain).catch((error: unknown) => {
          parts = undefined;
          throw error;
        });
        return parts;
      },
    };
  }
  return { kind: 'assertion', getAssertion: checkedAssertionSource(NAME, (options as OnBehalfOfCredentialAssertionOptions).getAssertion) };
}
