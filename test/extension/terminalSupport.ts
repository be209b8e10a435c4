// What the in-host terminal tests share: running a command in a real integrated terminal (its output lands in a
// file the test reads), and signing a user in with a device code approved on the emulator.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { EmulatorClient } from '../emulator/client';
import { activateOurExtension, approvingDeviceCode } from './support';

/** The repository (the extension under test): out/test/extension → ../../.. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const SCRATCH = mkdtempSync(path.join(os.tmpdir(), 'azid-terminal-'));

let counter = 0;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `check` gives a value; fails with `what` after `timeoutMs` (a hang, not a timing assertion). */
export async function eventually<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: nothing within ${timeoutMs / 1000} s`);
    await delay(200);
  }
}

/**
 * Types `command` into the terminal as a person would, and returns what it printed (stdout and stderr). The
 * output goes to a file renamed into place when the command ends, so a half-written file is never read.
 */
export async function runInTerminal(terminal: vscode.Terminal, command: string, timeoutMs = 90_000): Promise<string> {
  const out = path.join(SCRATCH, `out-${++counter}.txt`);
  terminal.sendText(`{ ${command} ; } > '${out}.part' 2>&1; mv '${out}.part' '${out}'`, true);
  await eventually(`"${command}" in terminal ${terminal.name}`, () => (existsSync(out) ? true : undefined), timeoutMs);
  // A shell with VS Code's shell integration writes its escape sequences (OSC 633) into the redirected output too.
  return readFileSync(out, 'utf8').replace(/\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g, '');
}

/** A bash terminal of the workbench (the window's environment collection applies to it). */
export function newTerminal(name: string): vscode.Terminal {
  return vscode.window.createTerminal({ name, shellPath: '/bin/bash', shellArgs: ['--norc', '--noprofile'] });
}

/** The variables of a terminal, as its shell sees them. */
export async function terminalEnvironment(terminal: vscode.Terminal): Promise<Record<string, string>> {
  const text = await runInTerminal(terminal, 'env -0 | tr "\\0" "\\n" | grep -E "^(IDENTITY_|MSI_|AZD_AUTH_|AZURE_IDENTITY_VSCODE_)"');
  return Object.fromEntries(text.split('\n').filter(Boolean).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}

/**
 * A new terminal whose variables satisfy `wanted`, for a change the extension makes in the background (the
 * endpoint starting or stopping): each try is a fresh terminal, since a shell's environment is fixed at start.
 */
export async function terminalWhere(name: string, wanted: (env: Record<string, string>) => boolean, made: vscode.Terminal[]): Promise<{ terminal: vscode.Terminal; env: Record<string, string> }> {
  return eventually(`a terminal "${name}" with the expected variables`, async () => {
    const terminal = newTerminal(name);
    made.push(terminal);
    const env = await terminalEnvironment(terminal);
    return wanted(env) ? { terminal, env } : undefined;
  });
}

/**
 * Signs a user in as a person would with a device code: the Sign In command asks the emulator for a code, and
 * the code is approved on the emulator (its device-login page's job) as `username`.
 */
export async function signInUser(username: string): Promise<{ id: string; label: string }> {
  await activateOurExtension();
  const emulator = EmulatorClient.fromEnv();
  const signIn = () => vscode.commands.executeCommand<{ id: string; label: string } | undefined>('azureIdentity.signIn', { method: 'deviceCode' });
  const { result: account } = await approvingDeviceCode(emulator, username, signIn);
  if (!account) throw new Error(`${username} did not sign in`);
  return account;
}

export async function signOutEveryone(): Promise<void> {
  const api = await activateOurExtension();
  for (const account of await api.getAccounts()) await vscode.commands.executeCommand('azureIdentity.signOut', { accountId: account.id });
}

/** The claims of a JWT, unverified: whose token it is. */
export function tokenClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}
