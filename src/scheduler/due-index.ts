/**
 * The due index: every schedule's next due time, shared by all bot processes. Implementations:
 * Redis (sorted sets, one per shard; `redis-due-index.ts`) and memory (the embedded default;
 * `memory-due-index.ts`). Both pass the same contract test.
 *
 * Life of one occurrence: `claim` moves it from "due" to "leased" (with an expiry); `acquire` takes
 * the occurrence marker right before sending (at most one sender ever gets it); `settle` moves it
 * back to "due" at the next occurrence (or at a retry time) and drops marker and lease together.
 * A process that dies leaves its lease to expire; the next `claim` picks the entry up again, and
 * the marker tells whether a send had already started.
 *
 * The scheduler's hot path uses `step`, which does all three in one atomic call per window:
 * settle the previous window, claim the next and take its markers at once.
 */

/**
 * What a schedule is for: a person's check-in reminder, a channel's team pulse, or a one-shot
 * `purge` of an uninstalled installation's (or a departed person's) data after the grace period.
 */
export const JOB_KINDS = ['checkin', 'pulse', 'purge'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/** One schedule as written by `put`. */
export interface DueEntry {
  /** A user key (`slack:T1:U1`) or a channel address id. */
  owner: string;
  kind: JobKind;
  /** Next due time, ms since epoch. */
  dueMs: number;
  /** The schedule itself (rule, time zone, address), already encrypted by the caller. */
  data: string;
}

/** An occurrence this process holds under a lease. */
export interface Claim {
  owner: string;
  kind: JobKind;
  /** The index's own name of the schedule (`<kind>|<owner>`). */
  member: string;
  shard: number;
  /** The occurrence's original due time; a retry or a reclaim keeps it. */
  occurrenceMs: number;
  /** Delivery attempts already made for this occurrence. */
  attempt: number;
  /** The stored (encrypted) schedule; null when it vanished meanwhile. */
  data: string | null;
  /** The lease this claim holds (its expiry, with a random fraction that makes it unique). */
  lease: number;
}

/** What became of a claimed occurrence. Applied only while the claim still holds its lease. */
export type Settlement =
  /** Done (sent, skipped or already sent by another): due again at `dueMs`, or removed if null. */
  | { claim: Claim; outcome: 'next'; dueMs: number | null }
  /** Not delivered yet: try the same occurrence again at `retryAtMs`. */
  | { claim: Claim; outcome: 'retry'; retryAtMs: number }
  /** The owner cannot be reached any more: delete the schedule. */
  | { claim: Claim; outcome: 'remove' };

/** Result of `acquire` for one claim. */
export type Acquired = 'acquired' | 'already_sent' | 'lease_lost';

/** Result of `step`: how many settlements applied, and the new window with each claim's marker. */
export interface StepResult {
  /** Settlements whose lease still held (as `settle` resolves). */
  settled: number;
  claims: Claim[];
  /** Per claim: `acquired` (this holder took the marker) or `already_sent` (never send it). */
  marks: ('acquired' | 'already_sent')[];
}

/** The shared schedule of due times. */
export interface DueIndex {
  /** Number of shards; `claim` is asked per shard. */
  readonly shards: number;
  /** Writes or replaces a schedule and its due time; an occurrence in flight is superseded. */
  put(entry: DueEntry): Promise<void>;
  /** The stored schedule and its due time (null while an occurrence is leased), or null if none. */
  get(owner: string, kind: JobKind): Promise<{ dueMs: number | null; data: string } | null>;
  /** Deletes a schedule; resolves true if there was one. */
  remove(owner: string, kind: JobKind): Promise<boolean>;
  /**
   * Atomically takes up to `limit` occurrences of `shard` that are due (`dueMs <= nowMs`) or
   * whose lease has expired, and leases them until `nowMs + leaseMs`.
   */
  claim(shard: number, nowMs: number, limit: number, leaseMs: number): Promise<Claim[]>;
  /**
   * Takes each claim's occurrence marker if the claim still holds its lease. The marker lasts
   * at least `ttlMs` (the Redis index keeps it until the holder's settle or a removal).
   * `already_sent`: another holder started sending this occurrence (never send it again).
   */
  acquire(claims: readonly Claim[], ttlMs: number): Promise<Acquired[]>;
  /** Applies settlements atomically per shard; resolves how many still held their lease. */
  settle(settlements: readonly Settlement[]): Promise<number>;
  /**
   * One atomic call per window of the hot path: `settle(settlements)` (all of `shard`), then
   * `claim(shard, nowMs, limit, leaseMs)` and `acquire` of every claim, as if called in turn with
   * nothing in between. A claim whose marker is taken here must be settled (which releases it)
   * even if it is not sent; so `limit` bounds what a killed process can leave unsent.
   * `limit` 0 only settles.
   */
  step(
    shard: number,
    settlements: readonly Settlement[],
    nowMs: number,
    limit: number,
    leaseMs: number,
  ): Promise<StepResult>;
  /** Schedules in the index (due or leased), for metrics and tests. */
  size(): Promise<number>;
  /**
   * Checks, before the first tick, that the stored index matches this configuration; throws
   * CheckinError(invalid_config) otherwise (e.g. a changed shard count would orphan schedules).
   */
  prepare(): Promise<void>;
}

const KIND_SEPARATOR = '|';

/** The member name of a schedule: short, and reversible without a lookup. */
export function memberOf(owner: string, kind: JobKind): string {
  return `${kind}${KIND_SEPARATOR}${owner}`;
}

/** Splits a member name back into kind and owner. */
export function parseMember(member: string): { kind: JobKind; owner: string } {
  const i = member.indexOf(KIND_SEPARATOR);
  const kind = member.slice(0, i) as JobKind;
  return { kind, owner: member.slice(i + 1) };
}

/**
 * The shard of an owner: FNV-1a of the owner string. Depends only on the owner, so a person's
 * schedules share a shard and every process agrees without coordination.
 */
export function shardOf(owner: string, shards: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < owner.length; i++) {
    h ^= owner.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % shards;
}

/** A lease expiry made unique per claim call with a random sub-millisecond fraction. */
export function leaseToken(nowMs: number, leaseMs: number): number {
  // Doubles near 2e12 resolve 1/2048 ms; stay on that grid so the value survives Redis unchanged.
  return nowMs + leaseMs + (1 + Math.floor(Math.random() * 2046)) / 2048;
}
