// Everything the "Azure Identity" output channel shows, wired in one call: the library's and MSAL's log
// lines, one line per credential attempt, and one per token handed out.
import type { AccountServiceContract } from '../accounts/accountServiceContract';
import type { LogChannel } from './channel';
import { logCredentialEvents } from './credentialLog';
import { logTokenHandOuts } from './handOutLog';
import { routeIdentityLog } from './identityLog';

export function feedOutputChannel(channel: LogChannel, accounts?: Pick<AccountServiceContract, 'onDidHandOutToken'>): { dispose(): void } {
  const registrations = [routeIdentityLog(channel), logCredentialEvents(channel)];
  if (accounts) registrations.push(logTokenHandOuts(channel, accounts.onDidHandOutToken));
  return { dispose: () => registrations.splice(0).forEach((r) => r.dispose()) };
}
