import { pino } from 'pino';
import type { Logger } from '../core/ports.ts';

/**
 * Structured JSON logs. Callers log ids, counts and codes only; as a second line of defence any
 * field whose name suggests content or a secret is redacted wherever it appears.
 */
const REDACT = [
  'text',
  'answer',
  'answers',
  'note',
  'token',
  'secret',
  'password',
  'authorization',
  'key',
  'body',
  'value',
].flatMap((f) => [f, `*.${f}`, `*.*.${f}`]);

export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  const instance = pino(
    {
      level: options.level ?? 'info',
      base: { app: 'checkin' },
      redact: { paths: REDACT, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination ?? pino.destination({ dest: 2, sync: false }),
  );
  return instance as unknown as Logger;
}

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};
