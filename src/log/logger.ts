import { redactText, redactValue } from './redact.js';
import { stderrTerminal } from './terminal.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(name: string): Logger;
}

export interface LogSink {
  write(line: string): void;
  /** JSON lines when false (pipes, files, cron); readable lines on a terminal. */
  isTTY: boolean;
}

interface LogSettings {
  level: LogLevel;
  sink: LogSink;
  /** Forces JSON even on a terminal (`VITALS_LOG_FORMAT=json`). */
  json: boolean | undefined;
}

// Logs go to stderr so stdout stays for a command's own output (tables, --json data), through
// the writer the progress bar draws with, so a line never lands on the bar.
const settings: LogSettings = {
  level: parseLevel(process.env.VITALS_LOG_LEVEL) ?? 'info',
  sink: { write: (line) => stderrTerminal.line(line), isTTY: stderrTerminal.isTTY },
  json: process.env.VITALS_LOG_FORMAT === 'json' ? true : process.env.VITALS_LOG_FORMAT === 'text' ? false : undefined,
};

export function configureLogging(options: Partial<LogSettings>): void {
  Object.assign(settings, options);
}

export function parseLevel(value: string | undefined): LogLevel | undefined {
  return value && value in rank ? (value as LogLevel) : undefined;
}

export function createLogger(name: string): Logger {
  const log = (level: LogLevel, message: string, fields?: Record<string, unknown>): void => {
    if (rank[level] < rank[settings.level]) return;
    const safeFields = fields ? (redactValue(fields) as Record<string, unknown>) : {};
    const safeMessage = redactText(message);
    const json = settings.json ?? !settings.sink.isTTY;
    const time = new Date().toISOString();
    if (json) {
      settings.sink.write(`${JSON.stringify({ time, level, logger: name, msg: safeMessage, ...safeFields })}\n`);
      return;
    }
    const extra = Object.entries(safeFields)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' ');
    settings.sink.write(`${time.slice(11, 19)} ${level.toUpperCase().padEnd(5)} [${name}] ${safeMessage}${extra ? ` ${extra}` : ''}\n`);
  };
  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
    child: (child) => createLogger(`${name}.${child}`),
  };
}
