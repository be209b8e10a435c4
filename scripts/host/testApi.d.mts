// Types of testApi.mjs for the TypeScript e2e tests.
import type { BrowserContext, Locator, Page } from 'playwright-core';

export interface CodeServer {
  url: string;
  port: number;
  runDir: string;
  userDataDir: string;
  extensionsDir: string;
  workspaceDir: string;
  logFile: string;
  pid: number;
  stop(): Promise<void>;
}

export interface WorkbenchSessionOptions {
  label?: string;
  runDir?: string;
  env?: Record<string, string>;
  linkExtension?: boolean;
  extraExtensions?: string[];
  extensionsDir?: string;
  userSettings?: Record<string, unknown>;
  viewport?: { width: number; height: number };
  /** Listen on this port (a session started again on its run folder keeps its origin, so the browser's storage). */
  port?: number;
  /** Let chromium load pages from the Entra ID emulator, whose CA is made at test time. */
  ignoreHttpsErrors?: boolean;
}

export interface WorkbenchSession {
  server: CodeServer;
  context: BrowserContext;
  page: Page;
  /** Every http(s) request the browser made to something other than loopback. */
  requestsLeavingLoopback: string[];
  /** Resolves with the activation event once the extension host activated the extension. */
  waitForActivation(extensionId: string, options?: { timeoutMs?: number; settleMs?: number }): Promise<string>;
  stop(): Promise<void>;
}

export function startWorkbenchSession(options?: WorkbenchSessionOptions): Promise<WorkbenchSession>;
export function activityBarEntry(page: Page, title: string): Locator;
export function openViewContainer(page: Page, title: string): Promise<Locator>;
export function accountsMenuEntries(page: Page): Promise<string[]>;
export function dismiss(page: Page): Promise<void>;
export function runCommand(page: Page, title: string): Promise<void>;
export function quickPickEntries(page: Page): Promise<string[]>;
export function codeServerCli(
  args: string[],
  options: { extensionsDir: string; userDataDir: string; runDir: string; timeoutMs?: number },
): Promise<{ stdout: string; stderr: string }>;
export function readActivation(userDataDir: string, extensionId: string): { activationEvent?: string; failure?: string };
export function packageVsix(vsixPath: string, options?: { timeoutMs?: number }): Promise<string>;
export interface NpmStartOutput {
  /** The workbench URL it printed after "Open:". */
  url: string;
  /** The demo users it printed, first the one to sign in as. */
  users: { username: string; password: string }[];
  /** "Ready in N s" as it printed it. */
  readySeconds: number;
  /** The build steps it ran ("tsc", "webpack"); empty when nothing had changed. */
  builds: string[];
}
export function parseStartOutput(output: string): NpmStartOutput;
export interface NpmStart extends NpmStartOutput {
  output(): string;
  logFile: string;
  /** Ctrl-C, as a person stops it; resolves once everything it started is gone. */
  stop(): Promise<{ exitCode: number | string | null; stoppedByCtrlC: boolean; output: string }>;
}
export function startNpmStart(options: { stateDir: string; args?: string[]; env?: Record<string, string>; runDir?: string }): Promise<NpmStart>;
export function launchBrowser(
  runDir: string,
  options?: { viewport?: { width: number; height: number }; ignoreHttpsErrors?: boolean },
): Promise<{ context: BrowserContext; close(): Promise<void> }>;
export function openWorkbench(page: Page, url: string): Promise<void>;
export const REPO_ROOT: string;
export function extensionId(manifest?: ExtensionManifest): string;
export function makeRunDir(label: string): string;
export function readManifest(): ExtensionManifest;

export interface ExtensionManifest {
  name: string;
  publisher: string;
  version: string;
  displayName?: string;
  main?: string;
  contributes?: {
    viewsContainers?: { activitybar?: { id: string; title: string; icon: string }[] };
    views?: Record<string, { id: string; name: string }[]>;
    viewsWelcome?: { view: string; contents: string }[];
  };
}
