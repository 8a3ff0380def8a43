import { schedule as cronSchedule, validate as cronValidate, type ScheduledTask } from 'node-cron';
import { z } from 'zod';
import { conversationAddressSchema } from '../core/address.ts';
import { CheckinError, ErrorCode } from '../core/errors.ts';
import type { Json } from '../core/json.ts';
import { type Clock, type DeliveryResult, type Logger, systemClock } from '../core/ports.ts';
import { reminderRuleSchema } from '../core/state.ts';
import type { Claim, DueIndex, JobKind, Settlement, StepResult } from './due-index.ts';
import { JOB_KINDS, memberOf } from './due-index.ts';
import { localDayOf } from './next-fire.ts';
import { NextFireCache } from './next-fire-cache.ts';
import {
  type Deliver,
  noopSchedulerMetrics,
  type ScheduleCipher,
  type SchedulerMetrics,
  type SchedulerOptions,
  type ScheduleSpec,
  type SkipReason,
  type TickReport,
} from './ports.ts';
import { canonicalTimeZone } from './zone.ts';

export * from './ports.ts';

/**
 * The stored schedule. Written only by `schedule()` after full validation and read back through
 * AES-GCM, which proves it unchanged; so on the hot read path the adapter's opaque `ref` is not
 * walked again (z.json() costs more than the decryption).
 */
const storedSchema = z.object({
  v: z.literal(1),
  rule: reminderRuleSchema,
  timeZone: z.string(),
  address: conversationAddressSchema.extend({ ref: z.custom<Json>((value) => value !== undefined) }),
  lastCheckinLocalDay: z.string().optional(),
});
type Stored = z.infer<typeof storedSchema>;

const MAX_BACKOFF_MS = 15 * 60_000;
const UNREADABLE_RETRY_MS = 60 * 60_000;

/**
 * Reminders for everyone from one shared due index. The cron tick only asks "what is due now?";
 * all state lives in the index, so any number of processes can run this side by side.
 */
export class Scheduler {
  private readonly index: DueIndex;
  private readonly cipher: ScheduleCipher;
  private readonly deliver: Deliver;
  private readonly clock: Clock;
  private readonly logger: Logger | undefined;
  private readonly metrics: SchedulerMetrics;
  private readonly graceMs: number;
  private readonly leaseMs: number;
  private readonly batch: number;
  private readonly concurrency: number;
  private readonly parallel: number;
  private readonly tickExpression: string;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly nextFires = new NextFireCache();
  private task: ScheduledTask | undefined;
  private running: Promise<TickReport> | undefined;

  constructor(options: SchedulerOptions) {
    this.index = options.index;
    this.cipher = options.cipher;
    this.deliver = options.deliver;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger?.child({ component: 'scheduler' });
    this.metrics = options.metrics ?? noopSchedulerMetrics;
    this.graceMs = options.graceMs ?? 120 * 60_000;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.batch = options.batch ?? 500;
    this.concurrency = options.concurrency ?? 100;
    this.parallel = options.parallel ?? 4;
    this.tickExpression = options.tick ?? '*/15 * * * * *';
    this.maxAttempts = options.maxAttempts ?? 5;
    this.backoffMs = options.backoffMs ?? 30_000;
    if (!cronValidate(this.tickExpression)) {
      throw new CheckinError(
        ErrorCode.InvalidConfig,
        `CHECKIN_REMINDER_TICK "${this.tickExpression}" is not a valid node-cron expression, e.g. */15 * * * * *.`,
      );
    }
  }

