// A typed HTTP client of the emulator's control API, usable from any process: in-host VS Code tests,
// Azure CLI tests, benchmarks. Every call has a timeout; failures are EmulatorControlError.
import * as fs from 'node:fs';
import * as https from 'node:https';
import type {
  AppInput, AppSummary, DeviceCodeSettings, EmulatorInfo, Fault, FaultInput, InteractiveSignIn, ManagedIdentityConfig, PendingDeviceCode,
  ReadyFile, RequestFilter, RequestLogEntry, Subscription, SubscriptionInput, Tenant, TenantInput, TokenLifetime, UserInput, UserSummary, FederatedCredential, FederatedCredentialInput, FederatedTokenInput } from './types';

/** The environment variable holding the path of the ready file `cli.js --ready-file` writes. */
export const EMULATOR_ENV_VAR = 'AZURE_IDENTITY_TEST_EMULATOR';

const DEFAULT_TIMEOUT_MS = 10_000;

export class EmulatorControlError extends Error {
  constructor(message: string, readonly status: number | undefined) {
    super(message);
    this.name = 'EmulatorControlError';
  }
}

/** Reads and checks a ready file. */
export function readReadyFile(file: string): ReadyFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new EmulatorControlError(`Cannot read the emulator ready file ${file}: ${(error as Error).message}. Start the emulator with --ready-file ${file}.`, undefined);
  }
  const ready = parsed as Partial<ReadyFile>;
  if (typeof ready.controlUrl !== 'string' || typeof ready.url !== 'string' || typeof ready.caCertPath !== 'string') {
    throw new EmulatorControlError(`${file} is not an emulator ready file (it needs url, controlUrl and caCertPath).`, undefined);
  }
  return ready as ReadyFile;
}

export class EmulatorClient {
  private readonly agent: https.Agent;
  private readonly timeoutMs: number;

  /**
   * @param controlUrl the emulator's controlUrl, e.g. https://127.0.0.1:40123/_emulator
   * @param caCertPem the emulator's CA, needed unless NODE_EXTRA_CA_CERTS already trusts it
   */
  constructor(readonly controlUrl: string, caCertPem?: string, options: { timeoutMs?: number } = {}) {
    this.agent = new https.Agent({ ...(caCertPem ? { ca: caCertPem } : {}), keepAlive: false });
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** A client for the emulator whose ready file AZURE_IDENTITY_TEST_EMULATOR names. */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): EmulatorClient {
    const file = env[EMULATOR_ENV_VAR];
    if (!file) {
      throw new EmulatorControlError(`${EMULATOR_ENV_VAR} is not set; set it to the --ready-file path of a running emulator (npm run emulator -- --ready-file <path>).`, undefined);
    }
    return EmulatorClient.fromReadyFile(file);
  }

  static fromReadyFile(file: string): EmulatorClient {
    const ready = readReadyFile(file);
    return new EmulatorClient(ready.controlUrl, fs.readFileSync(ready.caCertPath, 'utf8'));
  }

