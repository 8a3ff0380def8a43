import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import type { KeyBuilder } from '../store/keys.ts';
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
  shardOf,
} from './due-index.ts';

/**
 * The due index in Redis. Per shard (hash tag `{r:<shard>}`, so each script touches one slot):
 * `due` (zset member → due ms), `lease` (zset member → lease expiry), `inflight` (hash member →
 * `<occurrence ms>:<attempt>` while an occurrence is being delivered or retried), `sched` (hash
 * member → encrypted schedule) and short-lived occurrence markers.
 *
 * Members are `<kind>|<owner>`: about 100 bytes of Redis memory per scheduled owner in `due`.
 */

// Lua's C stack limits unpack() to a few thousand values; stay well below it.
const CHUNK = 1000;

const CLAIM = `
local due, lease, inflight, sched = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local now, limit, token = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local members = redis.call('ZRANGEBYSCORE', lease, '-inf', now, 'LIMIT', 0, limit)
local states = {}
for i = 1, #members do
  states[i] = redis.call('HGET', inflight, members[i])
end
if #members < limit then
  local fresh = redis.call('ZRANGEBYSCORE', due, '-inf', now, 'WITHSCORES', 'LIMIT', 0, limit - #members)
  for i = 1, #fresh, 2 do
    local n = #members + 1
    members[n] = fresh[i]
    -- A first claim starts the occurrence at its due time; a retry keeps its own.
    local state = fresh[i + 1] .. ':0'
    if redis.call('HSETNX', inflight, fresh[i], state) == 1 then
      states[n] = state
    else
      states[n] = redis.call('HGET', inflight, fresh[i])
    end
  end
end
if #members == 0 then return {} end
local data = {}
for i = 1, #members, ${CHUNK} do
  local last = math.min(i + ${CHUNK} - 1, #members)
  local args, names = {}, {}
  for j = i, last do
    args[#args + 1] = token
    args[#args + 1] = members[j]
    names[#names + 1] = members[j]
  end
  redis.call('ZADD', lease, unpack(args))
  redis.call('ZREM', due, unpack(names))
  local d = redis.call('HMGET', sched, unpack(names))
  for j = 1, #names do
    data[#data + 1] = d[j]
  end
end
return {members, states, data}
`;

const ACQUIRE = `
local lease, ttl = KEYS[1], ARGV[1]
local out = {}
for i = 2, #KEYS do
  local score = redis.call('ZSCORE', lease, ARGV[2 * i - 2])
  if not score or tonumber(score) ~= tonumber(ARGV[2 * i - 1]) then
    out[#out + 1] = -1
  elseif redis.call('SET', KEYS[i], '1', 'NX', 'PX', ttl) then
    out[#out + 1] = 1
  else
    out[#out + 1] = 0
  end
end
return out
`;

// ARGV per settlement: op, member, lease token, value, inflight state; KEYS[4 + i]: its marker.
const SETTLE = `
local due, lease, inflight, sched = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local applied = 0
for i = 1, #KEYS - 4 do
  local b = (i - 1) * 5
  local op, member, token, value, state = ARGV[b + 1], ARGV[b + 2], ARGV[b + 3], ARGV[b + 4], ARGV[b + 5]
  local score = redis.call('ZSCORE', lease, member)
  if score and tonumber(score) == tonumber(token) then
    applied = applied + 1
    redis.call('ZREM', lease, member)
    redis.call('DEL', KEYS[4 + i])
    if op == 'r' then
      redis.call('HSET', inflight, member, state)
      redis.call('ZADD', due, value, member)
    else
      redis.call('HDEL', inflight, member)
      if op == 'n' and value ~= '' then
        redis.call('ZADD', due, value, member)
      else
        redis.call('HDEL', sched, member)
      end
    end
  end
end
return applied
`;

const PUT = `
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[4], ARGV[1], ARGV[3])
return 1
`;

const REMOVE = `
local n = redis.call('ZREM', KEYS[1], ARGV[1]) + redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
return n + redis.call('HDEL', KEYS[4], ARGV[1])
`;

type Client = Redis | Cluster;

class Script {
  private readonly sha: string;
  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }
  async run(client: Client, keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      return await client.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return client.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}

const scripts = {
  claim: new Script(CLAIM),
  acquire: new Script(ACQUIRE),
  settle: new Script(SETTLE),
  put: new Script(PUT),
  remove: new Script(REMOVE),
};

/** Options of the Redis due index. */
export interface RedisDueIndexOptions {
  /** The store's client: a single Redis, Sentinel-managed, or a Cluster. */
  client: Client;
  keys: KeyBuilder;
  /** Number of shards (CHECKIN_REMINDER_SHARDS). Changing it moves owners between shards. */
  shards: number;
}

export class RedisDueIndex implements DueIndex {
  readonly shards: number;
  private readonly client: Client;
  private readonly keys: KeyBuilder;

