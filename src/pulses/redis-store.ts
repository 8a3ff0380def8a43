import type { Cluster, Redis } from 'ioredis';
import type { KeyBuilder } from '../store/keys.ts';
import { Script } from '../store/redis-scripts.ts';
import type { PostTurn, PulseRecord, PulseState, PulseStore } from './store.ts';

/**
 * Pulses in Redis. Each pulse's keys share the hash tag `{p:<id>}`, so every state change is one
 * script on one slot; the pending queue and channel keys are separate single-key commands, written
 * so that repeating them (a process picking up another's half-done close) changes nothing.
 */

// KEYS: meta, answers. ARGV: meta, salt. Creates only once.
const CREATE = new Script(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'state', 'open', 'meta', ARGV[1], 'salt', ARGV[2])
return 1
`);

// KEYS: meta, answers. ARGV: field, value. Only while open.
const PUT_ANSWER = new Script(`
if redis.call('HGET', KEYS[1], 'state') ~= 'open' then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return 1
`);

// KEYS: meta. open → closing; returns the state after.
const BEGIN_CLOSE = new Script(`
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return false end
if state == 'open' then redis.call('HSET', KEYS[1], 'state', 'closing'); return 'closing' end
return state
`);

// KEYS: meta, answers. ARGV: aggregate, keep-until ms. closing → closed, answers and salt gone.
const FINISH_CLOSE = new Script(`
if redis.call('HGET', KEYS[1], 'state') ~= 'closing' then return 0 end
redis.call('HSET', KEYS[1], 'state', 'closed', 'agg', ARGV[1])
redis.call('HDEL', KEYS[1], 'salt')
redis.call('DEL', KEYS[2])
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
return 1
`);

// KEYS: meta, post lease. ARGV: lease ms.
const ACQUIRE_POST = new Script(`
if redis.call('HGET', KEYS[1], 'posted') then return 'posted' end
if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[1]) then return 'acquired' end
return 'busy'
`);

// KEYS: channel main. ARGV: id. Clears `current` only if it is still this pulse.
const CLEAR_CURRENT = new Script(`
if redis.call('HGET', KEYS[1], 'current') == ARGV[1] then redis.call('HDEL', KEYS[1], 'current') end
return 1
`);

/** How many closed pulses a channel keeps listed (two years of weekly pulses). */
const CLOSED_KEEP = 104;

export class RedisPulseStore implements PulseStore {
  constructor(
    private readonly client: Redis | Cluster,
    private readonly keys: KeyBuilder,
  ) {}

  async create(id: string, channel: string, sealed: { meta: string; salt: string }, closesAt: number) {
    const k = this.keys.pulse(id);
    const created = (await CREATE.run(this.client, [k.meta, k.answers], [sealed.meta, sealed.salt])) === 1;
    if (created) {
      await this.client.zadd(this.keys.pulsesPending(), closesAt, id);
      await this.client.hset(this.keys.pulseChannel(channel).main, 'current', id);
    }
    return created;
  }

  async read(id: string): Promise<PulseRecord | null> {
    const h = await this.client.hgetall(this.keys.pulse(id).meta);
    if (!h.state || !h.meta) return null;
    return {
      state: h.state as PulseState,
      meta: h.meta,
      salt: h.salt ?? null,
      aggregate: h.agg ?? null,
      posted: h.posted === '1',
    };
  }

  async putAnswer(id: string, field: string, sealed: string) {
    const k = this.keys.pulse(id);
    return (await PUT_ANSWER.run(this.client, [k.meta, k.answers], [field, sealed])) === 1;
  }

  answers(id: string) {
    return this.client.hgetall(this.keys.pulse(id).answers);
  }

  async deleteAnswers(id: string, fields: readonly string[]) {
    if (fields.length === 0) return 0;
    return this.client.hdel(this.keys.pulse(id).answers, ...fields);
  }

  async beginClose(id: string) {
    const state = await BEGIN_CLOSE.run(this.client, [this.keys.pulse(id).meta], []);
    return typeof state === 'string' ? (state as PulseState) : null;
  }

  async finishClose(id: string, aggregate: string, keepUntilMs: number) {
    const k = this.keys.pulse(id);
    return (await FINISH_CLOSE.run(this.client, [k.meta, k.answers], [aggregate, keepUntilMs])) === 1;
  }

  async acquirePost(id: string, leaseMs: number) {
    const k = this.keys.pulse(id);
    return (await ACQUIRE_POST.run(
      this.client,
      [k.meta, k.post],
      [Math.max(1, Math.round(leaseMs))],
    )) as PostTurn;
  }

  async markPosted(id: string, meta?: string) {
    await this.client.hset(this.keys.pulse(id).meta, 'posted', '1', ...(meta ? ['meta', meta] : []));
    await this.client.zrem(this.keys.pulsesPending(), id);
    await this.client.del(this.keys.pulse(id).post);
  }

  async releasePost(id: string, retryAt: number) {
    await this.client.del(this.keys.pulse(id).post);
    await this.client.zadd(this.keys.pulsesPending(), 'XX', String(retryAt), id);
  }

  async dropPending(id: string) {
    await this.client.zrem(this.keys.pulsesPending(), id);
  }

  due(nowMs: number, limit: number) {
    return this.client.zrangebyscore(this.keys.pulsesPending(), '-inf', nowMs, 'LIMIT', 0, limit);
  }

  pending() {
    return this.client.zrange(this.keys.pulsesPending(), '0', '-1');
  }

  async setCloseAt(id: string, atMs: number) {
    await this.client.zadd(this.keys.pulsesPending(), 'XX', String(atMs), id);
  }

  async current(channel: string) {
    return this.client.hget(this.keys.pulseChannel(channel).main, 'current');
  }

  async clearCurrent(channel: string, id: string) {
    await CLEAR_CURRENT.run(this.client, [this.keys.pulseChannel(channel).main], [id]);
  }

  async addClosed(channel: string, id: string, openedAt: number) {
    const key = this.keys.pulseChannel(channel).closed;
    await this.client.zadd(key, openedAt, id);
    await this.client.zremrangebyrank(key, 0, -CLOSED_KEEP - 1);
  }

  async closed(channel: string, limit: number) {
    return this.client.zrange(this.keys.pulseChannel(channel).closed, String(-limit), '-1');
  }

  settings(channel: string) {
    return this.client.hget(this.keys.pulseChannel(channel).main, 'settings');
  }

  async setSettings(channel: string, sealed: string | null) {
    const key = this.keys.pulseChannel(channel).main;
    if (sealed === null) await this.client.hdel(key, 'settings');
    else await this.client.hset(key, 'settings', sealed);
  }
}
