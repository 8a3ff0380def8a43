import type { Logger } from '../core/ports.ts';
import type { Health } from './health.ts';
import type { TurnGate } from './turn-gate.ts';

/** How long each closer may take once the turns are done (or abandoned), in milliseconds. */
const CLOSE_TIMEOUT_MS = 1_000;

/** Something to close on the way out, in the order given (adapters, scheduler, store, server). */
export interface Closer {
  name: string;
  close(): Promise<void>;
}

export interface ShutdownDeps {
  logger: Logger;
  health: Health;
  gate: TurnGate;
  /** How long turns in flight may take to finish (CHECKIN_SHUTDOWN_TIMEOUT_MS). */
  timeoutMs: number;
  /** Closed one after another once the turns are done; a failure is logged and the rest still close. */
  closers: Closer[];
}

/**
 * Graceful shutdown: readiness drops to 503 at once (load balancers stop sending), new turns get a
 * kind "restarting" reply, turns in flight finish (up to the timeout), then everything closes and the
 * process exits 0. A second signal exits at once with 130, for an operator who really means it.
 */
export function installShutdown(deps: ShutdownDeps): { shutdown(signal: string): Promise<void> } {
  let started = false;
  async function shutdown(signal: string): Promise<void> {
    if (started) {
      deps.logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(130);
    }
    started = true;
    const began = Date.now();
    deps.health.setPhase('draining');
    deps.logger.info({ signal, inFlight: deps.gate.inFlight(), timeoutMs: deps.timeoutMs }, 'shutting down');
    const { abandoned } = await deps.gate.drain(deps.timeoutMs);
    if (abandoned > 0) deps.logger.warn({ abandoned }, 'turns still running at the shutdown timeout');
    for (const closer of deps.closers) {
      try {
        // Bounded: after the turn timeout an adapter may still be waiting for an abandoned turn.
        const done = await withinMs(closer.close(), CLOSE_TIMEOUT_MS);
        if (!done) deps.logger.warn({ closer: closer.name, ms: CLOSE_TIMEOUT_MS }, 'close timed out');
      } catch (error) {
        deps.logger.error({ closer: closer.name, error: (error as Error)?.name }, 'close failed');
      }
    }
    deps.health.setPhase('stopped');
    deps.logger.info({ ms: Date.now() - began, abandoned }, 'stopped');
    // Give pino's asynchronous destination a moment to flush the last lines.
    setTimeout(() => process.exit(0), 50).unref();
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void shutdown(signal));
  return { shutdown };
}

/** True when `work` settled within `ms`; false (leaving it running) otherwise. */
async function withinMs(work: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
