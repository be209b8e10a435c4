// The host scripts (scripts/host/*.mjs, plain Node ESM) as seen from the compiled e2e tests. The import path is
// computed at run time because the compiled tests live under out/, two levels from their sources.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as HostApi from '../../../scripts/host/testApi.mjs' with { 'resolution-mode': 'import' };

export type Host = typeof HostApi;
export type WorkbenchSession = HostApi.WorkbenchSession;

/** The repository root, found from this compiled file (out/test/e2e/support/host.js). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
export const EXTENSION_ID = 'azure-identity-vscode.azure-identity';
export const VIEW_CONTAINER_TITLE = 'Azure Identity';
export const CONSUMER_FIXTURE = path.join(REPO_ROOT, 'test', 'e2e', 'fixtures', 'consumer-extension');
export const CONSUMER_DISPLAY_NAME = 'Azure Identity Test Consumer';
export const SDK_CONSUMER_FIXTURE = path.join(REPO_ROOT, 'test', 'e2e', 'fixtures', 'sdk-consumer-extension');
export const SDK_CONSUMER_DISPLAY_NAME = 'Azure Identity SDK Consumer';

let loaded: Promise<Host> | undefined;

export function host(): Promise<Host> {
  const entry = pathToFileURL(path.join(REPO_ROOT, 'scripts', 'host', 'testApi.mjs')).href;
  loaded ??= import(entry) as Promise<Host>;
  return loaded;
}

/** The first paragraph of the Accounts view's welcome text, as the manifest declares it. */
export function welcomeFirstLine(h: Host): string {
  const welcome = h.readManifest().contributes?.viewsWelcome?.find((w) => w.view === 'azureIdentity.accounts');
  if (!welcome) throw new Error('package.json declares no welcome content for azureIdentity.accounts');
  // The manifest's strings live in package.nls.json (%key%), as VS Code resolves them.
  const key = /^%(.+)%$/.exec(welcome.contents)?.[1];
  const nls = key ? (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>) : {};
  return (key ? (nls[key] ?? welcome.contents) : welcome.contents).split('\n')[0];
}
