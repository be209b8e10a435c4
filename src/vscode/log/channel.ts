// What the log code needs of VS Code's LogOutputChannel, as a type: the routing logic stays plain TypeScript
// that unit tests drive with a recording channel, and the extension passes the real channel.
import type * as vscode from 'vscode';

export type LogChannel = Pick<vscode.LogOutputChannel, 'logLevel' | 'onDidChangeLogLevel' | 'trace' | 'debug' | 'info' | 'warn' | 'error'>;

// vscode.LogLevel's values, spelled here so this file needs no VS Code at run time; the annotations make the
// compiler check that they still equal the enum's.
export const LOG_LEVEL_OFF: vscode.LogLevel.Off = 0;
export const LOG_LEVEL_TRACE: vscode.LogLevel.Trace = 1;
export const LOG_LEVEL_DEBUG: vscode.LogLevel.Debug = 2;
export const LOG_LEVEL_INFO: vscode.LogLevel.Info = 3;
export const LOG_LEVEL_WARNING: vscode.LogLevel.Warning = 4;
export const LOG_LEVEL_ERROR: vscode.LogLevel.Error = 5;

/** True when the channel writes lines of `level` (Off writes nothing). */
export function channelWrites(channel: Pick<LogChannel, 'logLevel'>, level: vscode.LogLevel): boolean {
  return channel.logLevel !== LOG_LEVEL_OFF && level >= channel.logLevel;
}
