// Moved to log/logger.ts; this re-export keeps the other branches' imports building until they are merged.
export { createLogger, type Logger } from './log/logger';
