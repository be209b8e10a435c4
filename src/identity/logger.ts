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

/** Called by azureLogger.ts when it loads (a line written, or the entry's `logger` / `setLogLevel` read). */
export function attachAzureLogger(logger: AzureLogger): void {
  azureIdentityLogger = logger;
}

/**
 * `azure:identity`, or undefined while it cannot be on. Loading it loads @azure/logger where that is
 * installed (10-30 ms on this machine's first token, paid before az or the authority is even asked), so it is
 * loaded only when a line could be written: AZURE_LOG_LEVEL or DEBUG is set (read when it loads), this
 * library's own `logger` / `setLogLevel` were used (that loaded it), or the app has loaded @azure/logger
 * itself (whose `setLogLevel` then governs this library too). Without any of these it writes nothing, so
 * nothing is lost by not asking.
 */
function azureLogger(): AzureLogger | undefined {
  if (azureIdentityLogger) return azureIdentityLogger;
  const env = process.env;
  if (!env.AZURE_LOG_LEVEL && !env.DEBUG && !peerLoggerLoaded()) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  azureIdentityLogger ??= (require('./azureLogger') as typeof import('./azureLogger')).logger;
  return azureIdentityLogger;
}

/** The file @azure/logger's CommonJS build would load from here: resolved once (null: not installed). */
let peerLoggerPath: string | null | undefined;
let peerLoggerCache: NodeJS.Dict<NodeJS.Module> | undefined;

/**
 * Whether the app has loaded the @azure/logger that azureLogger.ts would use (the same file, so the same
 * state). Bundles have no Node `module.require` and always use the stand-in, which only the environment or
 * this library's own exports can turn on. An ES-module import of @azure/logger is a separate instance that
 * azureLogger.ts would not share either.
 */
function peerLoggerLoaded(): boolean {
  if (peerLoggerPath === undefined) {
    peerLoggerPath = null;
    if (typeof module !== 'undefined' && typeof module.require === 'function' && process.env.AZURE_IDENTITY_OWN_LOGGER !== '1') {
      try {
        const nodeRequire = process.getBuiltinModule('node:module').createRequire(module.filename);
        peerLoggerPath = nodeRequire.resolve('@azure/logger');
        peerLoggerCache = nodeRequire.cache;
      } catch {
        // Not installed: the stand-in is used.
      }
    }
  }
  return peerLoggerPath !== null && peerLoggerCache?.[peerLoggerPath] !== undefined;
}

/** A logger whose lines go to the global sink, the Azure SDK logger and, if given, to `localSink`. */
export function createCredentialLogger(source: string, localSink?: IdentityLogSink): CredentialLogger {
  const write = (level: IdentityLogLevel, message: string): void => {
    const entry: IdentityLogEntry = { level, source, message };
    if (globalSink && levelRank[level] <= levelRank[globalLevel]) safeCall(globalSink, entry);
    if (localSink) safeCall(localSink, entry);
    const azure = azureLogger()?.[level];
    // @azure/identity's line shape: "azure:identity:info ClientSecretCredential => ...".
    if (azure?.enabled) safeCall(() => azure(`${source} =>`, message), entry);
  };
  return {
    source,
    error: (m) => write('error', m),
    warning: (m) => write('warning', m),
    info: (m) => write('info', m),
    verbose: (m) => write('verbose', m),
    get verboseEnabled() {
      return localSink !== undefined || (globalSink !== undefined && globalLevel === 'verbose') || azureLogger()?.verbose.enabled === true;
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
