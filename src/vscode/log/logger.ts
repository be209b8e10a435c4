// The "Azure Identity" output channel. A LogOutputChannel so users pick the level; never given a token or secret.
import * as vscode from 'vscode';

export type Logger = vscode.LogOutputChannel;

export function createLogger(): Logger {
  return vscode.window.createOutputChannel('Azure Identity', { log: true });
}
