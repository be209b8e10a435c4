// The emulator's data model and the shapes of its control API, shared by the server, the in-process
// control object and the HTTP client so that all three agree by construction.

/** Names the emulator gives to the endpoints it serves; used by faults and the request log. */
export type EndpointName =
  | 'token'
  | 'devicecode'
  | 'authorize'
  | 'deviceLogin'
  | 'discovery'
  | 'instanceDiscovery'
  | 'jwks'
  | 'userRealm'
  | 'imds'
  | 'appService'
  | 'cloudShell'
  | 'arc'
  | 'machineLearning'
  | 'arm'
  | 'pipelinesOidc'
  | 'unknown';

export const FAULTABLE_ENDPOINTS: readonly (EndpointName | '*')[] = [
  'token', 'devicecode', 'authorize', 'deviceLogin', 'discovery', 'instanceDiscovery', 'jwks', 'userRealm',
  'imds', 'appService', 'cloudShell', 'arc', 'machineLearning', 'arm', 'pipelinesOidc', '*',
];

export interface TenantInput {
  /** A GUID; generated when absent. */
  tenantId?: string;
  /** The primary domain, for example fabrikam.onmicrosoft.com. */
  domain: string;
  displayName?: string;
}

export interface Tenant {
  readonly tenantId: string;
  readonly domain: string;
  readonly displayName: string;
}

export interface SubscriptionInput {
  subscriptionId?: string;
  tenantId: string;
  displayName?: string;
}

export interface Subscription {
  readonly subscriptionId: string;
  readonly tenantId: string;
  readonly displayName: string;
}

export interface TokenLifetime {
  /** `expires_in` of every access token; default 3599. */
  expiresInSeconds: number;
  /** `refresh_in`; absent means the response carries no `refresh_in`. */
  refreshInSeconds?: number;
}

export interface AppInput {
  /** A GUID; generated when absent. */
  clientId?: string;
  /** The home tenant of the registration. */
  tenantId: string;
  displayName?: string;
  /** Client secrets the app accepts. */
  secrets?: string[];
  /** Public certificates (PEM) whose private keys may sign client assertions. */
  certificates?: string[];
  /** Exact redirect URIs; http://localhost and http://127.0.0.1 entries accept any port, as Entra does for loopback. */
  redirectUris?: string[];
  /** A public client (no secret needed for user flows). Default false. */
  publicClient?: boolean;
  /** Accepted by every tenant, like Microsoft's first-party apps. Default false. */
  anyTenant?: boolean;
  /** A family of client ids sharing refresh tokens (FOCI). Microsoft's family is "1". */
  familyId?: string;
  /** App roles granted to the app itself, put in `roles` of app-only tokens. */
  roles?: string[];
  /** Token lifetime for this app only, overriding the emulator-wide setting. */
  tokenLifetime?: TokenLifetime;
}

export interface RegisteredCertificate {
  readonly pem: string;
  /** base64url SHA-1 of the DER, as the `x5t` JWT header carries it. */
  readonly x5t: string;
  /** base64url SHA-256 of the DER, as the `x5t#S256` JWT header carries it. */
  readonly x5tS256: string;
  readonly subject: string;
}

export interface App {
  readonly clientId: string;
  readonly tenantId: string;
  readonly displayName: string;
  /** The object id of the app's service principal, the `oid` of its app-only tokens. */
  readonly servicePrincipalId: string;
  readonly secrets: readonly string[];
  readonly certificates: readonly RegisteredCertificate[];
  readonly redirectUris: readonly string[];
  readonly publicClient: boolean;
  readonly anyTenant: boolean;
  readonly familyId: string | undefined;
  readonly roles: readonly string[];
  readonly tokenLifetime: TokenLifetime | undefined;
}

