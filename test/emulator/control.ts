// The control API: the operations a test uses to shape the emulator and read what clients sent.
// EmulatorControl runs them in-process (synchronously); controlRoutes exposes the same operations as
// JSON over HTTPS under /_emulator for other processes (see client.ts).
import { issuedSecrets } from './issuedSecrets';
import { PIPELINES_OIDC_PATH } from './defaults';
import { BadInputError, summarizeApp, summarizeUser } from './directory';
import { approveDeviceCode, declineDeviceCode, expireDeviceCode } from './endpoints/deviceCode';
import { EntraErrorResponse } from './errors';
import { sendJson, type Exchange } from './exchange';
import type { EmulatorState } from './state';
import type {
  AppInput, AppSummary, DeviceCodeSettings, EmulatorInfo, EndpointName, Fault, FaultInput, FederatedCredential, FederatedCredentialInput, FederatedTokenInput, InteractiveSignIn, ManagedIdentityConfig,
  PendingDeviceCode, RequestFilter, RequestLogEntry, Subscription, SubscriptionInput, Tenant, TenantInput, TokenLifetime, UserInput, UserSummary,
} from './types';

export interface EmulatorAddresses {
  url: string;
  imdsUrl: string | undefined;
  controlUrl: string;
  caCertPath: string;
  arcKeyDirectory: string;
}

export class EmulatorControl {
  constructor(private readonly state: EmulatorState, private readonly addresses: EmulatorAddresses) {}

  info(): EmulatorInfo {
    const { directory } = this.state;
    const imds = this.addresses.imdsUrl;
    return {
      url: this.addresses.url,
      imdsUrl: imds,
      controlUrl: this.addresses.controlUrl,
      caCertPath: this.addresses.caCertPath,
      pid: process.pid,
      identityHeader: this.state.identityHeader,
      managedIdentityEndpoints: {
        imds: imds && `${imds}/metadata/identity/oauth2/token`,
        appService: imds && `${imds}/msi/token`,
        cloudShell: imds && `${imds}/oauth2/token`,
        arc: imds && `${imds}/arc/metadata/identity/oauth2/token`,
        machineLearning: imds && `${imds}/MSI/auth`,
      },
      arcKeyDirectory: this.addresses.arcKeyDirectory,
      defaultClientCertificatePath: this.state.defaultClientCertificatePath,
      tenants: directory.listTenants(),
      subscriptions: directory.listSubscriptions(),
      apps: directory.listApps(),
      users: directory.listUsers(),
      managedIdentities: directory.managedIdentities,
      interactiveSignIn: this.state.interactiveSignIn,
      tokenLifetime: this.state.tokenLifetime,
      deviceCodeSettings: this.state.deviceCodeSettings,
      federatedCredentials: this.state.federation.list(),
      pipelinesOidcRequestUri: `${this.addresses.url}${PIPELINES_OIDC_PATH}`,
    };
  }

  /** Back to the seeded data of defaults.ts; clears codes, tokens, faults and the request log. */
  reset(): void {
    this.state.reset();
  }

  addTenant(input: TenantInput): Tenant {
    return this.state.directory.addTenant(input);
  }

  addSubscription(input: SubscriptionInput): Subscription {
    return this.state.directory.addSubscription(input);
  }

  /** Registers (or replaces) an app; the answer leaves out its secrets. */
  addApp(input: AppInput): AppSummary {
    return summarizeApp(this.state.directory.addApp(input));
  }

  /** Registers (or replaces) a user; the answer leaves out the password. */
  addUser(input: UserInput): UserSummary {
    return summarizeUser(this.state.directory.addUser(input));
  }

  setManagedIdentities(config: ManagedIdentityConfig): ManagedIdentityConfig {
    return this.state.directory.setManagedIdentities(config);
  }

  addFault(input: FaultInput): Fault {
    return this.state.faults.add(input);
  }

  faults(): Fault[] {
    return this.state.faults.list();
  }

  clearFaults(): void {
    this.state.faults.clear();
  }

  /** Logged requests, oldest first. Entries hold secrets as sent: assert on them, never print them. */
  requests(filter?: RequestFilter): RequestLogEntry[] {
    return this.state.log.list(filter);
  }

  clearRequests(): void {
    this.state.log.clear();
  }

  /** Revokes a user's sessions: ARM then answers their CAE tokens issued before now with a revocation challenge. */
  revokeSessions(username: string): { revokedAt: number } {
    return this.state.revokeSessions(username);
  }

  deviceCodes(): PendingDeviceCode[] {
    return this.state.flows.listDeviceCodes();
  }

  approveDeviceCode(userCode: string, username?: string): void {
    approveDeviceCode(this.state, userCode, username);
  }

  declineDeviceCode(userCode: string): void {
    declineDeviceCode(this.state, userCode);
  }

  expireDeviceCode(userCode: string): void {
    expireDeviceCode(this.state, userCode);
  }

  setInteractiveSignIn(signIn: InteractiveSignIn): InteractiveSignIn {
    return this.state.setInteractiveSignIn(signIn);
  }

  setTokenLifetime(lifetime: TokenLifetime): TokenLifetime {
    return this.state.setTokenLifetime(lifetime);
  }

  setDeviceCodeSettings(settings: Partial<DeviceCodeSettings>): DeviceCodeSettings {
    return this.state.setDeviceCodeSettings(settings);
  }

