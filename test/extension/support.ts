// What the in-host tests share: the extension under test, found by the id in its manifest.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AzureIdentityExtensionExports } from '../../src/vscode/api/contract';
import type { EmulatorClient } from '../emulator/client';
import { SNAPSHOT_COMMAND, type TreeItemSnapshot, type ViewSnapshot } from '../../src/vscode/testHooks';

export type { TreeItemSnapshot, ViewSnapshot };

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

/** What the Accounts tree and the status bar show, as a person would read them (the test-mode snapshot command). */
export function viewSnapshot(): Thenable<ViewSnapshot> {
  return vscode.commands.executeCommand<ViewSnapshot>(SNAPSHOT_COMMAND);
}

/**
 * Waits until `check` holds for what the view shows (it follows events asynchronously); otherwise fails saying
 * `what` and, through `shown`, what the view showed last (by default the whole snapshot without tooltips).
 */
export async function eventuallyShown(
  check: (snapshot: ViewSnapshot) => boolean,
  what: string,
  shown: (snapshot: ViewSnapshot) => string = (snapshot) => JSON.stringify(snapshot, (k, v: unknown) => (k === 'tooltip' ? undefined : v)),
): Promise<ViewSnapshot> {
  let last: ViewSnapshot | undefined;
  for (let attempt = 0; attempt < 100; attempt++) {
    last = await viewSnapshot();
    if (check(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`${what}; the view shows: ${last === undefined ? 'nothing' : shown(last)}`);
}

/**
 * Starts a device-code sign-in (`start`: a command of ours that signs in with a device code) and approves, as
 * `username`, the code the emulator is asked for meanwhile, as a person would on its device-login page. Returns
 * what the command returned and the tenant the code was asked for.
 */
export async function approvingDeviceCode<T>(emulator: EmulatorClient, username: string, start: () => Thenable<T>): Promise<{ result: T; tenant: string }> {
  const before = new Set((await emulator.deviceCodes()).map((c) => c.userCode));
  const signingIn = start();
  let code: { userCode: string; tenant: string } | undefined;
  for (let attempt = 0; attempt < 200 && !code; attempt++) {
    code = (await emulator.deviceCodes()).find((c) => c.state === 'pending' && !before.has(c.userCode));
    if (!code) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.ok(code, 'the sign-in never asked the authority for a device code');
  await emulator.approveDeviceCode(code.userCode, username);
  return { result: await signingIn, tenant: code.tenant };
}