/** What the control API returns for an app: everything but its secrets. */
export interface AppSummary {
  readonly clientId: string;
  readonly tenantId: string;
  readonly displayName: string;
  readonly servicePrincipalId: string;
  readonly secretCount: number;
  readonly certificateThumbprints: readonly string[];
  readonly redirectUris: readonly string[];
  readonly publicClient: boolean;
  readonly anyTenant: boolean;
  readonly familyId: string | undefined;
}

/**
 * A federated identity credential on an app: Entra accepts, as the app's client assertion, a JWT from
 * `issuer` whose `sub` is `subject` and whose `aud` is one of `audiences`. The emulator stands in for the
 * issuers too (Kubernetes' service-account issuer, Azure Pipelines): it signs their tokens with one key.
 */
export interface FederatedCredentialInput {
  clientId: string;
  issuer: string;
  subject: string;
  /** Default ['api://AzureADTokenExchange']. */
  audiences?: string[];
  name?: string;
}

export interface FederatedCredential {
  readonly clientId: string;
  readonly issuer: string;
  readonly subject: string;
  readonly audiences: readonly string[];
  readonly name: string;
}

/** A token of an external issuer (what Kubernetes writes to AZURE_FEDERATED_TOKEN_FILE). */
export interface FederatedTokenInput {
  issuer: string;
  subject: string;
  /** Default 'api://AzureADTokenExchange'. */
  audience?: string;
  /** Default 3600; a negative value makes an expired token. */
  expiresInSeconds?: number;
}

/** An Azure Pipelines service connection whose OIDC token the emulator's pipelines endpoint issues. */
export interface PipelinesServiceConnection {
  readonly serviceConnectionId: string;
  readonly organization: string;
  readonly project: string;
  readonly name: string;
  /** The issuer of its OIDC tokens, `https://vstoken.dev.azure.com/<organization id>`. */
  readonly issuer: string;
  /** The System.AccessToken a pipeline job presents to ask for the OIDC token. */
  readonly systemAccessToken: string;
}

export interface UserInput {
  username: string;
  password: string;
  /** Home tenant; default the emulator's default tenant. */
  tenantId?: string;
  /** Other tenants the user is a guest of. */
  guestOf?: string[];
  displayName?: string;
  objectId?: string;
}

export interface User {
  readonly username: string;
  readonly password: string;
  readonly tenantId: string;
  readonly guestOf: readonly string[];
  readonly displayName: string;
  readonly objectId: string;
}

/** What the control API returns for a user: everything but the password. */
export interface UserSummary {
  readonly username: string;
  readonly tenantId: string;
  readonly guestOf: readonly string[];
  readonly displayName: string;
  readonly objectId: string;
}

export interface UserAssignedIdentity {
  clientId: string;
  objectId: string;
  resourceId: string;
}

export interface ManagedIdentityConfig {
  /** Whether a system-assigned identity exists; its ids are DEFAULT_SYSTEM_ASSIGNED_IDENTITY. */
  systemAssigned: boolean;
  userAssigned: UserAssignedIdentity[];
}

export type FaultAction =
  | { type: 'delay'; ms: number }
  | { type: 'status'; status: number; error?: string; errorDescription?: string; retryAfterSeconds?: number }
  | { type: 'drop' }
  | { type: 'hang' }
  /** An HTML page (a proxy's or a load balancer's error page) instead of JSON, with this status (default 502). */
  | { type: 'html'; status?: number }
  /** Status 200 (or `status`) with `Content-Type: application/json` and a body that is not JSON. */
  | { type: 'malformedJson'; status?: number }
  /** Headers and the first part of a normal-looking body, then the socket is destroyed (dropped mid-response). */
  | { type: 'truncate' }
  | { type: 'claimsChallenge'; claims: string };

export interface FaultInput {
  endpoint: EndpointName | '*';
  /** Only requests from this client id (form or query `client_id`). */
  clientId?: string;
  /** Only requests whose tenant path segment is this (case-insensitive). */
  tenant?: string;
  /** How many matching requests the fault applies to; default 1; 0 means until cleared. */
  times?: number;
  action: FaultAction;
}

