import {
  type Acquired,
  type Claim,
  type DueEntry,
  type DueIndex,
  type JobKind,
  leaseToken,
  memberOf,
  parseMember,
  type Settlement,
  type StepResult,
} from './due-index.ts';

/**
 * The due index in process memory, for the embedded default without Redis (one process, so one
 * shard). Same semantics as the Redis index, down to leases and occurrence markers, so the
 * scheduler behaves the same in both; the contract test runs against each.
 */
export class MemoryDueIndex implements DueIndex {
  readonly shards = 1;
  private readonly due = new Map<string, number>();
  private readonly heap = new MinHeap();
  private readonly lease = new Map<string, number>();
  private readonly inflight = new Map<string, string>();
  private readonly sched = new Map<string, string>();
  /** member → occurrence whose sending started; cleared by the holder's settle or a removal. */
  private readonly markers = new Map<string, number>();

  async put(entry: DueEntry): Promise<void> {
    const member = memberOf(entry.owner, entry.kind);
    this.lease.delete(member);
    this.inflight.delete(member);
    this.setDue(member, entry.dueMs);
    this.sched.set(member, entry.data);
  }

  async get(owner: string, kind: JobKind): Promise<{ dueMs: number | null; data: string } | null> {
    const member = memberOf(owner, kind);
    const data = this.sched.get(member);
    if (data === undefined) return null;
    return { dueMs: this.due.get(member) ?? null, data };
  }

  async remove(owner: string, kind: JobKind): Promise<boolean> {
    const member = memberOf(owner, kind);
    const existed = this.due.delete(member) || this.lease.delete(member) || this.sched.has(member);
    this.lease.delete(member);
    this.inflight.delete(member);
    this.markers.delete(member);
    this.sched.delete(member);
    return existed;
  }

  async claim(shard: number, nowMs: number, limit: number, leaseMs: number): Promise<Claim[]> {
    return this.claimNow(shard, nowMs, limit, leaseMs);
  }

  private claimNow(shard: number, nowMs: number, limit: number, leaseMs: number): Claim[] {
    if (shard !== 0) return [];
    const token = leaseToken(nowMs, leaseMs);
    const members: string[] = [];
    for (const [member, until] of this.lease) {
      if (members.length >= limit) break;
      if (until <= nowMs) members.push(member);
    }
    while (members.length < limit) {
      const top = this.heap.peek();
      if (!top || top.score > nowMs) break;
      this.heap.pop();
      // Entries superseded by a later put or a removal are skipped here (lazy deletion).
      if (this.due.get(top.member) !== top.score) continue;
      this.due.delete(top.member);
      if (!this.inflight.has(top.member)) this.inflight.set(top.member, `${top.score}:0`);
      members.push(top.member);
    }
    return members.map((member) => {
      this.lease.set(member, token);
      const state = this.inflight.get(member) ?? `${nowMs}:0`;
      const colon = state.indexOf(':');
      return {
        ...parseMember(member),
        member,
        shard: 0,
        occurrenceMs: Number(state.slice(0, colon)),
        attempt: Number(state.slice(colon + 1)),
        data: this.sched.get(member) ?? null,
        lease: token,
      };
    });
  }

  async acquire(claims: readonly Claim[], _ttlMs: number): Promise<Acquired[]> {
    return this.acquireNow(claims);
  }

  private acquireNow(claims: readonly Claim[]): Acquired[] {
    return claims.map((c) => {
      if (this.lease.get(c.member) !== c.lease) return 'lease_lost';
      if (this.markers.get(c.member) === c.occurrenceMs) return 'already_sent';
      this.markers.set(c.member, c.occurrenceMs);
      return 'acquired';
    });
  }

  async step(
    shard: number,
    settlements: readonly Settlement[],
    nowMs: number,
    limit: number,
    leaseMs: number,
  ): Promise<StepResult> {
    // No await in between: the three in turn are as atomic as the Redis script.
    const settled = this.settleNow(settlements);
    const claims = limit > 0 ? this.claimNow(shard, nowMs, limit, leaseMs) : [];
    const acquired = this.acquireNow(claims);
    return {
      settled,
      claims,
      marks: acquired.map((a) => (a === 'acquired' ? 'acquired' : 'already_sent')),
    };
  }

  async settle(settlements: readonly Settlement[]): Promise<number> {
    return this.settleNow(settlements);
  }

  private settleNow(settlements: readonly Settlement[]): number {
    let applied = 0;
    for (const s of settlements) {
      const c = s.claim;
      if (this.lease.get(c.member) !== c.lease) continue;
      applied++;
      this.lease.delete(c.member);
      this.markers.delete(c.member);
      if (s.outcome === 'retry') {
        this.inflight.set(c.member, `${c.occurrenceMs}:${c.attempt + 1}`);
        this.setDue(c.member, s.retryAtMs);
      } else {
        this.inflight.delete(c.member);
        if (s.outcome === 'next' && s.dueMs !== null) this.setDue(c.member, s.dueMs);
        else this.sched.delete(c.member);
      }
    }
    return applied;
  }

  async prepare(): Promise<void> {
    // Nothing outlives the process, so any configuration fits.
  }

  async size(): Promise<number> {
    return this.due.size + this.lease.size;
  }

  private setDue(member: string, dueMs: number): void {
    this.due.set(member, dueMs);
    this.heap.push(dueMs, member);
  }
}

/** A binary min-heap of (score, member); stale entries are dropped when popped. */
class MinHeap {
  private readonly scores: number[] = [];
  private readonly members: string[] = [];

  peek(): { score: number; member: string } | undefined {
    const score = this.scores[0];
    return score === undefined ? undefined : { score, member: this.members[0] as string };
  }

  push(score: number, member: string): void {
    let i = this.scores.length;
    this.scores.push(score);
    this.members.push(member);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((this.scores[parent] as number) <= score) break;
      this.move(parent, i);
      i = parent;
    }
    this.scores[i] = score;
    this.members[i] = member;
  }

  pop(): void {
    const lastScore = this.scores.pop();
    const lastMember = this.members.pop();
    if (lastScore === undefined || lastMember === undefined || this.scores.length === 0) return;
    let i = 0;
    const n = this.scores.length;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && (this.scores[child + 1] as number) < (this.scores[child] as number)) child++;
      if ((this.scores[child] as number) >= lastScore) break;
      this.move(child, i);
      i = child;
    }
    this.scores[i] = lastScore;
    this.members[i] = lastMember;
  }

  private move(from: number, to: number): void {
    this.scores[to] = this.scores[from] as number;
    this.members[to] = this.members[from] as string;
  }
}