  /**
   * Sets (or replaces) a schedule and returns its next due time, or null when the rule is off
   * (the schedule is then removed). Throws CheckinError(usage) on an unknown zone or a bad rule.
   */
  async schedule(spec: ScheduleSpec): Promise<number | null> {
    const kind = spec.kind ?? 'checkin';
    const rule = reminderRuleSchema.safeParse(spec.rule);
    if (!rule.success) {
      throw new CheckinError(
        ErrorCode.Usage,
        `Invalid reminder rule: ${rule.error.issues[0]?.message ?? 'bad value'}`,
      );
    }
    const stored: Stored = {
      v: 1,
      rule: rule.data,
      timeZone: canonicalTimeZone(spec.timeZone),
      address: conversationAddressSchema.parse(spec.address),
      ...(spec.lastCheckinLocalDay === undefined ? {} : { lastCheckinLocalDay: spec.lastCheckinLocalDay }),
    };
    return this.store(spec.owner, kind, stored, this.clock.now());
  }

  /** Removes a schedule (stop reminders, forget, a person who left); true if there was one. */
  unschedule(owner: string, kind: JobKind = 'checkin'): Promise<boolean> {
    return this.index.remove(owner, kind);
  }

  /**
   * Records that `owner` checked in on `localDay` (`YYYY-MM-DD` in their zone) so no reminder
   * comes that day; returns the new next due time (null if not scheduled).
   */
  async checkedIn(owner: string, localDay: string, kind: JobKind = 'checkin'): Promise<number | null> {
    const current = await this.read(owner, kind);
    if (!current) return null;
    return this.store(owner, kind, { ...current, lastCheckinLocalDay: localDay }, this.clock.now());
  }

  /** The next due time of a schedule, or null when none is set or an occurrence is in flight. */
  async nextDue(owner: string, kind: JobKind = 'checkin'): Promise<number | null> {
    return (await this.index.get(owner, kind))?.dueMs ?? null;
  }

  /** The owner's schedules, decrypted, for a data export. */
  async exportOwner(owner: string): Promise<Json> {
    const out: Record<string, Json> = {};
    for (const kind of JOB_KINDS) {
      const entry = await this.index.get(owner, kind);
      if (!entry) continue;
      const stored = this.decode(owner, kind, entry.data);
      out[kind] = {
        rule: stored.rule as unknown as Json,
        timeZone: stored.timeZone,
        address: stored.address as unknown as Json,
        nextDue: entry.dueMs === null ? null : new Date(entry.dueMs).toISOString(),
      };
    }
    return out;
  }

  /** Checks the index's layout (see DueIndex.prepare), then starts the cron tick. */
  async start(): Promise<void> {
    if (this.task) return;
    await this.index.prepare();
    if (this.task) return;
    this.task = cronSchedule(
      this.tickExpression,
      async () => {
        try {
          await this.runOnce();
        } catch (error) {
          this.logger?.error({ code: errorCode(error) }, 'reminder tick failed');
        }
      },
      { name: 'checkin-reminders', noOverlap: true },
    );
  }

  /** Stops the tick and waits for the one in progress. */
  async stop(): Promise<void> {
    await this.task?.destroy();
    this.task = undefined;
    await this.running?.catch(() => undefined);
  }

