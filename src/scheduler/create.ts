import type { Cluster, Redis } from 'ioredis';
import type { Config } from '../config/schema.ts';
import type { Clock, Logger } from '../core/ports.ts';
import type { KeyBuilder } from '../store/keys.ts';
import { MemoryDueIndex } from './memory-due-index.ts';
import { RedisDueIndex } from './redis-due-index.ts';
import {
  type Deliver,
  plainCipher,
  type ScheduleCipher,
  Scheduler,
  type SchedulerMetrics,
} from './scheduler.ts';

/** What main.ts hands over; `redis` absent means the embedded in-memory default. */
export interface CreateSchedulerOptions {
  config: Pick<
    Config,
    | 'CHECKIN_REMINDER_SHARDS'
    | 'CHECKIN_REMINDER_GRACE_MINUTES'
    | 'CHECKIN_REMINDER_LEASE_SECONDS'
    | 'CHECKIN_REMINDER_BATCH'
    | 'CHECKIN_REMINDER_TICK'
  >;
  deliver: Deliver;
  /** The store's client, keys and cipher; all three together, or none for memory. */
  redis?: { client: Redis | Cluster; keys: KeyBuilder; cipher: ScheduleCipher } | undefined;
  logger?: Logger | undefined;
  metrics?: SchedulerMetrics | undefined;
  clock?: Clock | undefined;
}

/** Builds the scheduler from the config: Redis due index when the store has Redis, else memory. */
export function createScheduler(options: CreateSchedulerOptions): Scheduler {
  const { config, redis } = options;
  const index = redis
    ? new RedisDueIndex({ client: redis.client, keys: redis.keys, shards: config.CHECKIN_REMINDER_SHARDS })
    : new MemoryDueIndex();
  return new Scheduler({
    index,
    cipher: redis?.cipher ?? plainCipher,
    deliver: options.deliver,
    graceMs: config.CHECKIN_REMINDER_GRACE_MINUTES * 60_000,
    leaseMs: config.CHECKIN_REMINDER_LEASE_SECONDS * 1000,
    batch: config.CHECKIN_REMINDER_BATCH,
    tick: config.CHECKIN_REMINDER_TICK,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
}