  constructor(options: RedisDueIndexOptions) {
    this.client = options.client;
    this.keys = options.keys;
    this.shards = options.shards;
  }

  private shardKeys(shard: number): string[] {
    const k = this.keys.reminders(shard);
    return [k.due, k.lease, k.inflight, k.schedule];
  }

  async put(entry: DueEntry): Promise<void> {
    const shard = shardOf(entry.owner, this.shards);
    await scripts.put.run(this.client, this.shardKeys(shard), [
      memberOf(entry.owner, entry.kind),
      entry.dueMs,
      entry.data,
    ]);
  }

  async get(owner: string, kind: JobKind): Promise<{ dueMs: number | null; data: string } | null> {
    const k = this.keys.reminders(shardOf(owner, this.shards));
    const member = memberOf(owner, kind);
    const [data, score] = await Promise.all([
      this.client.hget(k.schedule, member),
      this.client.zscore(k.due, member),
    ]);
    if (data === null) return null;
    return { dueMs: score === null ? null : Number(score), data };
  }

  async remove(owner: string, kind: JobKind): Promise<boolean> {
    const shard = shardOf(owner, this.shards);
    const n = await scripts.remove.run(this.client, this.shardKeys(shard), [memberOf(owner, kind)]);
    return Number(n) > 0;
  }

  async claim(shard: number, nowMs: number, limit: number, leaseMs: number): Promise<Claim[]> {
    const lease = leaseToken(nowMs, leaseMs);
    const reply = (await scripts.claim.run(this.client, this.shardKeys(shard), [nowMs, limit, lease])) as
      | []
      | [string[], (string | null)[], (string | null)[]];
    if (reply.length === 0) return [];
    const [members, states, data] = reply;
    const claims: Claim[] = new Array(members.length);
    for (let i = 0; i < members.length; i++) {
      const member = members[i] as string;
      const state = states[i] ?? `${nowMs}:0`;
      const colon = state.indexOf(':');
      const { kind, owner } = parseMember(member);
      claims[i] = {
        owner,
        kind,
        member,
        shard,
        occurrenceMs: Number(state.slice(0, colon)),
        attempt: Number(state.slice(colon + 1)),
        data: data[i] ?? null,
        lease,
      };
    }
    return claims;
  }

  async acquire(claims: readonly Claim[], ttlMs: number): Promise<Acquired[]> {
    const results: Acquired[] = new Array(claims.length);
    await Promise.all(
      groupByShard(claims).map(async ({ shard, items }) => {
        const k = this.keys.reminders(shard);
        const keys = [k.lease];
        const args: (string | number)[] = [ttlMs];
        for (const { value: c } of items) {
          keys.push(k.occurrence(c.member, c.occurrenceMs));
          args.push(c.member, c.lease);
        }
        const reply = (await scripts.acquire.run(this.client, keys, args)) as number[];
        items.forEach(({ index }, j) => {
          const r = reply[j];
          results[index] = r === 1 ? 'acquired' : r === 0 ? 'already_sent' : 'lease_lost';
        });
      }),
    );
    return results;
  }

  async settle(settlements: readonly Settlement[]): Promise<number> {
    const counts = await Promise.all(
      groupByShard(settlements.map((s) => s.claim)).map(async ({ shard, items }) => {
        const k = this.keys.reminders(shard);
        const keys = this.shardKeys(shard);
        const args: (string | number)[] = [];
        for (const { index } of items) {
          const s = settlements[index] as Settlement;
          const c = s.claim;
          keys.push(k.occurrence(c.member, c.occurrenceMs));
          if (s.outcome === 'next') args.push('n', c.member, c.lease, s.dueMs ?? '', '');
          else if (s.outcome === 'retry')
            args.push('r', c.member, c.lease, s.retryAtMs, `${c.occurrenceMs}:${c.attempt + 1}`);
          else args.push('x', c.member, c.lease, '', '');
        }
        return Number(await scripts.settle.run(this.client, keys, args));
      }),
    );
    return counts.reduce((a, b) => a + b, 0);
  }

  async size(): Promise<number> {
    let total = 0;
    for (let shard = 0; shard < this.shards; shard++) {
      const k = this.keys.reminders(shard);
      total += (await this.client.zcard(k.due)) + (await this.client.zcard(k.lease));
    }
    return total;
  }
}

function groupByShard<T extends { shard: number }>(
  values: readonly T[],
): { shard: number; items: { index: number; value: T }[] }[] {
  const groups = new Map<number, { index: number; value: T }[]>();
  values.forEach((value, index) => {
    const list = groups.get(value.shard);
    if (list) list.push({ index, value });
    else groups.set(value.shard, [{ index, value }]);
  });
  return [...groups].map(([shard, items]) => ({ shard, items }));
}