  addFederatedCredential(input: FederatedCredentialInput): FederatedCredential {
    return this.state.federation.addCredential(input);
  }

  /** A token of an external issuer (Kubernetes service account, ...), signed by the emulator's stand-in key. */
  issueFederatedToken(input: FederatedTokenInput): string {
    return this.state.federation.issueToken(input);
  }
}

function jsonBody(exchange: Exchange): unknown {
  if (exchange.rawBody.length === 0) {
    return {};
  }
  try {
    return JSON.parse(exchange.rawBody.toString('utf8'));
  } catch {
    throw new BadInputError('The body must be JSON.');
  }
}

function filterFromQuery(query: Record<string, string>): RequestFilter {
  const filter: RequestFilter = {};
  if (query.endpoint) filter.endpoint = query.endpoint as EndpointName;
  if (query.clientId) filter.clientId = query.clientId;
  if (query.tenant) filter.tenant = query.tenant;
  if (query.method) filter.method = query.method;
  if (query.grantType) filter.grantType = query.grantType;
  if (query.afterSeq) {
    const afterSeq = Number(query.afterSeq);
    if (!Number.isInteger(afterSeq)) {
      throw new BadInputError('afterSeq must be an integer.');
    }
    filter.afterSeq = afterSeq;
  }
  return filter;
}

type Route = (control: EmulatorControl, exchange: Exchange, args: string[]) => unknown;

/** method + path (after /_emulator) → operation. `:code` matches one segment. */
const ROUTES: [string, string, Route][] = [
  ['GET', 'info', (c) => c.info()],
  // Every secret issued or known since start (survives reset): for the secrets scan at the end of `npm test`.
  ['GET', 'issued-secrets', () => ({ values: issuedSecrets() })],
  ['POST', 'reset', (c) => c.reset()],
  ['POST', 'tenants', (c, e) => c.addTenant(jsonBody(e) as TenantInput)],
  ['POST', 'subscriptions', (c, e) => c.addSubscription(jsonBody(e) as SubscriptionInput)],
  ['POST', 'apps', (c, e) => c.addApp(jsonBody(e) as AppInput)],
  ['POST', 'users', (c, e) => c.addUser(jsonBody(e) as UserInput)],
  ['PUT', 'managed-identities', (c, e) => c.setManagedIdentities(jsonBody(e) as ManagedIdentityConfig)],
  ['GET', 'faults', (c) => c.faults()],
  ['POST', 'faults', (c, e) => c.addFault(jsonBody(e) as FaultInput)],
  ['DELETE', 'faults', (c) => c.clearFaults()],
  ['GET', 'requests', (c, e) => c.requests(filterFromQuery(e.query))],
  ['DELETE', 'requests', (c) => c.clearRequests()],
  ['POST', 'users/:username/revoke-sessions', (c, _e, [username]) => c.revokeSessions(username)],
  ['GET', 'device-codes', (c) => c.deviceCodes()],
  ['POST', 'device-codes/:code/approve', (c, e, [code]) => c.approveDeviceCode(code, (jsonBody(e) as { username?: string } | null)?.username)],
  ['POST', 'device-codes/:code/decline', (c, _e, [code]) => c.declineDeviceCode(code)],
  ['POST', 'device-codes/:code/expire', (c, _e, [code]) => c.expireDeviceCode(code)],
  ['PUT', 'interactive-sign-in', (c, e) => c.setInteractiveSignIn(jsonBody(e) as InteractiveSignIn)],
  ['PUT', 'token-lifetime', (c, e) => c.setTokenLifetime(jsonBody(e) as TokenLifetime)],
  ['POST', 'federated-credentials', (c, e) => c.addFederatedCredential(jsonBody(e) as FederatedCredentialInput)],
  ['POST', 'federated-tokens', (c, e) => ({ token: c.issueFederatedToken(jsonBody(e) as FederatedTokenInput) })],
  ['PUT', 'device-code-settings', (c, e) => c.setDeviceCodeSettings(jsonBody(e) as Partial<DeviceCodeSettings>)],
];

function match(pattern: string, segments: string[]): string[] | undefined {
  const parts = pattern.split('/');
  if (parts.length !== segments.length) {
    return undefined;
  }
  const args: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (parts[i].startsWith(':')) {
      args.push(segments[i]);
    } else if (parts[i] !== segments[i]) {
      return undefined;
    }
  }
  return args;
}

/** Answers a request under /_emulator. Bad input is a 400 whose message says what to change. */
export function handleControlRequest(control: EmulatorControl, exchange: Exchange): void {
  const segments = exchange.segments.slice(1);
  for (const [method, pattern, route] of ROUTES) {
    const args = match(pattern, segments);
    if (args && method === exchange.method) {
      try {
        const result = route(control, exchange, args);
        sendJson(exchange, 200, result ?? { ok: true });
      } catch (error) {
        if (error instanceof BadInputError || error instanceof EntraErrorResponse) {
          sendJson(exchange, 400, { error: 'bad_request', message: error.message });
          return;
        }
        throw error;
      }
      return;
    }
  }
  sendJson(exchange, 404, { error: 'not_found', message: `No control operation ${exchange.method} ${exchange.path}; see test/emulator/README.md.` });
}
