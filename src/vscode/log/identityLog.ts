// The library's log lines (and MSAL's, which the library passes on prefixed "MSAL: ") into the output channel,
// each naming the credential that wrote it. The library is told the channel's level, so lines the person's
// log level would drop are never built; MSAL's own lines are diagnostics and go to trace.
import { setIdentityLogSink, type IdentityLogEntry, type IdentityLogLevel } from '../../identity/index';
import { LOG_LEVEL_DEBUG, LOG_LEVEL_ERROR, LOG_LEVEL_INFO, LOG_LEVEL_OFF, LOG_LEVEL_TRACE, LOG_LEVEL_WARNING, type LogChannel } from './channel';
import { redactSecrets } from './redact';

const MSAL_PREFIX = 'MSAL: ';

/** The library level that produces every line the channel keeps at `channelLevel`; undefined: none. */
export function libraryLevelFor(channelLevel: number): IdentityLogLevel | undefined {
  switch (channelLevel) {
    case LOG_LEVEL_OFF:
      return undefined;
    case LOG_LEVEL_TRACE:
    case LOG_LEVEL_DEBUG:
      return 'verbose';
    case LOG_LEVEL_INFO:
      return 'info';
    case LOG_LEVEL_WARNING:
      return 'warning';
    case LOG_LEVEL_ERROR:
      return 'error';
    default:
      return 'info';
  }
}

/** One library entry as the channel shows it: `[ClientSecretCredential] message` or `[AzureCliCredential] MSAL: …`. */
export function formatIdentityLogEntry(entry: IdentityLogEntry): string {
  return redactSecrets(`[${entry.source}] ${entry.message}`);
}

/** Writes one library entry at its level: MSAL's lines at trace, the library's verbose lines at debug. */
export function writeIdentityLogEntry(channel: LogChannel, entry: IdentityLogEntry): void {
  const line = formatIdentityLogEntry(entry);
  if (entry.message.startsWith(MSAL_PREFIX)) {
    channel.trace(line);
    return;
  }
  switch (entry.level) {
    case 'error':
      channel.error(line);
      break;
    case 'warning':
      channel.warn(line);
      break;
    case 'info':
      channel.info(line);
      break;
    default:
      channel.debug(line);
  }
}

/** Routes the library's log to `channel` for as long as the registration lives, following its log level. */
export function routeIdentityLog(channel: LogChannel): { dispose(): void } {
  const sink = (entry: IdentityLogEntry): void => writeIdentityLogEntry(channel, entry);
  const apply = (level: number): void => {
    const libraryLevel = libraryLevelFor(level);
    if (libraryLevel) setIdentityLogSink(sink, libraryLevel);
    else setIdentityLogSink(undefined);
  };
  apply(channel.logLevel);
  const subscription = channel.onDidChangeLogLevel(apply);
  return {
    dispose: () => {
      subscription.dispose();
      setIdentityLogSink(undefined);
    },
  };
}
