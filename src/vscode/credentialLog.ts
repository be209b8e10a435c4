// One output-channel line per credential attempt: which credential, the outcome, how long, and why it failed.
// Events never carry a token; reasons are error messages, which the library keeps free of secrets.
import * as vscode from 'vscode';
import { addCredentialEventListener, type CredentialEvent } from '../identity/index';
import type { Logger } from './logger';

export function formatCredentialEvent(event: CredentialEvent): string {
  const where = event.tenantId ? ` tenant ${event.tenantId}` : '';
  const scopes = event.scopes.join(' ');
  const head = `[${event.credential}] ${event.outcome}${event.cached ? ' (cached)' : ''} in ${event.durationMs.toFixed(event.durationMs < 10 ? 2 : 0)} ms for ${scopes}${where}`;
  return event.reason ? `${head}: ${event.reason}` : head;
}

export function logCredentialEvents(logger: Logger): { dispose(): void } {
  return addCredentialEventListener((event) => {
    // Cached hits are the hot path of every Azure SDK request: only traced, and not even formatted otherwise.
    if (event.cached && logger.logLevel !== vscode.LogLevel.Trace) return;
    const line = formatCredentialEvent(event);
    if (event.outcome === 'error') logger.warn(line);
    else if (event.cached) logger.trace(line);
    else logger.info(line);
  });
}
