import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../src/core/ports.ts';

/**
 * Bolt and its Web API / Socket Mode clients log through this bridge. Their debug output includes
 * whole request bodies (what people typed), so debug is dropped entirely; other levels pass only a
 * short first string with anything token-shaped removed.
 */
export function boltLogger(logger: Logger): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  const line = (args: unknown[]): string => {
    const first =
      args.find((a) => typeof a === 'string') ?? (args[0] instanceof Error ? args[0].name : 'event');
    return String(first)
      .replace(/xox[a-z]-[A-Za-z0-9-]+/g, '[token]')
      .replace(/xapp-[A-Za-z0-9-]+/g, '[token]')
      .slice(0, 200);
  };
  return {
    debug() {},
    info: (...args: unknown[]) => logger.info({ component: 'bolt' }, line(args)),
    warn: (...args: unknown[]) => logger.warn({ component: 'bolt' }, line(args)),
    error: (...args: unknown[]) => logger.error({ component: 'bolt' }, line(args)),
    setLevel(next: LogLevel) {
      level = next;
    },
    getLevel: () => level,
    setName() {},
  };
}
