// The environment variables that point a terminal's programs at the token endpoint, and what an account
// terminal adds to them (see accountTerminalVariables).
// Plain TypeScript: no `vscode` import.
import { VSCODE_ENDPOINT_MARKER_VARIABLE } from '../../identity/index';
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

/** The variables that hold a URL: the window prepends them, so an account terminal can add its id after. */
export const URL_VARIABLES: ReadonlySet<EndpointVariable> = new Set(['IDENTITY_ENDPOINT', 'MSI_ENDPOINT', 'AZD_AUTH_ENDPOINT', VSCODE_ENDPOINT_MARKER_VARIABLE]);

/**
 * The environment an account terminal is created with. VS Code applies every extension's environment collection
 * over a terminal's own `env` (and, in remote windows, even over `strictEnv`), so a terminal cannot replace the
 * window's secret. It can extend a value the collection prepends: the window prepends each endpoint URL, the
 * account terminal supplies `/<id>`, and its programs see `http://127.0.0.1:<port>/msi/token/<id>`.
 */
export function accountTerminalVariables(terminalId: string): Record<string, string> {
  return Object.fromEntries([...URL_VARIABLES].map((name) => [name, `/${terminalId}`]));
}