export interface Fault extends FaultInput {
  readonly id: number;
  /** Requests the fault has applied to so far. */
  readonly hits: number;
}

export interface RequestLogEntry {
  readonly seq: number;
  /** ISO 8601 time the request arrived. */
  readonly time: string;
  readonly method: string;
  readonly host: string;
  readonly path: string;
  readonly endpoint: EndpointName;
  /** The tenant path segment of Entra endpoints, else undefined. */
  readonly tenant: string | undefined;
  readonly query: Record<string, string>;
  /** Lower-cased header names. */
  readonly headers: Record<string, string>;
  /** The parsed form (or JSON) body, when there is one. */
  readonly form: Record<string, string> | undefined;
  /** client_id from the form or query, for filtering. */
  readonly clientId: string | undefined;
  /** The HTTP status the emulator answered with; undefined while unanswered or when the socket was dropped. */
  status: number | undefined;
  /** The fault applied to the request, when one was. */
  fault: FaultAction['type'] | undefined;
}

export interface RequestFilter {
  endpoint?: EndpointName;
  clientId?: string;
  tenant?: string;
  method?: string;
  /** Only entries with seq greater than this. */
  afterSeq?: number;
  /** Only token requests with this grant_type. */
  grantType?: string;
}

export interface InteractiveSignIn {
  /**
   * auto: /authorize signs in `username` (or the login_hint, or the default user) and redirects at once.
   * form: /authorize serves an HTML sign-in page a browser fills in.
   * cancel: /authorize redirects with error=access_denied, as when a person closes the sign-in.
   */
  mode: 'auto' | 'form' | 'cancel';
  username?: string;
}

export interface DeviceCodeSettings {
  /** The polling `interval` handed to clients; default 1 second (Entra says 5) to keep tests quick. */
  intervalSeconds: number;
  /** `expires_in` of device codes; default 900. */
  expiresInSeconds: number;
}

export interface PendingDeviceCode {
  readonly userCode: string;
  readonly clientId: string;
  readonly tenant: string;
  readonly scopes: readonly string[];
  readonly state: 'pending' | 'approved' | 'declined' | 'expired' | 'redeemed';
  readonly expiresAt: string;
}

export interface EmulatorInfo {
  readonly url: string;
  readonly imdsUrl: string | undefined;
  readonly controlUrl: string;
  readonly caCertPath: string;
  readonly pid: number;
  /** Value the App Service / Service Fabric endpoints expect in X-IDENTITY-HEADER (IDENTITY_HEADER). */
  readonly identityHeader: string;
  /** Environment a managed-identity client needs for each source, pointing at this emulator. */
  readonly managedIdentityEndpoints: {
    readonly imds: string | undefined;
    readonly appService: string | undefined;
    readonly cloudShell: string | undefined;
    readonly arc: string | undefined;
    readonly machineLearning: string | undefined;
  };
  /** Directory where the Azure Arc endpoint writes its challenge key files. */
  readonly arcKeyDirectory: string;
  /** A PEM file with the private key and certificate registered on DEFAULT_CLIENT_ID. */
  readonly defaultClientCertificatePath: string;
  readonly tenants: readonly Tenant[];
  readonly subscriptions: readonly Subscription[];
  readonly apps: readonly AppSummary[];
  readonly users: readonly UserSummary[];
  readonly managedIdentities: ManagedIdentityConfig;
  readonly interactiveSignIn: InteractiveSignIn;
  readonly tokenLifetime: TokenLifetime;
  readonly deviceCodeSettings: DeviceCodeSettings;
  readonly federatedCredentials: readonly FederatedCredential[];
  /** Where a pipeline job asks for its OIDC token (SYSTEM_OIDCREQUESTURI), on this emulator's host. */
  readonly pipelinesOidcRequestUri: string;
}

/** The ready file cli.ts writes once it listens. */
export interface ReadyFile {
  url: string;
  imdsUrl: string | undefined;
  controlUrl: string;
  caCertPath: string;
  pid: number;
}
