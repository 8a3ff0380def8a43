import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import { CheckinError, ErrorCode } from '../core/errors.ts';
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
 * Members are `<kind>|<owner>`: about 134 bytes of Redis memory per scheduled owner in `due` (bench).
 */

// Each script calls Redis once per command with many members (not once per member): the Lua →
// Redis call is most of the cost. Lua's C stack limits unpack() to a few thousand values, so long
// lists go in chunks of 1000 (even, so score/member and field/value pairs stay together).
const HELPERS = `
local function chunked(cmd, key, list)
  for i = 1, #list, 1000 do
    redis.call(cmd, key, unpack(list, i, math.min(i + 999, #list)))
  end
end
local function chunked_keys(cmd, list)
  for i = 1, #list, 1000 do
    redis.call(cmd, unpack(list, i, math.min(i + 999, #list)))
  end
end
local function collect(cmd, key, list)
  local out = {}
  for i = 1, #list, 1000 do
    local part = redis.call(cmd, key, unpack(list, i, math.min(i + 999, #list)))
    for j = 1, #part do out[#out + 1] = part[j] end
  end
  return out
end
`;

const CLAIM = `${HELPERS}
local due, lease, inflight, sched = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local now, limit, token = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local members = redis.call('ZRANGEBYSCORE', lease, '-inf', now, 'LIMIT', 0, limit)
local reclaimed = #members
local fresh, scores = {}, {}
if reclaimed < limit then
  local found = redis.call('ZRANGEBYSCORE', due, '-inf', now, 'WITHSCORES', 'LIMIT', 0, limit - reclaimed)
  for i = 1, #found, 2 do
    members[#members + 1] = found[i]
    fresh[#fresh + 1] = found[i]
    scores[#scores + 1] = found[i + 1]
  end
end
if #members == 0 then return {} end
-- A first claim starts the occurrence at its due time; a retry or a reclaim keeps its own.
local states = collect('HMGET', inflight, members)
local start = {}
for i = 1, #fresh do
  local k = reclaimed + i
  if not states[k] then
    states[k] = scores[i] .. ':0'
    start[#start + 1] = fresh[i]
    start[#start + 1] = states[k]
  end
end
local leased = {}
for i = 1, #members do
  leased[#leased + 1] = token
  leased[#leased + 1] = members[i]
end
chunked('ZADD', lease, leased)
if #fresh > 0 then chunked('ZREM', due, fresh) end
if #start > 0 then chunked('HSET', inflight, start) end
return {members, states, collect('HMGET', sched, members)}
`;

const ACQUIRE = `${HELPERS}
local lease, ttl = KEYS[1], ARGV[1]
local members = {}
for i = 2, #KEYS do members[i - 1] = ARGV[2 * i - 2] end
local scores = collect('ZMSCORE', lease, members)
local out = {}
for i = 2, #KEYS do
  local score = scores[i - 1]
  if not score or tonumber(score) ~= tonumber(ARGV[2 * i - 1]) then
    out[i - 1] = -1
  elseif redis.call('SET', KEYS[i], '1', 'NX', 'PX', ttl) then
    out[i - 1] = 1
  else
    out[i - 1] = 0
  end
end
return out
`;

// ARGV per settlement: op, member, lease token, value, inflight state; KEYS[4 + i]: its marker.
const SETTLE = `${HELPERS}
local due, lease, inflight, sched = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local n = #KEYS - 4
local members = {}
for i = 1, n do members[i] = ARGV[(i - 1) * 5 + 2] end
local scores = collect('ZMSCORE', lease, members)
local own, markers, done, retries, dues, gone = {}, {}, {}, {}, {}, {}
for i = 1, n do
  local b = (i - 1) * 5
  local op, member, value = ARGV[b + 1], members[i], ARGV[b + 4]
  if scores[i] and tonumber(scores[i]) == tonumber(ARGV[b + 3]) then
    own[#own + 1] = member
    markers[#markers + 1] = KEYS[4 + i]
    if op == 'r' then
      retries[#retries + 1] = member
      retries[#retries + 1] = ARGV[b + 5]
      dues[#dues + 1] = value
      dues[#dues + 1] = member
    else
      done[#done + 1] = member
      if op == 'n' and value ~= '' then
        dues[#dues + 1] = value
        dues[#dues + 1] = member
      else
        gone[#gone + 1] = member
      end
    end
  end
end
if #own == 0 then return 0 end
chunked('ZREM', lease, own)
chunked_keys('DEL', markers)
if #done > 0 then chunked('HDEL', inflight, done) end
if #retries > 0 then chunked('HSET', inflight, retries) end
if #dues > 0 then chunked('ZADD', due, dues) end
if #gone > 0 then chunked('HDEL', sched, gone) end
return #own
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

  async prepare(): Promise<void> {
    const key = this.keys.remindersLayout();
    const wanted = `shards=${this.shards}`;
    await this.client.set(key, wanted, 'NX');
    const stored = await this.client.get(key);
    if (stored !== wanted) {
      throw new CheckinError(
        ErrorCode.InvalidConfig,
        `CHECKIN_REMINDER_SHARDS is ${this.shards}, but the reminder index in Redis was built with ${stored ?? 'another layout'}: ` +
          'set CHECKIN_REMINDER_SHARDS back to that number. Owners are placed by shard count, so changing it would orphan or double schedules.',
      );
    }
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
