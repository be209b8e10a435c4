// What the provider's in-host tests share: a bound on a hang, and a sign-in through the extension's own command.
import * as vscode from 'vscode';
import type { EmulatorClient } from '../emulator/client';
import { DEFAULT_USERNAME } from '../emulator/defaults';
import { approvingDeviceCode } from './support';

/** Resolves with `promise`, or rejects naming `what` after `ms` (a bound on a hang, never a timing assertion). */
export function within<T>(promise: Thenable<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    Promise.resolve(promise).finally(() => clearTimeout(timer)),
    new Promise<T>((_resolve, reject) => (timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms / 1000} s`)), ms))),
  ]);
}

/** Signs in through the extension's own Sign In command with a device code the test approves at the emulator. */
export async function signInWithDeviceCode(client: EmulatorClient, cloud?: string): Promise<void> {
  const configuration = vscode.workspace.getConfiguration('azureIdentity');
  await configuration.update('signIn.methods', ['deviceCode'], vscode.ConfigurationTarget.Global);
  if (cloud) await configuration.update('cloud', cloud, vscode.ConfigurationTarget.Global);
  await within(
    approvingDeviceCode(client, DEFAULT_USERNAME, () => vscode.commands.executeCommand('azureIdentity.signIn')),
    60_000,
    'the device-code sign-in',
  );
  if (cloud) await configuration.update('cloud', undefined, vscode.ConfigurationTarget.Global);
}

