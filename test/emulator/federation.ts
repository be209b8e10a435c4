// Federated identity credentials: the trust an app places in an external issuer (Kubernetes' service-account
// issuer for workload identity, Azure Pipelines' OIDC issuer), and the emulator standing in for those
// issuers. Entra accepts, as an app's client assertion, a JWT from a trusted issuer whose `sub` and `aud`
// match one of the app's federated credentials; the emulator signs every external issuer's tokens with one
// key of its own (the stand-in for fetching each issuer's JWKS).
import * as crypto from 'node:crypto';
import { BadInputError } from './directory';
import { DEFAULT_PIPELINES_CONNECTION, SEED_FEDERATED_CREDENTIALS, TOKEN_EXCHANGE_AUDIENCE } from './defaults';
import { base64url, base64urlJson, nowSeconds } from './encoding';
import { Errors, fail } from './errors';
import { createSigningKey, verifyJwtSignature, type ParsedJwt, type SigningKey } from './jwt';
import type { FederatedCredential, FederatedCredentialInput, FederatedTokenInput, PipelinesServiceConnection } from './types';

/** Entra allows five minutes of clock skew on assertions. */
const SKEW_SECONDS = 300;

export class Federation {
  private readonly key: SigningKey = createSigningKey();
  private credentials: FederatedCredential[] = [];
  private connections: PipelinesServiceConnection[] = [];

  reset(): void {
    this.credentials = [];
    this.connections = [{ ...DEFAULT_PIPELINES_CONNECTION }];
    for (const input of SEED_FEDERATED_CREDENTIALS) this.addCredential(input);
  }

  list(): FederatedCredential[] {
    return this.credentials.map((c) => ({ ...c, audiences: [...c.audiences] }));
  }

  addCredential(input: FederatedCredentialInput): FederatedCredential {
    for (const field of ['clientId', 'issuer', 'subject'] as const) {
      if (typeof input?.[field] !== 'string' || input[field].trim() === '') throw new BadInputError(`${field} is required (a non-empty string).`);
    }
    const audiences = input.audiences ?? [TOKEN_EXCHANGE_AUDIENCE];
    if (!Array.isArray(audiences) || audiences.length === 0 || audiences.some((a) => typeof a !== 'string' || a === '')) {
      throw new BadInputError('audiences must be a non-empty array of strings.');
    }
    const credential: FederatedCredential = {
      clientId: input.clientId.toLowerCase(),
      issuer: input.issuer,
      subject: input.subject,
      audiences: [...audiences],
      name: input.name ?? `federated-${this.credentials.length + 1}`,
    };
    this.credentials.push(credential);
    return credential;
  }

  /** A token as the external issuer would sign it (for a federated token file, or a pipeline's OIDC token). */
  issueToken(input: FederatedTokenInput): string {
    if (typeof input?.issuer !== 'string' || input.issuer === '' || typeof input.subject !== 'string' || input.subject === '') {
      throw new BadInputError('issuer and subject are required (non-empty strings).');
    }
    const lifetime = input.expiresInSeconds ?? 3600;
    if (!Number.isInteger(lifetime)) throw new BadInputError('expiresInSeconds must be an integer.');
    const now = nowSeconds();
    // An expired token was also issued in the past, as a real one would have been.
    const issuedAt = lifetime > 0 ? now : now + lifetime - 3600;
    return this.sign({
      iss: input.issuer,
      sub: input.subject,
      aud: input.audience ?? TOKEN_EXCHANGE_AUDIENCE,
      iat: issuedAt,
      nbf: issuedAt,
      exp: now + lifetime,
      jti: crypto.randomUUID(),
    });
  }

  /** RS256 with only a `kid` in the header, as Kubernetes and Azure DevOps sign (no certificate thumbprint). */
  private sign(payload: Record<string, unknown>): string {
    const signingInput = `${base64urlJson({ alg: 'RS256', kid: this.key.kid, typ: 'JWT' })}.${base64urlJson(payload)}`;
    return `${signingInput}.${base64url(crypto.sign('sha256', Buffer.from(signingInput), this.key.privateKey))}`;
  }

  connection(serviceConnectionId: string): PipelinesServiceConnection | undefined {
    return this.connections.find((c) => c.serviceConnectionId.toLowerCase() === serviceConnectionId.toLowerCase());
  }

  /** The OIDC token Azure Pipelines issues to a job for a service connection. */
  pipelinesToken(connection: PipelinesServiceConnection): string {
    return this.issueToken({ issuer: connection.issuer, subject: `sc://${connection.organization}/${connection.project}/${connection.name}` });
  }

  /**
   * Checks a client assertion that names an issuer other than the app itself against the app's federated
   * credentials, with Entra's codes for each mismatch (AADSTS700211 issuer, 700213 subject, 700212 audience).
   */
  verifyAssertion(clientId: string, jwt: ParsedJwt): void {
    const { iss, sub, aud, exp, nbf } = jwt.payload;
    const forApp = this.credentials.filter((c) => c.clientId === clientId.toLowerCase());
    const byIssuer = forApp.filter((c) => c.issuer === iss);
    if (byIssuer.length === 0) fail(Errors.federatedIssuerNotFound(String(iss)));
    if (!verifyJwtSignature(jwt, this.key.publicKey)) fail(Errors.assertionInvalidSignature());
    const bySubject = byIssuer.filter((c) => c.subject === sub);
    if (bySubject.length === 0) fail(Errors.federatedSubjectNotFound(String(sub), String(iss)));
    const audiences = Array.isArray(aud) ? aud : [aud];
    if (!bySubject.some((c) => audiences.some((a) => typeof a === 'string' && c.audiences.includes(a)))) {
      fail(Errors.federatedAudienceNotFound(String(aud)));
    }
    const now = nowSeconds();
    if (typeof exp !== 'number' || exp + SKEW_SECONDS < now || (typeof nbf === 'number' && nbf - SKEW_SECONDS > now)) {
      fail(Errors.assertionExpired());
    }
  }
}
