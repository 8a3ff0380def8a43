import type { Clock } from '../core/ports.ts';
import type { PostTurn, PulseRecord, PulseStore } from './store.ts';

interface ChannelEntry {
  current?: string;
  settings?: string;
  closed: Map<string, number>;
}

/** Pulses in this process only (the embedded default without Redis); same contract as Redis. */
export class MemoryPulseStore implements PulseStore {
  private readonly pulses = new Map<
    string,
    PulseRecord & { answers: Map<string, string>; keepUntil?: number }
  >();
  private readonly leases = new Map<string, number>();
  private readonly queue = new Map<string, number>();
  private readonly channels = new Map<string, ChannelEntry>();

  constructor(private readonly clock: Clock) {}

  private channel(channel: string) {
    const found = this.channels.get(channel);
    if (found) return found;
    const created: ChannelEntry = { closed: new Map<string, number>() };
    this.channels.set(channel, created);
    return created;
  }

  async create(id: string, channel: string, sealed: { meta: string; salt: string }, closesAt: number) {
    if (this.pulses.has(id)) return false;
    this.pulses.set(id, {
      state: 'open',
      meta: sealed.meta,
      salt: sealed.salt,
      aggregate: null,
      posted: false,
      answers: new Map(),
    });
    this.queue.set(id, closesAt);
    this.channel(channel).current = id;
    return true;
  }

  async read(id: string): Promise<PulseRecord | null> {
    const p = this.pulses.get(id);
    if (!p) return null;
    if (p.keepUntil !== undefined && p.keepUntil <= this.clock.now()) {
      this.pulses.delete(id);
      return null;
    }
    return { state: p.state, meta: p.meta, salt: p.salt, aggregate: p.aggregate, posted: p.posted };
  }

  async putAnswer(id: string, field: string, sealed: string) {
    const p = this.pulses.get(id);
    if (p?.state !== 'open') return false;
    p.answers.set(field, sealed);
    return true;
  }

  async answers(id: string) {
    return Object.fromEntries(this.pulses.get(id)?.answers ?? []);
  }

  async deleteAnswers(id: string, fields: readonly string[]) {
    const answers = this.pulses.get(id)?.answers;
    return answers ? fields.filter((f) => answers.delete(f)).length : 0;
  }

  async beginClose(id: string) {
    const p = this.pulses.get(id);
    if (!p) return null;
    if (p.state === 'open') p.state = 'closing';
    return p.state;
  }

  async finishClose(id: string, aggregate: string, keepUntilMs: number) {
    const p = this.pulses.get(id);
    if (p?.state !== 'closing') return false;
    p.state = 'closed';
    p.aggregate = aggregate;
    p.salt = null;
    p.answers.clear();
    p.keepUntil = keepUntilMs;
    return true;
  }

  async acquirePost(id: string, leaseMs: number): Promise<PostTurn> {
    if (this.pulses.get(id)?.posted) return 'posted';
    const now = this.clock.now();
    if ((this.leases.get(id) ?? 0) > now) return 'busy';
    this.leases.set(id, now + leaseMs);
    return 'acquired';
  }

  async markPosted(id: string, meta?: string) {
    const p = this.pulses.get(id);
    if (p) p.posted = true;
    if (p && meta) p.meta = meta;
    this.queue.delete(id);
    this.leases.delete(id);
  }

  async releasePost(id: string, retryAt: number) {
    this.leases.delete(id);
    if (this.queue.has(id)) this.queue.set(id, retryAt);
  }

  async dropPending(id: string) {
    this.queue.delete(id);
  }

  async due(nowMs: number, limit: number) {
    return [...this.queue]
      .filter(([, at]) => at <= nowMs)
      .sort((a, b) => a[1] - b[1])
      .slice(0, limit)
      .map(([id]) => id);
  }

  async pending() {
    return [...this.queue.keys()];
  }

  async setCloseAt(id: string, atMs: number) {
    if (this.queue.has(id)) this.queue.set(id, atMs);
  }

  async current(channel: string) {
    return this.channels.get(channel)?.current ?? null;
  }

  async clearCurrent(channel: string, id: string) {
    const c = this.channels.get(channel);
    if (c?.current === id) delete c.current;
  }

  async addClosed(channel: string, id: string, openedAt: number) {
    this.channel(channel).closed.set(id, openedAt);
  }

  async closed(channel: string, limit: number) {
    const list = [...(this.channels.get(channel)?.closed ?? [])].sort((a, b) => a[1] - b[1]);
    return list.slice(-limit).map(([id]) => id);
  }

  async settings(channel: string) {
    return this.channels.get(channel)?.settings ?? null;
  }

  async setSettings(channel: string, sealed: string | null) {
    const c = this.channel(channel);
    if (sealed === null) delete c.settings;
    else c.settings = sealed;
  }
}
