// Test helpers for environment variables: each test sets what it needs and gets the old values back, so
// tests in the same mocha process never see each other's PATH, AZURE_* or IDENTITY_* variables.

/** Variables any credential of the chain reads; cleared around each test that asks for a clean slate. */
export const IDENTITY_VARIABLES = [
  'AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_CLIENT_CERTIFICATE_PATH', 'AZURE_CLIENT_CERTIFICATE_PASSWORD',
  'AZURE_CLIENT_SEND_CERTIFICATE_CHAIN', 'AZURE_USERNAME', 'AZURE_PASSWORD', 'AZURE_ADDITIONALLY_ALLOWED_TENANTS', 'AZURE_FEDERATED_TOKEN_FILE',
  'AZURE_TOKEN_CREDENTIALS', 'IDENTITY_ENDPOINT', 'IDENTITY_HEADER', 'IDENTITY_SERVER_THUMBPRINT', 'IMDS_ENDPOINT', 'MSI_ENDPOINT', 'MSI_SECRET',
  'AZURE_IDENTITY_VSCODE_ENDPOINT', 'AZURE_CONFIG_DIR', 'DEFAULT_IDENTITY_CLIENT_ID', 'AZD_CONFIG_DIR', 'SYSTEM_OIDCREQUESTURI',
];

/** Sets (or, for undefined, deletes) variables; returns a function that restores the previous values. */
export function setEnv(vars: Record<string, string | undefined>): () => void {
  const previous = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries(vars)) {
    previous.set(name, process.env[name]);
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  return () => {
    for (const [name, value] of previous) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/** Mocha hooks: before each test, the identity variables are cleared (plus `extra` set); after it, restored. */
export function useCleanEnvironment(extra: () => Record<string, string | undefined> = () => ({})): void {
  let restore: (() => void) | undefined;
  beforeEach(() => {
    const cleared = Object.fromEntries(IDENTITY_VARIABLES.map((name) => [name, undefined]));
    restore = setEnv({ ...cleared, ...extra() });
  });
  afterEach(() => {
    restore?.();
    restore = undefined;
  });
}
