// The environment variables that point a terminal's programs at the token endpoint, and the whole environment of
// an account terminal (which VS Code starts with exactly the environment given: see accountTerminalEnvironment).
// Plain TypeScript: no `vscode` import.
import { VSCODE_ENDPOINT_MARKER_VARIABLE } from '../../identity/library';
import type { EndpointUrls } from './tokenEndpointServer';

/** Every variable the endpoint sets, in the order they are listed to the person. */
export const ENDPOINT_VARIABLES = [
  'IDENTITY_ENDPOINT',
  'IDENTITY_HEADER',
  'MSI_ENDPOINT',
  'MSI_SECRET',
  'AZD_AUTH_ENDPOINT',
  'AZD_AUTH_KEY',
  VSCODE_ENDPOINT_MARKER_VARIABLE,
] as const;

export type EndpointVariable = (typeof ENDPOINT_VARIABLES)[number];

/** The variables for one secret: App Service 2019 and 2017, azd, and the marker VisualStudioCodeCredential checks. */
export function endpointVariables(urls: EndpointUrls, secret: string): Record<EndpointVariable, string> {
  return {
    IDENTITY_ENDPOINT: urls.managedIdentity,
    IDENTITY_HEADER: secret,
    MSI_ENDPOINT: urls.managedIdentity,
    MSI_SECRET: secret,
    AZD_AUTH_ENDPOINT: urls.azd,
    AZD_AUTH_KEY: secret,
    [VSCODE_ENDPOINT_MARKER_VARIABLE]: urls.managedIdentity,
  };
}

/** Variables of the extension host that belong to it, not to a shell. */
function isHostOnlyVariable(name: string): boolean {
  return name.startsWith('VSCODE_') || name === 'ELECTRON_RUN_AS_NODE' || name === 'ELECTRON_NO_ATTACH_CONSOLE' || name === 'APPLICATION_INSIGHTS_NO_DIAGNOSTIC_CHANNEL';
}

/** Variables that would make an SDK pick another managed-identity source (Service Fabric, Azure Arc) over ours. */
const CONFLICTING_VARIABLES = new Set(['IDENTITY_SERVER_THUMBPRINT', 'IMDS_ENDPOINT']);

/**
 * The environment of a terminal bound to one account. VS Code applies every extension's environment collection
 * over a terminal's own `env` (ours would replace the per-terminal secret with the window's), except for a
 * terminal created with `strictEnv`, which gets exactly what it is given: the extension host's environment
 * without its own variables (and without those that would make SDKs choose another managed identity), the person's `terminal.integrated.env.<platform>` setting (null removes a variable),
 * and the endpoint variables for this terminal's secret.
 */
export function accountTerminalEnvironment(
  hostEnvironment: NodeJS.ProcessEnv,
  configuredEnvironment: Readonly<Record<string, string | null>> | undefined,
  variables: Readonly<Record<string, string>>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(hostEnvironment)) {
    if (value !== undefined && !isHostOnlyVariable(name) && !CONFLICTING_VARIABLES.has(name)) env[name] = value;
  }
  for (const [name, value] of Object.entries(configuredEnvironment ?? {})) {
    if (value === null) delete env[name];
    else if (typeof value === 'string') env[name] = value;
  }
  return { ...env, ...variables };
}