  private request<T>(method: string, path: string, body?: unknown, query?: Record<string, string>): Promise<T> {
    const url = new URL(`${this.controlUrl.replace(/\/$/, '')}/${path}`);
    for (const [name, value] of Object.entries(query ?? {})) {
      url.searchParams.set(name, value);
    }
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise<T>((resolve, reject) => {
      const req = https.request(url, {
        method, agent: this.agent, timeout: this.timeoutMs,
        headers: payload === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = text === '' ? undefined : JSON.parse(text);
          } catch {
            reject(new EmulatorControlError(`${method} ${url.pathname} answered ${res.statusCode} with a body that is not JSON.`, res.statusCode));
            return;
          }
          if (res.statusCode !== 200) {
            const message = (parsed as { message?: string } | undefined)?.message ?? `status ${res.statusCode}`;
            reject(new EmulatorControlError(`${method} ${url.pathname} failed: ${message}`, res.statusCode));
            return;
          }
          resolve(parsed as T);
        });
        res.on('error', (error) => reject(new EmulatorControlError(`${method} ${url.pathname}: ${error.message}`, undefined)));
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      req.on('error', (error) => reject(new EmulatorControlError(`${method} ${url.pathname} (is the emulator running at ${this.controlUrl}?): ${error.message}`, undefined)));
      req.end(payload);
    });
  }

  info(): Promise<EmulatorInfo> {
    return this.request('GET', 'info');
  }

  async reset(): Promise<void> {
    await this.request('POST', 'reset');
  }

  addTenant(input: TenantInput): Promise<Tenant> {
    return this.request('POST', 'tenants', input);
  }

  addSubscription(input: SubscriptionInput): Promise<Subscription> {
    return this.request('POST', 'subscriptions', input);
  }

  addApp(input: AppInput): Promise<AppSummary> {
    return this.request('POST', 'apps', input);
  }

  addUser(input: UserInput): Promise<UserSummary> {
    return this.request('POST', 'users', input);
  }

  setManagedIdentities(config: ManagedIdentityConfig): Promise<ManagedIdentityConfig> {
    return this.request('PUT', 'managed-identities', config);
  }

  addFault(input: FaultInput): Promise<Fault> {
    return this.request('POST', 'faults', input);
  }

  faults(): Promise<Fault[]> {
    return this.request('GET', 'faults');
  }

  async clearFaults(): Promise<void> {
    await this.request('DELETE', 'faults');
  }

  /** Logged requests, oldest first. They hold secrets as sent: assert on them, never print them. */
  requests(filter: RequestFilter = {}): Promise<RequestLogEntry[]> {
    const query: Record<string, string> = {};
    for (const [name, value] of Object.entries(filter)) {
      if (value !== undefined) {
        query[name] = String(value);
      }
    }
    return this.request('GET', 'requests', undefined, query);
  }

  async clearRequests(): Promise<void> {
    await this.request('DELETE', 'requests');
  }

  /** Revokes a user's sessions (CAE): ARM refuses their CAE tokens issued before now with a revocation challenge. */
  revokeSessions(username: string): Promise<{ revokedAt: number }> {
    return this.request('POST', `users/${encodeURIComponent(username)}/revoke-sessions`);
  }

  deviceCodes(): Promise<PendingDeviceCode[]> {
    return this.request('GET', 'device-codes');
  }

  async approveDeviceCode(userCode: string, username?: string): Promise<void> {
    await this.request('POST', `device-codes/${encodeURIComponent(userCode)}/approve`, username === undefined ? {} : { username });
  }

  async declineDeviceCode(userCode: string): Promise<void> {
    await this.request('POST', `device-codes/${encodeURIComponent(userCode)}/decline`, {});
  }

  async expireDeviceCode(userCode: string): Promise<void> {
    await this.request('POST', `device-codes/${encodeURIComponent(userCode)}/expire`, {});
  }

  setInteractiveSignIn(signIn: InteractiveSignIn): Promise<InteractiveSignIn> {
    return this.request('PUT', 'interactive-sign-in', signIn);
  }

  setTokenLifetime(lifetime: TokenLifetime): Promise<TokenLifetime> {
    return this.request('PUT', 'token-lifetime', lifetime);
  }

  setDeviceCodeSettings(settings: Partial<DeviceCodeSettings>): Promise<DeviceCodeSettings> {
    return this.request('PUT', 'device-code-settings', settings);
  }

  addFederatedCredential(input: FederatedCredentialInput): Promise<FederatedCredential> {
    return this.request('POST', 'federated-credentials', input);
  }

  /** A token of an external issuer, as Kubernetes writes it to AZURE_FEDERATED_TOKEN_FILE. */
  async issueFederatedToken(input: FederatedTokenInput): Promise<string> {
    return (await this.request<{ token: string }>('POST', 'federated-tokens', input)).token;
  }
}
