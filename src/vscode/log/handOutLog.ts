// One output-channel line per token handed out: to whom (extension, terminal process, MCP server, command),
// for which scopes, tenant and account. Never the token. The first hand-out of a kind (consumer, account,
// scopes) in this window is an info line; repeats, which an Azure SDK client makes with every request, are trace.
import type { AccountEvent, TokenConsumer, TokenHandOut } from '../accounts/accountServiceContract';
import { LOG_LEVEL_TRACE, channelWrites, type LogChannel } from './channel';
import { redactSecrets } from './redact';

/** Enough distinct kinds for any real session; past it, repeats are told apart again from scratch. */
const MAX_REMEMBERED = 2_000;

/** Who got the token, in words: `extension ms-azuretools.vscode-docker`, `terminal process "python-requests/2.31" (App Service 2019)`. */
export function describeConsumer(consumer: TokenConsumer): string {
  switch (consumer.kind) {
    case 'provider':
      return consumer.extensionId ? `extension ${consumer.extensionId} (authentication session)` : 'an authentication session';
    case 'extension':
      return `extension ${consumer.extensionId} (API)`;
    case 'terminal':
      return `terminal process "${consumer.userAgent || 'unknown'}" (${terminalProtocolName(consumer.protocol)})`;
    case 'mcp':
      return `MCP server ${consumer.server}`;
    case 'command':
      return `command ${consumer.command}`;
    case 'tree':
      return 'the Accounts view';
    default:
      return 'an unknown consumer';
  }
}

function terminalProtocolName(protocol: Extract<TokenConsumer, { kind: 'terminal' }>['protocol']): string {
  switch (protocol) {
    case 'appService2019':
      return 'App Service managed identity 2019-08-01';
    case 'appService2017':
      return 'MSI_ENDPOINT 2017-09-01';
    case 'azd':
      return 'Azure Developer CLI external auth';
    case 'visualStudioCode':
      return 'VisualStudioCodeCredential';
    default:
      return String(protocol);
  }
}

export function formatHandOut(handOut: TokenHandOut): string {
  const scopes = handOut.scopes.length > 0 ? handOut.scopes.join(' ') : '(no scopes)';
  const cached = handOut.cached ? ', from cache' : '';
  return redactSecrets(`[hand-out] token for ${scopes} (tenant ${handOut.tenantId}${cached}) of ${handOut.account.label} to ${describeConsumer(handOut.consumer)}`);
}

function handOutKind(handOut: TokenHandOut): string {
  return JSON.stringify([handOut.account.id, handOut.consumer, handOut.tenantId, [...handOut.scopes].sort()]);
}

/** Logs every hand-out `onDidHandOutToken` announces. */
export function logTokenHandOuts(channel: LogChannel, onDidHandOutToken: AccountEvent<TokenHandOut>): { dispose(): void } {
  const seen = new Set<string>();
  return onDidHandOutToken((handOut) => {
    const kind = handOutKind(handOut);
    if (!seen.has(kind)) {
      if (seen.size >= MAX_REMEMBERED) seen.clear();
      seen.add(kind);
      channel.info(formatHandOut(handOut));
      return;
    }
    // The hot path: a repeat costs a lookup unless someone reads trace lines.
    if (channelWrites(channel, LOG_LEVEL_TRACE)) channel.trace(formatHandOut(handOut));
  });
}
