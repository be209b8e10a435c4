// A LogOutputChannel stand-in that records each line with the level it was written at, honouring its log
// level the way VS Code's channel does (lines below the level are dropped).
import { LOG_LEVEL_DEBUG, LOG_LEVEL_ERROR, LOG_LEVEL_INFO, LOG_LEVEL_TRACE, LOG_LEVEL_WARNING, channelWrites, type LogChannel } from '../../../../src/vscode/log/channel';

export type RecordedLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export interface RecordedLine {
  level: RecordedLevel;
  line: string;
}

export class RecordingChannel implements LogChannel {
  readonly lines: RecordedLine[] = [];
  private readonly listeners = new Set<(level: number) => void>();

  constructor(public logLevel: LogChannel['logLevel'] = LOG_LEVEL_INFO) {}

  readonly onDidChangeLogLevel: LogChannel['onDidChangeLogLevel'] = (listener) => {
    const bound = (level: number) => listener(level as LogChannel['logLevel']);
    this.listeners.add(bound);
    return { dispose: () => this.listeners.delete(bound) };
  };

  setLevel(level: LogChannel['logLevel']): void {
    this.logLevel = level;
    for (const listener of this.listeners) listener(level);
  }

  trace(message: string): void {
    this.record(LOG_LEVEL_TRACE, 'trace', message);
  }
  debug(message: string): void {
    this.record(LOG_LEVEL_DEBUG, 'debug', message);
  }
  info(message: string): void {
    this.record(LOG_LEVEL_INFO, 'info', message);
  }
  warn(message: string): void {
    this.record(LOG_LEVEL_WARNING, 'warn', message);
  }
  error(error: string | Error): void {
    this.record(LOG_LEVEL_ERROR, 'error', typeof error === 'string' ? error : error.message);
  }

  text(): string {
    return this.lines.map((l) => `${l.level} ${l.line}`).join('\n');
  }

  private record(level: LogChannel['logLevel'], name: RecordedLevel, line: string): void {
    if (channelWrites(this, level)) this.lines.push({ level: name, line });
  }
}
