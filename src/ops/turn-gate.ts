import { CheckinError } from '../core/errors.ts';
import type { InboundEvent } from '../core/inbound.ts';
import { type TurnReply, text } from '../core/outbound.ts';
import type { Logger, TurnSink } from '../core/ports.ts';
import type { Metrics } from './metrics.ts';

/**
 * Sits between the adapters and the bot core: counts and times every turn, and lets shutdown stop
 * taking turns while the ones already started finish. Adapters receive `gate.sink`, never the bot
 * itself, so every platform is measured and drained the same way.
 */
export interface TurnGate {
  /** The sink adapters call. */
  readonly sink: TurnSink;
  /** Turns being handled now. */
  inFlight(): number;
  /**
   * Refuses new turns from now on (kindly, with `REFUSED_WHILE_STOPPING`) and resolves when the turns
   * in flight have finished or `timeoutMs` has passed; `abandoned` counts those still running.
   */
  drain(timeoutMs: number): Promise<{ abandoned: number }>;
}

/**
 * The reply to a turn that arrives while the process is shutting down. It may be someone asking for
 * help, so it always says where urgent help is.
 */
export const REFUSED_WHILE_STOPPING: TurnReply = {
  messages: [
    text(
      'I am restarting for a moment. Please send that again in a minute.\n' +
        'If you need urgent help now, call your local emergency number, or find a free helpline at [findahelpline.com](https://findahelpline.com).',
    ),
  ],
};

export interface TurnGateOptions {
  /** The bot core's entry point. */
  handle: TurnSink;
  metrics: Metrics;
  logger: Logger;
  /**
   * TESTS ONLY (CHECKIN_TEST_TURN_DELAY_MS): waits this long inside every turn before the bot
   * handles it, so a test can send SIGTERM while a turn is really in flight. 0 in production.
   */
  testDelayMs?: number;
}

export function createTurnGate(options: TurnGateOptions): TurnGate {
  const { metrics, handle } = options;
  const log = options.logger.child({ component: 'turns' });
  const delayMs = options.testDelayMs ?? 0;
  let accepting = true;
  let inFlight = 0;
  let idle: (() => void) | null = null;

  async function sink(event: InboundEvent): Promise<TurnReply> {
    const platform = platformOf(event);
    // Lifecycle events (install/uninstall) still pass while draining: they are rare and quick, and
    // a dropped uninstall would leave data behind that should be deleted.
    if (!accepting && event.type === 'turn') {
      metrics.turns.inc({ platform, outcome: 'refused' });
      return REFUSED_WHILE_STOPPING;
    }
    inFlight += 1;
    metrics.inFlight.inc();
    const stopTimer = metrics.turnSeconds.startTimer({ platform });
    try {
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      const reply = await handle(event);
      metrics.turns.inc({ platform, outcome: 'ok' });
      return reply;
    } catch (error) {
      const code = error instanceof CheckinError ? error.code : 'unexpected';
      metrics.turns.inc({ platform, outcome: 'error' });
      metrics.errors.inc({ platform, code });
      // Event id and code only: an error message may quote what the person wrote.
      log.error({ eventId: event.eventId, platform, code }, 'turn failed');
      throw error;
    } finally {
      stopTimer();
      inFlight -= 1;
      metrics.inFlight.dec();
      if (inFlight === 0 && idle) idle();
    }
  }

  return {
    sink,
    inFlight: () => inFlight,
    async drain(timeoutMs) {
      accepting = false;
      if (inFlight === 0) return { abandoned: 0 };
      log.info({ inFlight, timeoutMs }, 'waiting for turns in flight');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => {
          idle = resolve;
        }),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, timeoutMs);
        }),
      ]);
      clearTimeout(timer);
      idle = null;
      return { abandoned: inFlight };
    },
  };
}

function platformOf(event: InboundEvent): string {
  if (event.type === 'turn') return event.address.platform;
  const prefix = event.scope.split(':')[0] ?? 'unknown';
  return prefix.startsWith('discord') ? 'discord' : prefix;
}
