// What the in-host tests share: the extension under test, found by the id in its manifest.
import * as vscode from 'vscode';
import type { AzureIdentityExtensionApi } from '../../src/vscode/api';

export const EXTENSION_ID = 'azure-identity-vscode.azure-identity';
export const PROVIDER_ID = 'azure-identity';
export const VIEW_CONTAINER_ID = 'azureIdentity';
export const ACCOUNTS_VIEW_ID = 'azureIdentity.accounts';
export const ARM_SCOPE = 'https://management.azure.com/.default';

/** The extension under development; fails the test if the host did not load it. */
export function ourExtension(): vscode.Extension<AzureIdentityExtensionApi> {
  const extension = vscode.extensions.getExtension<AzureIdentityExtensionApi>(EXTENSION_ID);
  if (!extension) throw new Error(`The extension ${EXTENSION_ID} is not loaded in this extension host.`);
  return extension;
}

/** Activates the extension (as the first sign-in request would) and returns its API. */
export async function activateOurExtension(): Promise<AzureIdentityExtensionApi> {
  return ourExtension().activate();
}
