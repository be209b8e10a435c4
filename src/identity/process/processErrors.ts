// Why a child process did not produce a result. These never carry the process's output: a developer tool's
// stdout may hold a token, so the credential that ran it decides what (sanitized) text a person sees.

export type ProcessFailureReason = 'not-found' | 'spawn-failed' | 'timeout' | 'aborted' | 'output-too-large';

export class ProcessRunError extends Error {
  readonly reason: ProcessFailureReason;
  /** The program that was run, as given (not its arguments: they may name tenants or resources only, but stay terse). */
  readonly command: string;

  constructor(reason: ProcessFailureReason, command: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProcessRunError';
    this.reason = reason;
    this.command = command;
  }
}

export function isProcessRunError(error: unknown, reason?: ProcessFailureReason): error is ProcessRunError {
  return error instanceof ProcessRunError && (reason === undefined || error.reason === reason);
}
