// The data every emulator holds after start and after reset(): tests may rely on all of it.
// Every secret and password here is an obviously fake test string; none is valid anywhere real.
import type { AppInput, DeviceCodeSettings, FederatedCredentialInput, PipelinesServiceConnection, InteractiveSignIn, ManagedIdentityConfig, SubscriptionInput, TenantInput, TokenLifetime, UserAssignedIdentity, UserInput } from './types';

/** The default tenant, contoso.onmicrosoft.com. */
export const DEFAULT_TENANT_ID = 'e1a70000-0000-4000-8000-000000000001';
export const DEFAULT_TENANT_DOMAIN = 'contoso.onmicrosoft.com';

/** A second tenant, fabrikam.onmicrosoft.com, where alice is a guest. */
export const SECOND_TENANT_ID = 'e1a70000-0000-4000-8000-000000000002';
export const SECOND_TENANT_DOMAIN = 'fabrikam.onmicrosoft.com';

/** A subscription in the default tenant, listed by the emulator's ARM. */
export const DEFAULT_SUBSCRIPTION_ID = 'e1a70000-0000-4000-8000-00000000c001';
export const DEFAULT_SUBSCRIPTION_NAME = 'Contoso Emulator Subscription';
/** A subscription in the second tenant. */
export const SECOND_SUBSCRIPTION_ID = 'e1a70000-0000-4000-8000-00000000c002';

/** A confidential app (service principal) in the default tenant, with a secret and the certificate below. */
export const DEFAULT_CLIENT_ID = 'e1a70000-0000-4000-8000-00000000a001';
export const DEFAULT_CLIENT_SECRET = 'emulator-fake-client-secret-0001';
export const DEFAULT_APP_ROLES = ['Emulator.Read.All'];

/** A public client app registered in the default tenant only (not a Microsoft first-party app). */
export const DEFAULT_PUBLIC_CLIENT_ID = 'e1a70000-0000-4000-8000-00000000a002';

/** Microsoft first-party public clients that every tenant accepts, in refresh-token family "1". */
export const VSCODE_CLIENT_ID = 'aebc6443-996d-45c2-90f0-388ff96faa56';
/** Azure CLI; also azure.identity's "developer sign-on" client id used by DeviceCodeCredential and friends. */
export const AZURE_CLI_CLIENT_ID = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
export const DEVELOPER_SIGN_ON_CLIENT_ID = AZURE_CLI_CLIENT_ID;
export const AZURE_POWERSHELL_CLIENT_ID = '1950a258-227b-4e31-a9cf-717495945fc2';
export const MICROSOFT_FAMILY_ID = '1';

/** The default user, a member of the default tenant and a guest of the second tenant. */
export const DEFAULT_USERNAME = 'alice@contoso.onmicrosoft.com';
export const DEFAULT_PASSWORD = 'emulator-fake-password-alice';
export const DEFAULT_USER_OBJECT_ID = 'e1a70000-0000-4000-8000-00000000b001';
export const DEFAULT_USER_DISPLAY_NAME = 'Alice Emulator';

/** A second user of the default tenant, for multi-account tests. */
export const SECOND_USERNAME = 'bob@contoso.onmicrosoft.com';
export const SECOND_PASSWORD = 'emulator-fake-password-bob';
export const SECOND_USER_OBJECT_ID = 'e1a70000-0000-4000-8000-00000000b002';

/** The managed identities present after reset(). */
export const DEFAULT_SYSTEM_ASSIGNED_IDENTITY = {
  clientId: 'e1a70000-0000-4000-8000-00000000d001',
  objectId: 'e1a70000-0000-4000-8000-00000000d101',
  resourceId: '/subscriptions/e1a70000-0000-4000-8000-00000000c001/resourceGroups/emulator/providers/Microsoft.Compute/virtualMachines/emulator-vm',
} as const;
export const DEFAULT_USER_ASSIGNED_IDENTITY: UserAssignedIdentity = {
  clientId: 'e1a70000-0000-4000-8000-00000000d002',
  objectId: 'e1a70000-0000-4000-8000-00000000d102',
  resourceId: '/subscriptions/e1a70000-0000-4000-8000-00000000c001/resourceGroups/emulator/providers/Microsoft.ManagedIdentity/userAssignedIdentities/emulator-identity',
};

/** What the App Service (2019-08-01) endpoint expects in X-IDENTITY-HEADER, i.e. IDENTITY_HEADER. */
export const DEFAULT_IDENTITY_HEADER = 'emulator-fake-identity-header';

/**
 * An ARM resource behind a conditional-access policy: a token without the authentication context `c1` (claim
 * `acrs`) gets 401 with a claims challenge asking for it, as ARM answers when a policy needs step-up.
 */
export const PROTECTED_RESOURCE_PATH = '/providers/Microsoft.Emulator/protected';
export const PROTECTED_RESOURCE_AUTH_CONTEXT = 'c1';
export const PROTECTED_RESOURCE_CLAIMS = `{"access_token":{"acrs":{"essential":true,"value":"${PROTECTED_RESOURCE_AUTH_CONTEXT}"}}}`;

export const DEFAULT_TOKEN_LIFETIME: TokenLifetime = { expiresInSeconds: 3599 };
export const DEFAULT_DEVICE_CODE_SETTINGS: DeviceCodeSettings = { intervalSeconds: 1, expiresInSeconds: 900 };
export const DEFAULT_INTERACTIVE_SIGN_IN: InteractiveSignIn = { mode: 'auto' };

/** Loopback redirect URIs: Entra accepts any port on these for native clients. */
const LOOPBACK_REDIRECTS = ['http://localhost', 'http://127.0.0.1'];

