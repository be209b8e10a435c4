// Everything one emulator instance holds, and reset() back to the seeded defaults of defaults.ts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createClientCertificate, loadOrCreatePair, type KeyAndCertificate, type RsaKeyPair } from './certificates';
import {
  DEFAULT_CLIENT_ID, DEFAULT_DEVICE_CODE_SETTINGS, DEFAULT_IDENTITY_HEADER, DEFAULT_INTERACTIVE_SIGN_IN, DEFAULT_TOKEN_LIFETIME,
  SEED_APPS, SEED_SUBSCRIPTIONS, SEED_TENANTS, SEED_USERS, seedManagedIdentities,
} from './defaults';
import { BadInputError, Directory } from './directory';
import { FaultStore } from './faults';
import { Federation } from './federation';
import { FlowState } from './flows';
import { createSigningCertificate, createSigningKey, signingKeyFromCertificate, type SigningKey } from './jwt';
import { RequestLog } from './requestLog';
import type { App, DeviceCodeSettings, InteractiveSignIn, TokenLifetime } from './types';

export interface StateKeys {
  /** For the JWT signing key. */
  signing?: RsaKeyPair;
  /** For the default app's client certificate, when one has to be made. */
  defaultClient?: RsaKeyPair;
}

export interface StateFiles {
  /** Directory of the CA, where the default client certificate is kept too. */
  caDir: string;
  /**
   * Where the token signing key and the refresh tokens are kept across restarts; none by default (each
   * start signs with a new key and knows no refresh token).
   */
  stateDir?: string;
}

export class EmulatorState {
  readonly directory = new Directory();
  readonly flows: FlowState;
  readonly faults = new FaultStore();
  readonly log = new RequestLog();
  /** Federated identity credentials and the external issuers (Kubernetes, Azure Pipelines) the emulator stands in for. */
  readonly federation = new Federation();
  readonly signingKey: SigningKey;
  readonly identityHeader = DEFAULT_IDENTITY_HEADER;
  /** The default app's certificate with its private key, also written to defaultClientCertificatePath. */
  readonly defaultClientCertificate: KeyAndCertificate;
  readonly defaultClientCertificatePath: string;
  interactiveSignIn: InteractiveSignIn = { ...DEFAULT_INTERACTIVE_SIGN_IN };
  tokenLifetime: TokenLifetime = { ...DEFAULT_TOKEN_LIFETIME };
  deviceCodeSettings: DeviceCodeSettings = { ...DEFAULT_DEVICE_CODE_SETTINGS };
  /**
   * Continuous access evaluation: users whose sessions were revoked (by object id), when, and the access
   * tokens (`uti`) issued to them since, which ARM accepts again. See revokeSessions().
   */
  readonly revocations = new Map<string, { readonly atMs: number; readonly issuedSince: Set<string> }>();

  constructor(readonly files: StateFiles, keys: StateKeys = {}) {
    if (files.stateDir) {
      const { pair } = loadOrCreatePair(files.stateDir, 'token-signing', () => createSigningCertificate(keys.signing));
      this.signingKey = signingKeyFromCertificate(pair);
      this.flows = new FlowState(path.join(files.stateDir, 'refresh-tokens.json'));
    } else {
      this.signingKey = createSigningKey(keys.signing);
      this.flows = new FlowState();
    }
    const { pair } = loadOrCreatePair(files.caDir, 'default-client-cert', () => createClientCertificate('emulator-default-client', keys.defaultClient));
    this.defaultClientCertificate = pair;
    // One PEM with key and certificate, the form azure.identity's CertificateCredential and `az login` read.
    this.defaultClientCertificatePath = path.join(files.caDir, 'default-client-cert-and-key.pem');
    if (!fs.existsSync(this.defaultClientCertificatePath) || fs.readFileSync(this.defaultClientCertificatePath, 'utf8') !== pair.keyPem + pair.certPem) {
      fs.writeFileSync(`${this.defaultClientCertificatePath}.${process.pid}.tmp`, pair.keyPem + pair.certPem, { mode: 0o600 });
      fs.renameSync(`${this.defaultClientCertificatePath}.${process.pid}.tmp`, this.defaultClientCertificatePath);
    }
    // Not reset(): refresh tokens read back from the state directory stay valid.
    this.seed();
  }

  /** Back to the seeded data: directory, identities and settings restored; codes, tokens, faults and log cleared. */
  reset(): void {
    this.flows.clear();
    this.faults.clear();
    this.log.clear();
    this.revocations.clear();
    this.seed();
  }

