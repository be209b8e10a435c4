// The one place the library starts child processes (az, pwsh). Every run is bounded: a timeout, an abort
// signal and an output cap each kill the child's whole process group, so no grandchild (az is a shell script
// that starts Python) is left behind. Output is returned to the caller and never put in an error or a log.
import type { ChildProcess } from 'node:child_process';
import type { AbortSignalLike } from '../types';
import { ProcessRunError } from './processErrors';

export interface RunProcessOptions {
  /** The program: a full path (see findExecutable) or a name resolved on PATH. */
  command: string;
  args: readonly string[];
  /** Working directory. Default: a directory the OS controls (`/bin`, `%SystemRoot%`), never the caller's. */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Milliseconds the process may run before its group is killed. Required: nothing runs unbounded. */
  timeoutInMs: number;
  abortSignal?: AbortSignalLike;
  /** Bytes of stdout + stderr kept before the run is killed as runaway. Default 1 MiB. */
  maxOutputBytes?: number;
  /** Windows only: pass the arguments unquoted (for `cmd /d /s /c "..."`). */
  windowsVerbatimArguments?: boolean;
}

export interface ProcessResult {
  /** Exit code, or null when a signal ended the process. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Output as UTF-8 text. May hold a token: never log or echo it unsanitized. */
  stdout: string;
  stderr: string;
}

const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;
// After SIGKILL a process normally disappears at once; this bounds the wait if its pipes stay open anyway
// (a grandchild that left the group still holding them).
const CLOSE_GRACE_MS = 1_000;

/**
 * Loaded with this module, that is with the class of a credential that runs a tool (the entry loads each
 * credential's module when its export is first read, so requiring the library does not pay for it). Loading
 * it takes 5-15 ms here; in the first getToken that was time spent before az even started.
 */
const childProcessModule = process.getBuiltinModule('node:child_process');
/** Process groups still running, killed if this process exits first. */
const liveGroups = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Runs a program to completion, or kills it and rejects with a ProcessRunError. */
export async function runProcess(options: RunProcessOptions): Promise<ProcessResult> {
  const { command } = options;
  if (!(options.timeoutInMs > 0) || !Number.isFinite(options.timeoutInMs)) {
    throw new ProcessRunError('spawn-failed', command, `A process timeout must be a positive number of milliseconds (got ${options.timeoutInMs}).`);
  }
  const { spawn } = childProcessModule;
  if (options.abortSignal?.aborted) {
    throw new ProcessRunError('aborted', command, `${command} was not started: the request was cancelled.`);
  }
  const maxOutputBytes = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;

  return new Promise<ProcessResult>((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(command, [...options.args], {
        cwd: options.cwd ?? safeWorkingDirectory(),
        env: options.env ?? process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group (POSIX), so one kill reaches everything it started.
        detached: process.platform !== 'win32',
        windowsHide: true,
        windowsVerbatimArguments: options.windowsVerbatimArguments,
      });
    } catch (error) {
      reject(new ProcessRunError('spawn-failed', command, `${command} could not be started: ${(error as Error).message}`, { cause: error }));
      return;
    }
    installExitHook();
    liveGroups.add(child);

    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let outputBytes = 0;
    let failure: ProcessRunError | undefined;
    let settled = false;
    let exitCode: number | null = null;
    let exitSignal: NodeJS.Signals | null = null;
    let graceTimer: NodeJS.Timeout | undefined;

    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timeoutTimer);
      clearTimeout(graceTimer);
      options.abortSignal?.removeEventListener('abort', onAbort);
      liveGroups.delete(child);
      // Whatever the outcome, nothing of this run may outlive it.
      killGroup(child);
      if (failure) {
        reject(failure);
        return;
      }
      resolve({
        exitCode,
        signal: exitSignal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    };

    const fail = (error: ProcessRunError): void => {
      if (failure || settled) return;
      failure = error;
      killGroup(child);
      graceTimer = setTimeout(finish, CLOSE_GRACE_MS);
      graceTimer.unref();
    };

    const collect = (target: Buffer[]) => (chunk: Buffer) => {
      if (failure) return;
      outputBytes += chunk.length;
      if (outputBytes > maxOutputBytes) {
        fail(new ProcessRunError('output-too-large', command, `${command} wrote more than ${maxOutputBytes} bytes of output and was stopped.`));
        return;
      }
      target.push(chunk);
    };
    child.stdout?.on('data', collect(stdout));
    child.stderr?.on('data', collect(stderr));

    const timeoutTimer = setTimeout(() => {
      fail(new ProcessRunError('timeout', command, `${command} did not finish within ${options.timeoutInMs} ms and was stopped.`));
    }, options.timeoutInMs);

    const onAbort = (): void => {
      fail(new ProcessRunError('aborted', command, `${command} was stopped: the request was cancelled.`));
    };
    options.abortSignal?.addEventListener('abort', onAbort);

    child.once('error', (error: NodeJS.ErrnoException) => {
      // 'error' without a pid means the program could not be started at all.
      if (child.pid === undefined) {
        failure ??=
          error.code === 'ENOENT'
            ? new ProcessRunError('not-found', command, `${command} was not found.`, { cause: error })
            : new ProcessRunError('spawn-failed', command, `${command} could not be started: ${error.message}`, { cause: error });
        finish();
      }
    });
    child.once('exit', (code, signal) => {
      exitCode = code;
      exitSignal = signal;
      // A grandchild still holding stdout would delay 'close' forever: end the group now.
      killGroup(child);
    });
    child.once('close', finish);
  });
}

/** A working directory the OS controls, so a program in the caller's directory is never picked up. */
function safeWorkingDirectory(): string {
  if (process.platform === 'win32') return process.env.SystemRoot ?? process.env.SYSTEMROOT ?? 'C:\\Windows';
  return '/bin';
}

function killGroup(child: ChildProcess): void {
  const pid = child.pid;
  if (pid === undefined) return;
  if (process.platform === 'win32') {
    if (child.exitCode === null && child.signalCode === null) {
      // No process groups on Windows: taskkill /T ends the tree. Bounded like everything else.
      childProcessModule.spawnSync('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', timeout: 5_000, windowsHide: true });
    }
    return;
  }
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // ESRCH: the group is already gone.
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of liveGroups) killGroup(child);
  });
}
