// Per-credential loggers. The library writes nowhere by default (no console in a library); a host routes the
// lines with setIdentityLogSink (the VS Code layer sends them to its output channel) or per credential with
// the `logSink` option. Callers must never pass a token, secret, password or assertion to a logger.

export type IdentityLogLevel = 'error' | 'warning' | 'info' | 'verbose';

export interface IdentityLogEntry {
  level: IdentityLogLevel;
  /** Who wrote the line, for example `ClientSecretCredential` or `MSAL`. */
  source: string;
  message: string;
}

export type IdentityLogSink = (entry: IdentityLogEntry) => void;

export interface CredentialLogger {
  readonly source: string;
  error(message: string): void;
  warning(message: string): void;
  info(message: string): void;
  verbose(message: string): void;
  /** True when a verbose line would be written: lets callers skip building expensive messages. */
  readonly verboseEnabled: boolean;
}

const levelRank: Record<IdentityLogLevel, number> = { error: 0, warning: 1, info: 2, verbose: 3 };

let globalSink: IdentityLogSink | undefined;
let globalLevel: IdentityLogLevel = 'info';

/** Routes every credential's log lines to `sink` (undefined turns global logging off). */
export function setIdentityLogSink(sink: IdentityLogSink | undefined, level: IdentityLogLevel = 'info'): void {
  globalSink = sink;
  globalLevel = level;
}

/** A logger whose lines go to the global sink and, if given, to `localSink`. */
export function createCredentialLogger(source: string, localSink?: IdentityLogSink): CredentialLogger {
  const write = (level: IdentityLogLevel, message: string): void => {
    const entry: IdentityLogEntry = { level, source, message };
    if (globalSink && levelRank[level] <= levelRank[globalLevel]) safeCall(globalSink, entry);
    if (localSink) safeCall(localSink, entry);
  };
  return {
    source,
    error: (m) => write('error', m),
    warning: (m) => write('warning', m),
    info: (m) => write('info', m),
    verbose: (m) => write('verbose', m),
    get verboseEnabled() {
      return localSink !== undefined || (globalSink !== undefined && globalLevel === 'verbose');
    },
  };
}

// A broken sink must never break token acquisition.
function safeCall(sink: IdentityLogSink, entry: IdentityLogEntry): void {
  try {
    sink(entry);
  } catch {
    // ignored on purpose
  }
}