  private seed(): void {
    this.directory.clear();
    for (const tenant of SEED_TENANTS) {
      this.directory.addTenant(tenant);
    }
    for (const subscription of SEED_SUBSCRIPTIONS) {
      this.directory.addSubscription(subscription);
    }
    for (const app of SEED_APPS) {
      const certificates = app.clientId === DEFAULT_CLIENT_ID ? [this.defaultClientCertificate.certPem] : [];
      this.directory.addApp({ ...app, certificates });
    }
    for (const user of SEED_USERS) {
      this.directory.addUser(user);
    }
    this.directory.setManagedIdentities(seedManagedIdentities());
    this.federation.reset();
    this.interactiveSignIn = { ...DEFAULT_INTERACTIVE_SIGN_IN };
    this.tokenLifetime = { ...DEFAULT_TOKEN_LIFETIME };
    this.deviceCodeSettings = { ...DEFAULT_DEVICE_CODE_SETTINGS };
  }

  lifetimeFor(app: App | undefined): TokenLifetime {
    return app?.tokenLifetime ?? this.tokenLifetime;
  }

  setTokenLifetime(lifetime: TokenLifetime): TokenLifetime {
    if (!(Number.isInteger(lifetime?.expiresInSeconds) && lifetime.expiresInSeconds > 0)) {
      throw new BadInputError('expiresInSeconds must be a positive integer.');
    }
    if (lifetime.refreshInSeconds !== undefined && !(Number.isInteger(lifetime.refreshInSeconds) && lifetime.refreshInSeconds > 0)) {
      throw new BadInputError('refreshInSeconds must be a positive integer when given.');
    }
    this.tokenLifetime = {
      expiresInSeconds: lifetime.expiresInSeconds,
      ...(lifetime.refreshInSeconds !== undefined ? { refreshInSeconds: lifetime.refreshInSeconds } : {}),
    };
    return this.tokenLifetime;
  }

  /**
   * A critical event for a user (sessions revoked, password changed): from now on ARM answers the user's
   * CAE-capable access tokens (`xms_cc` holds CP1) issued before it with 401 and CAE's revocation challenge
   * (claims asking for a fresh `nbf`). Tokens without CP1 keep working until they expire, as with Entra.
   */
  revokeSessions(username: string): { revokedAt: number } {
    const user = this.directory.user(username);
    if (!user) throw new BadInputError(`username '${username}' is not a user of this emulator.`);
    const atMs = Date.now();
    this.revocations.set(user.objectId, { atMs, issuedSince: new Set() });
    return { revokedAt: Math.floor(atMs / 1000) };
  }

  /** Whether ARM must refuse this CAE token: issued to a revoked user before the revocation. */
  isRevoked(payload: { oid?: unknown; iat?: unknown; uti?: unknown }): { revokedAt: number } | undefined {
    const revocation = typeof payload.oid === 'string' ? this.revocations.get(payload.oid) : undefined;
    if (!revocation || typeof payload.iat !== 'number') return undefined;
    const revokedAt = Math.floor(revocation.atMs / 1000);
    const before = payload.iat < revokedAt || (payload.iat === revokedAt && !(typeof payload.uti === 'string' && revocation.issuedSince.has(payload.uti)));
    return before ? { revokedAt } : undefined;
  }

  setInteractiveSignIn(signIn: InteractiveSignIn): InteractiveSignIn {
    if (!['auto', 'form', 'cancel'].includes(signIn?.mode)) {
      throw new BadInputError("mode must be 'auto', 'form' or 'cancel'.");
    }
    if (signIn.username !== undefined && !this.directory.user(signIn.username)) {
      throw new BadInputError(`username '${signIn.username}' is not a user of this emulator; add it with addUser first.`);
    }
    this.interactiveSignIn = { mode: signIn.mode, ...(signIn.username !== undefined ? { username: signIn.username } : {}) };
    return this.interactiveSignIn;
  }

  setDeviceCodeSettings(settings: Partial<DeviceCodeSettings>): DeviceCodeSettings {
    const next = { ...this.deviceCodeSettings, ...settings };
    if (!(Number.isInteger(next.intervalSeconds) && next.intervalSeconds >= 0) || !(Number.isInteger(next.expiresInSeconds) && next.expiresInSeconds > 0)) {
      throw new BadInputError('intervalSeconds must be an integer >= 0 and expiresInSeconds an integer > 0.');
    }
    this.deviceCodeSettings = { intervalSeconds: next.intervalSeconds, expiresInSeconds: next.expiresInSeconds };
    return this.deviceCodeSettings;
  }
}
