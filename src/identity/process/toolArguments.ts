// Validation for values the developer-tool credentials put on a command line. Programs are started without
// a shell on Linux and macOS, but Windows runs az.cmd through cmd.exe, so a resource, tenant or subscription
// may only contain characters that no shell treats specially.
import { InvalidArgumentError } from '../errors';

const SCOPE_CHARACTERS = /^[0-9a-zA-Z-_.:/]+$/;
const SUBSCRIPTION_CHARACTERS = /^[0-9a-zA-Z-_. ]+$/;

/** Throws InvalidArgumentError unless `scope` is safe to hand to az / pwsh. */
export function checkToolScope(scope: string, credentialName: string): void {
  if (!SCOPE_CHARACTERS.test(scope)) {
    throw new InvalidArgumentError(
      'scopes',
      `${credentialName} accepts a scope made of letters, digits and the characters - _ . : / only, for example "https://management.azure.com/.default".`,
    );
  }
}

/** Throws InvalidArgumentError unless `subscription` is a subscription id or a plain name. */
export function checkSubscription(subscription: string): void {
  if (!SUBSCRIPTION_CHARACTERS.test(subscription)) {
    throw new InvalidArgumentError(
      'subscription',
      'Invalid subscription: use the subscription id (a GUID) or a name made of letters, digits, spaces and the characters - _ . only.',
    );
  }
}

/** A cmd.exe command line: every argument double-quoted (they were validated to hold no quotes). */
export function windowsCommandLine(program: string, args: readonly string[]): string {
  return [program, ...args].map((a) => `"${a}"`).join(' ');
}

/** How to start a developer tool: the program itself, or on Windows cmd.exe running its .cmd shim. */
export function toolCommand(program: string, args: string[]): { command: string; args: string[]; windowsVerbatimArguments?: boolean } {
  if (process.platform !== 'win32') return { command: program, args };
  return {
    command: process.env.ComSpec ?? 'cmd.exe',
    args: ['/d', '/s', '/c', `"${windowsCommandLine(program, args)}"`],
    windowsVerbatimArguments: true,
  };
}
