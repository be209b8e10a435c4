// Per-credential loggers. Lines go to the host's sink (setIdentityLogSink: the VS Code layer sends them to its
// output channel), to a credential's own `logSink`, and to the Azure SDK logger `azure:identity:<level>`
// (azureLogger.ts), which writes nothing unless AZURE_LOG_LEVEL or setLogLevel turns it on, as in every Azure
// SDK. Callers must never pass a token, secret, password or assertion to a logger.
import type { AzureLogger } from './azureLogger';

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

let azureIdentityLogger: AzureLogger | undefined;

/** `azure:identity`, loaded with the first line written (not when the library is required). */
function azureLogger(): AzureLogger {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  azureIdentityLogger ??= (require('./azureLogger') as typeof import('./azureLogger')).logger;
  return azureIdentityLogger;
}

/** A logger whose lines go to the global sink, the Azure SDK logger and, if given, to `localSink`. */
export function createCredentialLogger(source: string, localSink?: IdentityLogSink): CredentialLogger {
  const write = (level: IdentityLogLevel, message: string): void => {
    const entry: IdentityLogEntry = { level, source, message };
    if (globalSink && levelRank[level] <= levelRank[globalLevel]) safeCall(globalSink, entry);
    if (localSink) safeCall(localSink, entry);
    const azure = azureLogger()[level];
    // @azure/identity's line shape: "azure:identity:info ClientSecretCredential => ...".
    if (azure.enabled) safeCall(() => azure(`${source} =>`, message), entry);
  };
  return {
    source,
    error: (m) => write('error', m),
    warning: (m) => write('warning', m),
    info: (m) => write('info', m),
    verbose: (m) => write('verbose', m),
    get verboseEnabled() {
      return localSink !== undefined || (globalSink !== undefined && globalLevel === 'verbose') || azureLogger().verbose.enabled;
    },
  };
}

// A broken sink must never break token acquisition.
function safeCall(sink: (entry: IdentityLogEntry) => void, entry: IdentityLogEntry): void {
  try {
    sink(entry);
  } catch {
    // ignored on purpose
  }
}