  /** Processes everything due now, batch by batch, over all shards. One at a time per process. */
  runOnce(): Promise<TickReport> {
    if (this.running) return this.running;
    this.running = this.drain().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async drain(): Promise<TickReport> {
    const report: TickReport = { claimed: 0, delivered: 0, retried: 0, removed: 0, skipped: 0 };
    // Start at a random shard so processes ticking together do not queue on the same keys, and
    // work on `parallel` shards at once so round trips overlap.
    const shards = this.index.shards;
    const first = Math.floor(Math.random() * shards);
    let next = 0;
    const lane = async () => {
      while (next < shards) {
        const shard = (first + next++) % shards;
        await this.drainShard(shard, report);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.parallel, shards) }, lane));
    return report;
  }

  /**
   * One shard, window by window: each `step` settles the window just processed and claims and
   * marks the next, so a window costs one round trip. A window is `min(batch, concurrency)`
   * claims, which bounds what a process killed mid-send leaves unsent.
   */
  private async drainShard(shard: number, report: TickReport): Promise<void> {
    const window = Math.min(this.batch, this.concurrency);
    let settlements: Settlement[] = [];
    let more = true;
    while (more) {
      const { claims, marks } = await this.index.step(
        shard,
        settlements,
        this.clock.now(),
        window,
        this.leaseMs,
      );
      report.claimed += claims.length;
      // A short window means the shard is drained for this tick; what came due meanwhile waits.
      more = claims.length === window;
      settlements = claims.length > 0 ? await this.processWindow(claims, marks, report) : [];
    }
    if (settlements.length > 0) await this.index.step(shard, settlements, this.clock.now(), 0, this.leaseMs);
  }

  /** Decides, sends what may be sent, and returns the window's settlements (applied by the next step). */
  private async processWindow(
    claims: Claim[],
    marks: StepResult['marks'],
    report: TickReport,
  ): Promise<Settlement[]> {
    const now = this.clock.now();
    const settlements: Settlement[] = [];
    const sends: Promise<Settlement>[] = [];
    for (let i = 0; i < claims.length; i++) {
      const claim = claims[i] as Claim;
      if (claim.data === null) {
        settlements.push({ claim, outcome: 'remove' }); // removed while being claimed
        report.removed++;
        continue;
      }
      const stored = this.tryDecode(claim);
      if (!stored) {
        // Keep it (a missing old key can be added back) and look again in an hour.
        this.metrics.skipped(claim.kind, 'unreadable');
        settlements.push({ claim, outcome: 'retry', retryAtMs: now + UNREADABLE_RETRY_MS });
        report.skipped++;
        continue;
      }
      const skip = this.skipReason(claim, stored, now);
      if (skip) {
        this.metrics.skipped(claim.kind, skip);
        // A stale occurrence jumps to the first one still inside the grace window, if any.
        const from = skip === 'stale' ? now - this.graceMs : Math.max(claim.occurrenceMs, now);
        settlements.push({ claim, outcome: 'next', dueMs: this.next(from, stored) });
        report.skipped++;
        continue;
      }
      if (marks[i] === 'already_sent') {
        // A process that died after taking this marker may have sent it: never send it again.
        this.metrics.skipped(claim.kind, 'already_sent');
        settlements.push({
          claim,
          outcome: 'next',
          dueMs: this.next(Math.max(claim.occurrenceMs, now), stored),
        });
        report.skipped++;
        continue;
      }
      sends.push(this.send(claim, stored, report));
    }
    if (sends.length > 0) for (const s of await Promise.all(sends)) settlements.push(s);
    return settlements;
  }

  private skipReason(claim: Claim, stored: Stored, now: number): SkipReason | null {
    // A late reminder is pointless, but a late deletion must still happen.
    if (now - claim.occurrenceMs > this.graceMs && claim.kind !== 'purge') return 'stale';
    if (claim.attempt >= this.maxAttempts) return 'gave_up';
    const day = stored.lastCheckinLocalDay;
    if (
      claim.kind === 'checkin' &&
      day !== undefined &&
      localDayOf(claim.occurrenceMs, stored.timeZone) === day
    ) {
      return 'checked_in';
    }
    return null;
  }

  private async send(claim: Claim, stored: Stored, report: TickReport): Promise<Settlement> {
    let result: DeliveryResult;
    try {
      result = await this.deliver({
        owner: claim.owner,
        kind: claim.kind,
        address: stored.address,
        occurrenceMs: claim.occurrenceMs,
      });
    } catch (error) {
      result = { status: 'failed', reason: errorCode(error) };
    }
    const now = this.clock.now();
    this.metrics.delivery(claim.kind, result.status);
    switch (result.status) {
      case 'delivered':
        this.metrics.lag(claim.kind, Math.max(0, now - claim.occurrenceMs) / 1000);
        report.delivered++;
        return { claim, outcome: 'next', dueMs: this.next(Math.max(claim.occurrenceMs, now), stored) };
      case 'gone':
        this.logger?.info(
          { kind: claim.kind, owner: claim.owner, reason: result.reason },
          'reminder owner gone: unscheduled',
        );
        report.removed++;
        return { claim, outcome: 'remove' };
      case 'rate_limited':
      case 'failed': {
        const delay =
          result.status === 'rate_limited'
            ? Math.max(1000, result.retryAfterMs)
            : Math.min(MAX_BACKOFF_MS, this.backoffMs * 2 ** claim.attempt);
        const retryAtMs = now + delay + Math.floor(Math.random() * 1000);
        if (claim.attempt + 1 >= this.maxAttempts || retryAtMs - claim.occurrenceMs > this.graceMs) {
          this.metrics.skipped(claim.kind, 'gave_up');
          this.logger?.warn(
            { kind: claim.kind, owner: claim.owner, attempts: claim.attempt + 1 },
            'reminder given up',
          );
          report.skipped++;
          return { claim, outcome: 'next', dueMs: this.next(Math.max(claim.occurrenceMs, now), stored) };
        }
        report.retried++;
        return { claim, outcome: 'retry', retryAtMs };
      }
    }
  }

  private next(from: number, stored: Stored): number | null {
    return this.nextFires.next(from, stored);
  }

  private async store(owner: string, kind: JobKind, stored: Stored, now: number): Promise<number | null> {
    const dueMs = this.next(now, stored);
    if (dueMs === null) {
      await this.index.remove(owner, kind);
      return null;
    }
    const data = this.cipher.encrypt(JSON.stringify(stored), aadOf(owner, kind));
    await this.index.put({ owner, kind, dueMs, data });
    return dueMs;
  }

  private async read(owner: string, kind: JobKind): Promise<Stored | null> {
    const entry = await this.index.get(owner, kind);
    return entry ? this.decode(owner, kind, entry.data) : null;
  }

  private decode(owner: string, kind: JobKind, data: string): Stored {
    const json: unknown = JSON.parse(this.cipher.decrypt(data, aadOf(owner, kind)));
    const fast = readableStored(json);
    if (fast) return fast;
    const parsed = storedSchema.safeParse(json);
    if (!parsed.success) {
      throw new CheckinError(
        ErrorCode.StoreCorrupt,
        `The stored schedule of a ${kind} reminder is not in the expected form.`,
      );
    }
    return parsed.data;
  }

  private tryDecode(claim: Claim): Stored | null {
    try {
      return this.decode(claim.owner, claim.kind, claim.data as string);
    } catch (error) {
      this.logger?.error(
        { kind: claim.kind, owner: claim.owner, code: errorCode(error) },
        'unreadable schedule kept, retried in an hour',
      );
      return null;
    }
  }
}