export const SEED_TENANTS: readonly TenantInput[] = [
  { tenantId: DEFAULT_TENANT_ID, domain: DEFAULT_TENANT_DOMAIN, displayName: 'Contoso (emulator)' },
  { tenantId: SECOND_TENANT_ID, domain: SECOND_TENANT_DOMAIN, displayName: 'Fabrikam (emulator)' },
];

export const SEED_SUBSCRIPTIONS: readonly SubscriptionInput[] = [
  { subscriptionId: DEFAULT_SUBSCRIPTION_ID, tenantId: DEFAULT_TENANT_ID, displayName: DEFAULT_SUBSCRIPTION_NAME },
  { subscriptionId: SECOND_SUBSCRIPTION_ID, tenantId: SECOND_TENANT_ID, displayName: 'Fabrikam Emulator Subscription' },
];

/** The seeded apps. The default app's certificate is made (or loaded from the CA directory) at start: see state.ts. */
export const SEED_APPS: readonly AppInput[] = [
  {
    clientId: DEFAULT_CLIENT_ID, tenantId: DEFAULT_TENANT_ID, displayName: 'Emulator Confidential App',
    secrets: [DEFAULT_CLIENT_SECRET], redirectUris: [...LOOPBACK_REDIRECTS, 'https://app.contoso.example/auth'],
    roles: DEFAULT_APP_ROLES,
  },
  {
    clientId: DEFAULT_PUBLIC_CLIENT_ID, tenantId: DEFAULT_TENANT_ID, displayName: 'Emulator Public App',
    publicClient: true, redirectUris: [...LOOPBACK_REDIRECTS],
  },
  {
    clientId: VSCODE_CLIENT_ID, tenantId: DEFAULT_TENANT_ID, displayName: 'Visual Studio Code',
    publicClient: true, anyTenant: true, familyId: MICROSOFT_FAMILY_ID,
    redirectUris: [...LOOPBACK_REDIRECTS, 'https://vscode.dev/redirect'],
  },
  {
    clientId: AZURE_CLI_CLIENT_ID, tenantId: DEFAULT_TENANT_ID, displayName: 'Microsoft Azure CLI',
    publicClient: true, anyTenant: true, familyId: MICROSOFT_FAMILY_ID,
    redirectUris: [...LOOPBACK_REDIRECTS, 'https://login.microsoftonline.com/common/oauth2/nativeclient'],
  },
  {
    clientId: AZURE_POWERSHELL_CLIENT_ID, tenantId: DEFAULT_TENANT_ID, displayName: 'Microsoft Azure PowerShell',
    publicClient: true, anyTenant: true, familyId: MICROSOFT_FAMILY_ID,
    redirectUris: [...LOOPBACK_REDIRECTS, 'urn:ietf:wg:oauth:2.0:oob'],
  },
];

export const SEED_USERS: readonly UserInput[] = [
  {
    username: DEFAULT_USERNAME, password: DEFAULT_PASSWORD, tenantId: DEFAULT_TENANT_ID, guestOf: [SECOND_TENANT_ID],
    displayName: DEFAULT_USER_DISPLAY_NAME, objectId: DEFAULT_USER_OBJECT_ID,
  },
  {
    username: SECOND_USERNAME, password: SECOND_PASSWORD, tenantId: DEFAULT_TENANT_ID,
    displayName: 'Bob Emulator', objectId: SECOND_USER_OBJECT_ID,
  },
];

export function seedManagedIdentities(): ManagedIdentityConfig {
  return { systemAssigned: true, userAssigned: [{ ...DEFAULT_USER_ASSIGNED_IDENTITY }] };
}

/** The audience Entra expects on federated tokens (workload identity, Azure Pipelines, GitHub Actions). */
export const TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';

/** A Kubernetes (AKS) service-account issuer trusted by DEFAULT_CLIENT_ID for one service account. */
export const DEFAULT_WORKLOAD_ISSUER = `https://oidc.aks.emulator.invalid/${DEFAULT_TENANT_ID}/`;
export const DEFAULT_WORKLOAD_SUBJECT = 'system:serviceaccount:default:workload-identity-sa';

/** The Azure Pipelines service connection seeded after reset(), federated with DEFAULT_CLIENT_ID. */
export const DEFAULT_PIPELINES_CONNECTION: PipelinesServiceConnection = {
  serviceConnectionId: 'e1a70000-0000-4000-8000-00000000e001',
  organization: 'contoso',
  project: 'identity',
  name: 'emulator-connection',
  issuer: 'https://vstoken.dev.azure.com/e1a70000-0000-4000-8000-00000000f001',
  systemAccessToken: 'emulator-fake-system-access-token-0001',
};

/** The path (after the host) of the seeded pipeline job's OIDC token endpoint. */
export const PIPELINES_OIDC_PATH = `/${DEFAULT_PIPELINES_CONNECTION.organization}/${DEFAULT_PIPELINES_CONNECTION.project}/_apis/distributedtask/hubs/build/plans/e1a70000-0000-4000-8000-00000000f101/jobs/e1a70000-0000-4000-8000-00000000f201/oidctoken`;

export const SEED_FEDERATED_CREDENTIALS: readonly FederatedCredentialInput[] = [
  { clientId: DEFAULT_CLIENT_ID, issuer: DEFAULT_WORKLOAD_ISSUER, subject: DEFAULT_WORKLOAD_SUBJECT, name: 'aks-workload' },
  {
    clientId: DEFAULT_CLIENT_ID, issuer: DEFAULT_PIPELINES_CONNECTION.issuer,
    subject: `sc://${DEFAULT_PIPELINES_CONNECTION.organization}/${DEFAULT_PIPELINES_CONNECTION.project}/${DEFAULT_PIPELINES_CONNECTION.name}`,
    name: 'azure-pipelines',
  },
];
