// One output-channel line per credential attempt: which credential, the outcome, how long, and why it failed.
// Events never carry a token; reasons are error messages, which the library keeps free of secrets.
import { addCredentialEventListener, type CredentialEvent } from '../../identity/index';
import { LOG_LEVEL_TRACE, channelWrites, type LogChannel } from './channel';
import { redactSecrets } from './redact';

export function formatCredentialEvent(event: CredentialEvent): string {
  const where = event.tenantId ? ` tenant ${event.tenantId}` : '';
  const scopes = event.scopes.join(' ');
  const head = `[${event.credential}] ${event.outcome}${event.cached ? ' (cached)' : ''} in ${event.durationMs.toFixed(event.durationMs < 10 ? 2 : 0)} ms for ${scopes}${where}`;
  return redactSecrets(event.reason ? `${head}: ${event.reason}` : head);
}

/** Writes one event: failures as warnings, fresh tokens as info, cached hits (the hot path) as trace. */
export function writeCredentialEvent(channel: LogChannel, event: CredentialEvent): void {
  // Cached hits are the hot path of every Azure SDK request: only traced, and not even formatted otherwise.
  if (event.cached && !channelWrites(channel, LOG_LEVEL_TRACE)) return;
  const line = formatCredentialEvent(event);
  if (event.outcome === 'error') channel.warn(line);
  else if (event.cached) channel.trace(line);
  else channel.info(line);
}

export function logCredentialEvents(channel: LogChannel): { dispose(): void } {
  return addCredentialEventListener((event) => writeCredentialEvent(channel, event));
}
