import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics of one process, served on `/metrics`. Labels are bounded enums (platform,
 * outcome, status, level): counts and durations only, never ids or anything a person wrote.
 *
 * One `Metrics` is created by the composition root and passed to whoever records: the turn gate
 * (turns, errors, latency), the scheduler (reminder lag, deliveries), the bot's safety path (crisis
 * counts). Each call creates its own registry, so tests and benchmarks can make as many as they like.
 */
export interface Metrics {
  readonly registry: Registry;
  /** Turns handled, by platform and outcome (`ok`, `error`, `refused` while shutting down). */
  readonly turns: Counter<'platform' | 'outcome'>;
  /** Turns that failed, by platform and error code (a CheckinError code, or `unexpected`). */
  readonly errors: Counter<'platform' | 'code'>;
  /** Time from receiving a turn to its reply being ready, in seconds. */
  readonly turnSeconds: Histogram<'platform'>;
  /** Turns being handled right now. */
  readonly inFlight: Gauge;
  /** How late a scheduled message (reminder, follow-up) went out after its due time, in seconds. */
  readonly reminderLagSeconds: Histogram<'kind'>;
  /** Proactive sends, by job kind and DeliveryResult status (`delivered`, `rate_limited`, `gone`, `failed`). */
  readonly deliveries: Counter<'kind' | 'status'>;
  /** Scheduled messages dropped without sending, by job kind and reason (`stale`, `checked_in`, …). */
  readonly deliveriesSkipped: Counter<'kind' | 'reason'>;
  /** Turns as the bot core saw them, by input kind and outcome (`ok`, `duplicate`, `degraded`, `error`). */
  readonly botTurns: Counter<'kind' | 'outcome'>;
  /** Times the safety path ran, by level (`concern`, `crisis`) and category. Counts only. */
  readonly safetyPaths: Counter<'level' | 'category'>;
  /** The text exposition of every metric, for `/metrics`. */
  render(): Promise<string>;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'checkin_' });
  const registers = [registry];
  return {
    registry,
    turns: new Counter({
      name: 'checkin_turns_total',
      help: 'Turns handled, by platform and outcome (ok, error, refused).',
      labelNames: ['platform', 'outcome'] as const,
      registers,
    }),
    errors: new Counter({
      name: 'checkin_turn_errors_total',
      help: 'Turns that failed, by platform and error code.',
      labelNames: ['platform', 'code'] as const,
      registers,
    }),
    turnSeconds: new Histogram({
      name: 'checkin_turn_duration_seconds',
      help: 'Time to handle one turn, in seconds.',
      labelNames: ['platform'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    inFlight: new Gauge({
      name: 'checkin_turns_in_flight',
      help: 'Turns being handled right now.',
      registers,
    }),
    reminderLagSeconds: new Histogram({
      name: 'checkin_reminder_lag_seconds',
      help: 'How late scheduled messages were sent after their due time, in seconds.',
      labelNames: ['kind'] as const,
      buckets: [0.5, 1, 5, 15, 30, 60, 120, 300, 900, 3600],
      registers,
    }),
    deliveries: new Counter({
      name: 'checkin_deliveries_total',
      help: 'Proactive messages, by job kind and delivery status.',
      labelNames: ['kind', 'status'] as const,
      registers,
    }),
    deliveriesSkipped: new Counter({
      name: 'checkin_deliveries_skipped_total',
      help: 'Scheduled messages dropped without sending, by job kind and reason.',
      labelNames: ['kind', 'reason'] as const,
      registers,
    }),
    botTurns: new Counter({
      name: 'checkin_bot_turns_total',
      help: 'Turns as the bot core saw them, by input kind and outcome (ok, duplicate, degraded, error).',
      labelNames: ['kind', 'outcome'] as const,
      registers,
    }),
    safetyPaths: new Counter({
      name: 'checkin_safety_paths_total',
      help: 'Times the safety path ran, by level and category. Counts only, never content.',
      labelNames: ['level', 'category'] as const,
      registers,
    }),
    render: () => registry.metrics(),
  };
}

/**
 * The bot core's metric hooks (`BotDeps.metrics` in src/bot/bot.ts), recorded here. Typed by shape
 * so the ops layer does not depend on the bot.
 */
export function botMetricHooks(metrics: Metrics): {
  turn(kind: string, outcome: string, seconds: number): void;
  safety(level: string, category: string): void;
} {
  return {
    turn: (kind, outcome) => metrics.botTurns.inc({ kind, outcome }),
    safety: (level, category) => metrics.safetyPaths.inc({ level, category }),
  };
}

/** The scheduler's metric hooks (`SchedulerMetrics` in src/scheduler/scheduler.ts), recorded here. */
export function schedulerMetricHooks(metrics: Metrics): {
  lag(kind: string, seconds: number): void;
  delivery(kind: string, status: string): void;
  skipped(kind: string, reason: string): void;
} {
  return {
    lag: (kind, seconds) => metrics.reminderLagSeconds.observe({ kind }, seconds),
    delivery: (kind, status) => metrics.deliveries.inc({ kind, status }),
    skipped: (kind, reason) => metrics.deliveriesSkipped.inc({ kind, reason }),
  };
}
