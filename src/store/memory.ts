import type { Json } from '../core/json.ts';
import type { Clock, ForgetReport, StateStore, UserChange, UserSnapshot } from '../core/ports.ts';
import { systemClock } from '../core/ports.ts';
import { type ConversationState, emptyProfile, type HistoryEntry, type Profile } from '../core/state.ts';
import type { UserKey } from '../core/user-key.ts';

/**
 * The embedded default: state in this process's memory, lost on exit. Same contract as the
 * Redis store (test/store runs one suite against both). Nothing leaves the process, so nothing is
 * encrypted. Callers treat snapshots as immutable, so values are kept without copying.
 */
export interface MemoryStoreOptions {
  /** Idle conversations expire after this long, in milliseconds (default 24 h). */
  conversationTtlMs?: number;
  /** History entries older than this are dropped, in milliseconds (default 365 days). */
  retentionMs?: number;
  clock?: Clock;
}

interface UserRecord {
  version: number;
  conversation: ConversationState | null;
  conversationExpiresAt: number;
  profile: Profile;
  records: Record<string, Json>;
  history: HistoryEntry[];
}

const DAY = 86_400_000;
const TRUE = Promise.resolve(true);
const FALSE = Promise.resolve(false);

/**
 * `history` (oldest first) with `added` appended, without entries older than `cutoff`, still
 * oldest first. Unchanged history is returned as it is, so a write that adds nothing copies nothing.
 */
function keptHistory(
  history: HistoryEntry[],
  added: HistoryEntry[] | undefined,
  cutoff: number,
): HistoryEntry[] {
  const allFresh = history.length === 0 || history[0]!.at >= cutoff;
  if (!added?.length && allFresh) return history;
  const kept = allFresh ? history.slice() : history.filter((e) => e.at >= cutoff);
  let ordered = true;
  for (const entry of added ?? []) {
    if (entry.at < cutoff) continue;
    if (kept.length && kept[kept.length - 1]!.at > entry.at) ordered = false;
    kept.push(entry);
  }
  // Entries normally arrive in time order; a stable sort puts a late one in place when not.
  return ordered ? kept : kept.sort((a, b) => a.at - b.at);
}

export class MemoryStore implements StateStore {
  private readonly users = new Map<string, UserRecord>();
  private readonly seen = new Map<string, number>();
  private readonly scopes = new Map<string, Set<UserKey>>();
  private readonly conversationTtlMs: number;
  private readonly retentionMs: number;
  private readonly clock: Clock;
  private seenSweepAt = 0;
  /**
   * Event expiry times are kept relative to this instant: small integers, which the map holds
   * unboxed (absolute milliseconds would each be a heap number, one per event remembered).
   */
  private readonly seenEpoch: number;

  constructor(options: MemoryStoreOptions = {}) {
    this.conversationTtlMs = options.conversationTtlMs ?? DAY;
    this.retentionMs = options.retentionMs ?? 365 * DAY;
    this.clock = options.clock ?? systemClock;
    this.seenEpoch = this.clock.now();
  }

  // markSeen, load and commit run on every turn. They are not `async`: each returns a settled
  // promise (a shared one where the answer is a boolean), which costs far less than an async frame.

  markSeen(eventId: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now() - this.seenEpoch;
    this.sweepSeen(now);
    const until = this.seen.get(eventId);
    if (until !== undefined && until > now) return FALSE;
    this.seen.set(eventId, now + ttlMs);
    return TRUE;
  }

  load(user: UserKey): Promise<UserSnapshot> {
    return Promise.resolve(this.snapshot(user));
  }

  private snapshot(user: UserKey): UserSnapshot {
    const record = this.users.get(user);
    if (!record) return { version: 0, conversation: null, profile: emptyProfile(), records: {} };
    const live = record.conversation && record.conversationExpiresAt > this.clock.now();
    return {
      version: record.version,
      conversation: live ? record.conversation : null,
      profile: record.profile,
      records: record.records,
    };
  }

  commit(user: UserKey, expectedVersion: number, change: UserChange): Promise<boolean> {
    return this.apply(user, expectedVersion, change) ? TRUE : FALSE;
  }

  private apply(user: UserKey, expectedVersion: number, change: UserChange): boolean {
    const current = this.users.get(user);
    if ((current?.version ?? 0) !== expectedVersion) return false;
    const now = this.clock.now();
    const next: UserRecord = current
      ? {
          version: current.version,
          conversation: current.conversation,
          conversationExpiresAt: current.conversationExpiresAt,
          profile: current.profile,
          records: current.records,
          history: current.history,
        }
      : {
          version: 0,
          conversation: null,
          conversationExpiresAt: 0,
          profile: change.profile ?? emptyProfile(),
          records: {},
          history: [],
        };
    next.version = expectedVersion + 1;
    if (change.conversation !== undefined) {
      next.conversation = change.conversation;
      next.conversationExpiresAt = now + this.conversationTtlMs;
    }
    if (change.profile) next.profile = change.profile;
    if (change.records) {
      const records = { ...next.records };
      for (const [name, value] of Object.entries(change.records)) {
        if (value === null) delete records[name];
        else records[name] = value;
      }
      next.records = records;
    }
    // Retention is enforced on every write, never by a separate job.
    next.history = keptHistory(next.history, change.history, now - this.retentionMs);
    this.users.set(user, next);
    return true;
  }

  async history(user: UserKey, fromMs: number, toMs = Number.POSITIVE_INFINITY): Promise<HistoryEntry[]> {
    const cutoff = this.clock.now() - this.retentionMs;
    return (this.users.get(user)?.history ?? []).filter(
      (e) => e.at >= Math.max(fromMs, cutoff) && e.at < toMs,
    );
  }

  async exportUser(user: UserKey): Promise<Json> {
    const snapshot = this.snapshot(user);
    const history = await this.history(user, 0);
    return {
      user,
      profile: snapshot.profile as unknown as Json,
      conversation: snapshot.conversation as unknown as Json,
      records: snapshot.records,
      history: history as unknown as Json,
    };
  }

  async forgetUser(user: UserKey): Promise<ForgetReport> {
    const record = this.users.get(user);
    this.users.delete(user);
    for (const members of this.scopes.values()) members.delete(user);
    if (!record) return { deleted: {} };
    return {
      deleted: {
        profile: 1,
        conversation: record.conversation ? 1 : 0,
        records: Object.keys(record.records).length,
        history: record.history.length,
      },
    };
  }

  async indexUser(scope: string, user: UserKey): Promise<void> {
    const members = this.scopes.get(scope) ?? new Set<UserKey>();
    members.add(user);
    this.scopes.set(scope, members);
  }

  async usersIn(scope: string): Promise<UserKey[]> {
    return [...(this.scopes.get(scope) ?? [])];
  }

  async dropScope(scope: string): Promise<void> {
    this.scopes.delete(scope);
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}

  /** Event ids expire; sweeping at most once a minute keeps the map bounded without a timer. */
  private sweepSeen(now: number): void {
    if (now < this.seenSweepAt) return;
    this.seenSweepAt = now + 60_000;
    for (const [id, until] of this.seen) if (until <= now) this.seen.delete(id);
  }
}
