// What the in-host tests share: the extension under test, found by the id in its manifest.
import * as vscode from 'vscode';
import type { AzureIdentityExtensionExports } from '../../src/vscode/api/contract';

export const EXTENSION_ID = 'azure-identity-vscode.azure-identity';
export const PROVIDER_ID = 'azure-identity';
export const VIEW_CONTAINER_ID = 'azureIdentity';
export const ACCOUNTS_VIEW_ID = 'azureIdentity.accounts';
export const ARM_SCOPE = 'https://management.azure.com/.default';

/** The extension under development; fails the test if the host did not load it. */
export function ourExtension(): vscode.Extension<AzureIdentityExtensionExports> {
  const extension = vscode.extensions.getExtension<AzureIdentityExtensionExports>(EXTENSION_ID);
  if (!extension) throw new Error(`The extension ${EXTENSION_ID} is not loaded in this extension host.`);
  return extension;
}

/** Activates the extension (as the first sign-in request would) and returns its API. */
export async function activateOurExtension(): Promise<AzureIdentityExtensionExports> {
  return ourExtension().activate();
}

/** The other extension installed next to ours in the in-host suite (test/e2e/fixtures/sdk-consumer-extension). */
export const SDK_CONSUMER_ID = 'azure-identity-tests.sdk-consumer';

/**
 * A token of the default account as another extension gets it through the exported API: the "Allow" a person
 * would click is stored first (test mode refuses the modal), then the fixture asks. Never printed by the tests.
 */
export async function tokenThroughApi(scope: string, options: { accountId?: string; tenantId?: string } = {}): Promise<{ token: string; expiresOnTimestamp: number; tenantId: string }> {
  await activateOurExtension();
  // Its getToken command is not in its manifest (it is for tests only), so nothing else would activate it.
  await vscode.extensions.getExtension(SDK_CONSUMER_ID)?.activate();
  await vscode.commands.executeCommand('azureIdentity.test.allowExtension', { extensionId: SDK_CONSUMER_ID, accountId: options.accountId });
  const result = await vscode.commands.executeCommand<{ token?: string; expiresOnTimestamp: number; tenantId: string; error?: string; message?: string }>(
    'azureIdentitySdkConsumer.getToken',
    [scope],
    options,
  );
  if (!result?.token) throw new Error(`the API gave no token: ${result?.error ?? 'nothing'}: ${result?.message ?? ''}`);
  return result as { token: string; expiresOnTimestamp: number; tenantId: string };
}
