import type { ConversationAddress } from '../core/address.ts';
import type { Clock, DeliveryResult, Logger } from '../core/ports.ts';
import type { ReminderRule } from '../core/state.ts';
import type { DueIndex, JobKind } from './due-index.ts';

/** The scheduler's ports and options: what main.ts and the adapters plug in. */

/** What is handed to `deliver` for one due occurrence. */
export interface DueJob {
  /** A user key, or a channel address id for team schedules. */
  owner: string;
  kind: JobKind;
  /** Where to send, as stored when the schedule was set. */
  address: ConversationAddress;
  /** The occurrence's due time (ms since epoch). */
  occurrenceMs: number;
}

/** Sends one reminder (an adapter's `sendProactive`); never throws, reports the outcome. */
export type Deliver = (job: DueJob) => Promise<DeliveryResult>;

/**
 * Encryption of stored schedules (addresses are personal data). `src/store/crypto.ts`'s `Cipher`
 * fits; the memory index may use `plainCipher`, since nothing is at rest there.
 */
export interface ScheduleCipher {
  encrypt(plain: string, aad: string): string;
  decrypt(sealed: string, aad: string): string;
}

/** Identity "cipher" for the embedded memory index only: nothing leaves the process. */
export const plainCipher: ScheduleCipher = { encrypt: (plain) => plain, decrypt: (sealed) => sealed };

/** Why an occurrence was not sent. */
export type SkipReason = 'stale' | 'already_sent' | 'checked_in' | 'gave_up' | 'unreadable';

/** The scheduler's measurements; `src/ops` maps them onto prom-client. */
export interface SchedulerMetrics {
  /** Seconds from an occurrence's due time to its delivery (reminder lag). */
  lag(kind: JobKind, seconds: number): void;
  /** One delivery attempt's outcome as the adapter reported it. */
  delivery(kind: JobKind, status: DeliveryResult['status']): void;
  /** An occurrence dropped without sending, and why. */
  skipped(kind: JobKind, reason: SkipReason): void;
}

export const noopSchedulerMetrics: SchedulerMetrics = { lag() {}, delivery() {}, skipped() {} };

/** Everything the scheduler needs; main.ts builds it from the config. */
export interface SchedulerOptions {
  index: DueIndex;
  cipher: ScheduleCipher;
  deliver: Deliver;
  clock?: Clock;
  logger?: Logger;
  metrics?: SchedulerMetrics;
  /** Missed occurrences older than this are skipped, not sent (ms; default 2 h). */
  graceMs?: number;
  /** How long claimed occurrences are held before others may reclaim them (ms; default 60 s). */
  leaseMs?: number;
  /** Most occurrences claimed at once per shard (default 500); a window is min(batch, concurrency). */
  batch?: number;
  /**
   * Sends in flight at once per shard (default 100). A window of min(batch, concurrency) claims is
   * claimed and marked in one step, sent, and settled by the next step.
   */
  concurrency?: number;
  /**
   * Shards worked on at once (default 4). At most `min(batch, concurrency) × parallel` claims hold
   * markers at once, which is also the most a process killed mid-send can leave undelivered.
   */
  parallel?: number;
  /** node-cron expression of the tick (default every 15 s). */
  tick?: string;
  /** Delivery attempts per occurrence before giving up on it (default 5). */
  maxAttempts?: number;
  /** First retry delay after a failure, doubled per attempt, capped at 15 min (ms; default 30 s). */
  backoffMs?: number;
}

/** A schedule as callers set it. */
export interface ScheduleSpec {
  owner: string;
  /** Default `checkin`. */
  kind?: JobKind;
  rule: ReminderRule;
  /** IANA time zone the rule's times are in. */
  timeZone: string;
  address: ConversationAddress;
  /** `YYYY-MM-DD`: no reminder on this local day (the owner already checked in). */
  lastCheckinLocalDay?: string;
}

/** Counts of one tick, for tests and logs. */
export interface TickReport {
  claimed: number;
  delivered: number;
  retried: number;
  removed: number;
  skipped: number;
}
