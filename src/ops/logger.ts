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
  'cookie',
  'headers',
  'prompt',
  'feelings',
  'message',
].flatMap((f) => [f, `*.${f}`, `*.*.${f}`]);

export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  const instance = pino(
    {
      level: options.level ?? 'info',
      base: { app: 'checkin' },
      redact: { paths: REDACT, censor: '[redacted]' },
      serializers: { err: errorFacts, error: errorFacts },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination ?? pino.destination({ dest: 2, sync: false }),
  );
  return instance as unknown as Logger;
}

/**
 * What an error may say in a log: its name, code and where it was thrown. Never its message, which
 * can quote input (a JSON parse error shows part of the payload; a validation error the value).
 */
export function errorFacts(error: unknown): unknown {
  if (typeof error !== 'object' || error === null) return typeof error === 'string' ? 'error' : error;
  const e = error as { name?: unknown; code?: unknown; stack?: unknown };
  const facts: Record<string, unknown> = {};
  if (typeof e.name === 'string') facts.name = e.name;
  if (typeof e.code === 'string' || typeof e.code === 'number') facts.code = e.code;
  // The first line of a stack repeats the message; the frames after it are code locations.
  if (typeof e.stack === 'string') facts.stack = e.stack.split('\n').slice(1, 8).join('\n');
  return facts;
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