/**
 * The hot path's check of a decrypted schedule: the shape the scheduler reads, nothing more.
 * Enough because AES-GCM (with the member as AAD) proves the bytes were sealed by `store()`
 * after `storedSchema` accepted them; the full schema costs more than the decryption itself and
 * still runs when this check fails, to report what is wrong.
 */
function readableStored(value: unknown): Stored | null {
  if (typeof value !== 'object' || value === null) return null;
  const { v, rule, timeZone, address, lastCheckinLocalDay } = value as Record<string, unknown>;
  if (v !== 1 || typeof timeZone !== 'string') return null;
  if (lastCheckinLocalDay !== undefined && typeof lastCheckinLocalDay !== 'string') return null;
  if (typeof rule !== 'object' || rule === null || typeof address !== 'object' || address === null)
    return null;
  const r = rule as Record<string, unknown>;
  if (typeof r.time !== 'string' || !Array.isArray(r.days) || typeof r.enabled !== 'boolean') return null;
  const a = address as Record<string, unknown>;
  if (typeof a.platform !== 'string' || typeof a.id !== 'string' || typeof a.scope !== 'string') return null;
  return a.ref === undefined ? null : (value as Stored);
}

/** Binds a sealed schedule to its owner and kind, so it cannot be moved to another. */
function aadOf(owner: string, kind: JobKind): string {
  return `${memberOf(owner, kind)}|schedule`;
}

function errorCode(error: unknown): string {
  if (error instanceof CheckinError) return error.code;
  if (error instanceof Error) return error.name;
  return 'unknown';
}
