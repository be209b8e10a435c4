// The logging surface of every Azure SDK for JS (@azure/logger): `logger` with error/warning/info/verbose
// debuggers under the `azure:identity` namespace, `AZURE_LOG_LEVEL` read at load, `setLogLevel` /
// `getLogLevel`, and `AzureLogger.log` as the one place lines go (stderr by default).
//
// Where @azure/logger itself is installed next to the library (any app that uses an Azure SDK), its own
// context is used, so one `setLogLevel` from @azure/logger governs this library too. Where it is not (the
// VS Code bundle, a bare install), an implementation of the same surface stands in: no runtime dependency.
import { format } from 'node:util';
import { attachAzureLogger } from './logger';

export type AzureLogLevel = 'verbose' | 'info' | 'warning' | 'error';

/** A `debug`-style logger function for one namespace, as @azure/logger's `Debugger`. */
export interface Debugger {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the shape of @azure/logger's Debugger
  (...args: any[]): void;
  enabled: boolean;
  destroy: () => boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- same
  log: (...args: any[]) => void;
  namespace: string;
  extend: (namespace: string) => Debugger;
}

export type AzureClientLogger = Debugger;

/** One client's loggers, one per level (@azure/logger's `AzureLogger` interface). */
export interface AzureLogger {
  error: Debugger;
  warning: Debugger;
  info: Debugger;
  verbose: Debugger;
}

interface LoggerModule {
  AzureLogger: AzureClientLogger;
  setLogLevel(level?: AzureLogLevel): void;
  getLogLevel(): AzureLogLevel | undefined;
  createClientLogger(namespace: string): AzureLogger;
}

const LEVELS: readonly AzureLogLevel[] = ['verbose', 'info', 'warning', 'error'];
const LEVEL_RANK: Record<AzureLogLevel, number> = { verbose: 400, info: 300, warning: 200, error: 100 };

/** @azure/logger when it can be loaded at run time (never inlined by a bundler), else undefined. */
function loadPeer(): LoggerModule | undefined {
  if (process.env.AZURE_IDENTITY_OWN_LOGGER === '1') return undefined;
  try {
    // module.require exists in Node's CommonJS loader only: bundles (webpack) take the stand-in below.
    const load = typeof module !== 'undefined' && typeof module.require === 'function' ? module.require.bind(module) : undefined;
    const peer = load?.('@azure/logger') as Partial<LoggerModule> | undefined;
    return peer && typeof peer.createClientLogger === 'function' && typeof peer.setLogLevel === 'function' ? (peer as LoggerModule) : undefined;
  } catch {
    return undefined;
  }
}

/** The stand-in: the same namespaces, levels, environment variables and `log` routing as @azure/logger. */
function createStandIn(): LoggerModule {
  const debuggers = new Set<Debugger>();
  let enabledPatterns: RegExp[] = [];
  let skippedPatterns: RegExp[] = [];
  const toPattern = (ns: string): RegExp => new RegExp(`^${ns.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*+/g, '.*')}$`);
  const isEnabled = (namespace: string): boolean =>
    !skippedPatterns.some((p) => p.test(namespace)) && enabledPatterns.some((p) => p.test(namespace));
  const enable = (namespaces: string): void => {
    const list = namespaces.split(',').map((n) => n.trim()).filter(Boolean);
    enabledPatterns = list.filter((n) => !n.startsWith('-')).map(toPattern);
    skippedPatterns = list.filter((n) => n.startsWith('-')).map((n) => toPattern(n.slice(1)));
    for (const d of debuggers) d.enabled = isEnabled(d.namespace);
  };
  const writeToStderr = (...args: unknown[]): void => {
    process.stderr.write(`${format(...args)}\n`);
  };
  const createDebugger = (namespace: string, log: (...args: unknown[]) => void): Debugger => {
    const debug = ((...args: unknown[]) => {
      if (!debug.enabled) return;
      if (args.length > 0) args[0] = `${namespace} ${String(args[0])}`;
      debug.log(...args);
    }) as Debugger;
    debug.enabled = isEnabled(namespace);
    debug.namespace = namespace;
    debug.log = log;
    debug.destroy = () => debuggers.delete(debug);
    debug.extend = (child: string) => createDebugger(`${namespace}:${child}`, (...args: unknown[]) => debug.log(...args));
    debuggers.add(debug);
    return debug;
  };
  if (process.env.DEBUG) enable(process.env.DEBUG);

  const root = createDebugger('azure', writeToStderr);
  const levelOf = new Map<Debugger, AzureLogLevel>();
  let logLevel: AzureLogLevel | undefined;
  const shouldEnable = (d: Debugger): boolean => {
    const level = levelOf.get(d);
    return Boolean(logLevel && level && LEVEL_RANK[level] <= LEVEL_RANK[logLevel]);
  };
  const setLogLevel = (level?: AzureLogLevel): void => {
    if (level && !LEVELS.includes(level)) throw new Error(`Unknown log level '${String(level)}'. Acceptable values: ${LEVELS.join(',')}`);
    logLevel = level;
    enable([...levelOf.keys()].filter(shouldEnable).map((d) => d.namespace).join(','));
  };
  const fromEnv = process.env.AZURE_LOG_LEVEL;
  if (fromEnv) {
    if (LEVELS.includes(fromEnv as AzureLogLevel)) setLogLevel(fromEnv as AzureLogLevel);
    // The message @azure/logger prints, so a typo is noticed.
    else process.stderr.write(`AZURE_LOG_LEVEL set to unknown log level '${fromEnv}'; logging is not enabled. Acceptable values: ${LEVELS.join(', ')}.\n`);
  }
  const createClientLogger = (namespace: string): AzureLogger => {
    const clientRoot = root.extend(namespace);
    const make = (level: AzureLogLevel): Debugger => {
      const d = clientRoot.extend(level);
      levelOf.set(d, level);
      if (shouldEnable(d)) d.enabled = true;
      return d;
    };
    return { error: make('error'), warning: make('warning'), info: make('info'), verbose: make('verbose') };
  };
  return { AzureLogger: root, setLogLevel, getLogLevel: () => logLevel, createClientLogger };
}

const peer = loadPeer();
const context: LoggerModule = peer ?? createStandIn();

/** The root `azure` logger: set `AzureLogger.log` to send every Azure SDK line (this library's too) elsewhere. */
export const AzureLogger: AzureClientLogger = context.AzureLogger;

/** Enables every Azure SDK logger at `level` and above (`undefined` turns logging off), as @azure/logger's. */
export function setLogLevel(level?: AzureLogLevel): void {
  context.setLogLevel(level);
}

export function getLogLevel(): AzureLogLevel | undefined {
  return context.getLogLevel();
}

export function createClientLogger(namespace: string): AzureLogger {
  return context.createClientLogger(namespace);
}

/** The library's logger, `azure:identity:<level>`, as @azure/identity's `logger`. */
export const logger: AzureLogger = createClientLogger('identity');
// The credentials' loggers (logger.ts) write through it from now on.
attachAzureLogger(logger);

/** Whether @azure/logger itself is in use (true) or the stand-in (false). */
export const usesAzureLoggerPackage: boolean = peer !== undefined;
