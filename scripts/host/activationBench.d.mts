// Types of activationBench.mjs for the TypeScript benchmark (bench/scenarios/activation.ts).

/** One fresh extension host's activation of one extension, from the host's own performance marks (ms). */
export interface HostActivation {
  extensionId: string;
  /** Where the host loaded the extension from, and its `main`: the bundle the host evaluated. */
  extensionPath: string;
  main: string;
  /** Size of that main module, in bytes. */
  mainBytes: number;
  /** Bytes of every file of the extension in the host's module cache when activation finished (main + chunks). */
  loadedBytes: number;
  /** Those files, relative to extensionPath, each with its size. */
  loadedFiles: string[];
  vscodeVersion: string;
  /** Evaluating the extension's main module (require). */
  loadCodeMs: number;
  /** activate(), until the promise it returned settled. */
  activateMs: number;
  /** From the start of loading to activate() settling, including the host's own work in between. */
  spanMs: number;
  /** What the silent session request that triggered the activation returned (never the session itself). */
  sessionOutcome: string;
}

export interface ActivationOptions {
  extensionId: string;
  /** The authentication provider whose silent session request activates the extension. */
  providerId: string;
  scopes: string[];
  runs: number;
  /** Install this repository's extension too (leave out for built-in extensions). */
  linkOurExtension?: boolean;
  log?: (line: string) => void;
}

export const PROBE_EXTENSION_DIR: string;
export function measureActivationInHost(options: ActivationOptions): Promise<HostActivation[]>;
