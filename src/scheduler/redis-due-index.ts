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
  type Settlement,
  type StepResult,
  shardOf,
} from './due-index.ts';

/**
 * The due index in Redis. Per shard (hash tag `{r:<shard>}`, so each script touches one slot):
 * `due` (zset member → due ms), `lease` (zset member → lease expiry), `inflight` (hash member →
 * `<occurrence ms>:<attempt>` while a retry waits, or while a claim that took no marker yet is
 * held), `sent` (hash member → `<occurrence ms>:<attempt>`: the occurrence marker) and `sched`
 * (hash member → encrypted schedule).
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
local function collect(cmd, key, list)
  if #list == 0 then return {} end
  if #list <= 1000 then return redis.call(cmd, key, unpack(list)) end
  local out = {}
  for i = 1, #list, 1000 do
    local part = redis.call(cmd, key, unpack(list, i, math.min(i + 999, #list)))
    for j = 1, #part do out[#out + 1] = part[j] end
  end
  return out
end
-- A state is <occurrence ms>:<attempt>, or just <occurrence ms> for a first attempt.
local function occurrence(state)
  local colon = string.find(state, ':', 1, true)
  if not colon then return tonumber(state) end
  return tonumber(string.sub(state, 1, colon - 1))
end
`;

// Settlements from ARGV[base + 1 …], three values each: member, lease token ('' = the same as
// the previous settlement's: a window shares one), action — `<due>` (next occurrence), `x` (delete
// the schedule) or `r<due>|<state>` (retry). Only those whose lease token still holds apply;
// their marker goes with the lease.
const SETTLE_FN = `
local function settle(due, lease, inflight, sched, marker, base, n)
  if n == 0 then return 0 end
  -- Who still holds each token: one range read of the exact score per distinct token (a window
  -- shares one), instead of a score lookup per member.
  local holders, holding = {}, nil
  local own, done, retries, dues, gone = {}, {}, {}, {}, {}
  for i = 1, n do
    local b = base + 3 * i - 2
    local member, action = ARGV[b], ARGV[b + 2]
    local token = ARGV[b + 1]
    if token ~= '' then
      holding = holders[token]
      if not holding then
        holding = {}
        local list = redis.call('ZRANGEBYSCORE', lease, token, token)
        for j = 1, #list do holding[list[j]] = true end
        holders[token] = holding
      end
    end
    if holding[member] then
      own[#own + 1] = member
      local op = string.byte(action, 1)
      if op == 114 then -- 'r'
        local bar = string.find(action, '|', 2, true)
        retries[#retries + 1] = member
        retries[#retries + 1] = string.sub(action, bar + 1)
        dues[#dues + 1] = string.sub(action, 2, bar - 1)
        dues[#dues + 1] = member
      else
        done[#done + 1] = member
        if op == 120 then -- 'x'
          gone[#gone + 1] = member
        else
          dues[#dues + 1] = action
          dues[#dues + 1] = member
        end
      end
    end
  end
  if #own == 0 then return 0 end
  chunked('ZREM', lease, own)
  chunked('HDEL', marker, own)
  if #done > 0 then chunked('HDEL', inflight, done) end
  if #retries > 0 then chunked('HSET', inflight, retries) end
  if #dues > 0 then chunked('ZADD', due, dues) end
  if #gone > 0 then chunked('HDEL', sched, gone) end
  return #own
end
`;

// Takes up to `limit` members whose lease expired, then members due by `now`, and leases them
// with `token`. A first claim starts the occurrence at its due time; a retry keeps its own
// (inflight); a reclaim keeps its own (inflight, or the marker its last holder took). With
// `mark`, every claim's marker is taken at once (flag 1) unless the marker already names that
// occurrence (flag 0: someone started sending it); then no inflight entry is needed, since the
// marker itself records the occurrence for a reclaim.
const CLAIM_FN = `
local function claim(due, lease, inflight, sched, marker, now, limit, token, mark)
  local members = redis.call('ZRANGEBYSCORE', lease, '-inf', now, 'LIMIT', 0, limit)
  local reclaimed = #members
  local scores = {}
  if reclaimed < limit then
    local found = redis.call('ZRANGEBYSCORE', due, '-inf', now, 'WITHSCORES', 'LIMIT', 0, limit - reclaimed)
    for i = 1, #found, 2 do
      members[#members + 1] = found[i]
      scores[#scores + 1] = found[i + 1]
    end
  end
  if #members == 0 then return nil end
  local states = collect('HMGET', inflight, members)
  local marks = collect('HMGET', marker, members)
  local fresh, start, leased = members, {}, {}
  if reclaimed > 0 then fresh = {} end
  for i = 1, #members do
    if reclaimed > 0 and i > reclaimed then fresh[#fresh + 1] = members[i] end
    if not states[i] then
      if i > reclaimed then
        states[i] = scores[i - reclaimed]
        if not mark then
          start[#start + 1] = members[i]
          start[#start + 1] = states[i]
        end
      elseif marks[i] then
        states[i] = marks[i]
      else
        states[i] = now
      end
    end
    -- Newest first: a small lease set is a listpack, sorted by (score, member), where each
    -- insert scans from the head; in this order each one lands at the head, not after a scan.
    leased[2 * (#members - i) + 1] = token
    leased[2 * (#members - i) + 2] = members[i]
  end
  chunked('ZADD', lease, leased)
  if #fresh > 0 then chunked('ZREM', due, fresh) end
  if #start > 0 then chunked('HSET', inflight, start) end
  local flags = {}
  if mark then
    local set = {}
    for i = 1, #members do
      if marks[i] and occurrence(marks[i]) == occurrence(states[i]) then
        flags[i] = 0
      else
        flags[i] = 1
        set[#set + 1] = members[i]
        set[#set + 1] = states[i]
      end
    end
    if #set > 0 then chunked('HSET', marker, set) end
  end
  return {members, states, collect('HMGET', sched, members), flags}
end
`;

const KEYS5 = 'local due, lease, inflight, sched, marker = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]';

const CLAIM = `${HELPERS}${CLAIM_FN}${KEYS5}
local r = claim(due, lease, inflight, sched, marker, ARGV[1], tonumber(ARGV[2]), ARGV[3], false)
if not r then return {} end
return {r[1], r[2], r[3]}
`;

// ARGV: three per claim: member, lease token, state.
const ACQUIRE = `${HELPERS}
local lease, marker = KEYS[1], KEYS[2]
local n = #ARGV / 3
local members = {}
for i = 1, n do members[i] = ARGV[3 * i - 2] end
local scores = collect('ZMSCORE', lease, members)
local marks = collect('HMGET', marker, members)
local out, set = {}, {}
for i = 1, n do
  local state = ARGV[3 * i]
  if not scores[i] or tonumber(scores[i]) ~= tonumber(ARGV[3 * i - 1]) then
    out[i] = -1
  elseif marks[i] and occurrence(marks[i]) == occurrence(state) then
    out[i] = 0
  else
    out[i] = 1
    set[#set + 1] = members[i]
    set[#set + 1] = state
  end
end
if #set > 0 then chunked('HSET', marker, set) end
return out
`;

const SETTLE = `${HELPERS}${SETTLE_FN}${KEYS5}
return settle(due, lease, inflight, sched, marker, 0, #ARGV / 3)
`;

// ARGV: now, limit, lease token, number of settlements, then the settlements (as SETTLE_FN).
const STEP = `${HELPERS}${SETTLE_FN}${CLAIM_FN}${KEYS5}
local settled = settle(due, lease, inflight, sched, marker, 4, tonumber(ARGV[4]))
local limit = tonumber(ARGV[2])
if limit == 0 then return {settled} end
local r = claim(due, lease, inflight, sched, marker, ARGV[1], limit, ARGV[3], true)
if not r then return {settled} end
return {settled, r[1], r[2], r[3], r[4]}
`;

// A put leaves the marker alone: should the new due time equal an occurrence whose sending
// had started, the marker still stops a second send.
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
redis.call('HDEL', KEYS[5], ARGV[1])
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
  step: new Script(STEP),
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
    return [k.due, k.lease, k.inflight, k.schedule, k.marker];
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
      | [string[], string[], (string | null)[]];
    if (reply.length === 0) return [];
    return toClaims(shard, lease, reply[0], reply[1], reply[2]);
  }

  async acquire(claims: readonly Claim[], _ttlMs: number): Promise<Acquired[]> {
    // The marker is a field of the shard's `sent` hash, removed by the holder's settle (or a
    // removal), so it needs no expiry: it outlives the lease and the grace window alike.
    const results: Acquired[] = new Array(claims.length);
    await Promise.all(
      groupByShard(claims).map(async ({ shard, items }) => {
        const k = this.keys.reminders(shard);
        const args: (string | number)[] = [];
        for (const { value: c } of items) args.push(c.member, c.lease, `${c.occurrenceMs}:${c.attempt}`);
        const reply = (await scripts.acquire.run(this.client, [k.lease, k.marker], args)) as number[];
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
        const args: (string | number)[] = [];
        pushSettlements(
          args,
          items.map(({ index }) => settlements[index] as Settlement),
        );
        return Number(await scripts.settle.run(this.client, this.shardKeys(shard), args));
      }),
    );
    return counts.reduce((a, b) => a + b, 0);
  }

  async step(
    shard: number,
    settlements: readonly Settlement[],
    nowMs: number,
    limit: number,
    leaseMs: number,
  ): Promise<StepResult> {
    const lease = leaseToken(nowMs, leaseMs);
    const args: (string | number)[] = [nowMs, limit, lease, settlements.length];
    for (const s of settlements) {
      if (s.claim.shard !== shard) {
        throw new CheckinError(
          ErrorCode.Usage,
          `step of shard ${shard} got a settlement of shard ${s.claim.shard}`,
        );
      }
    }
    pushSettlements(args, settlements);
    const reply = (await scripts.step.run(this.client, this.shardKeys(shard), args)) as
      | [number]
      | [number, string[], string[], (string | null)[], number[]];
    const settled = Number(reply[0]);
    if (reply.length === 1) return { settled, claims: [], marks: [] };
    const [, members, states, data, flags] = reply;
    return {
      settled,
      claims: toClaims(shard, lease, members, states, data),
      marks: flags.map((f) => (f === 1 ? 'acquired' : 'already_sent')),
    };
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

function toClaims(
  shard: number,
  lease: number,
  members: string[],
  states: string[],
  data: (string | null)[],
): Claim[] {
  const claims: Claim[] = new Array(members.length);
  for (let i = 0; i < members.length; i++) {
    const member = members[i] as string;
    const state = states[i] as string;
    const colon = state.indexOf(':'); // none: a first attempt
    const bar = member.indexOf('|');
    claims[i] = {
      owner: member.slice(bar + 1),
      kind: member.slice(0, bar) as JobKind,
      member,
      shard,
      occurrenceMs: colon < 0 ? Number(state) : Number(state.slice(0, colon)),
      attempt: colon < 0 ? 0 : Number(state.slice(colon + 1)),
      data: data[i] ?? null,
      lease,
    };
  }
  return claims;
}

/** Settlements as the scripts read them: member, lease token or '', action (see SETTLE_FN). */
function pushSettlements(args: (string | number)[], settlements: Iterable<Settlement>): void {
  let token: number | undefined;
  for (const s of settlements) {
    const c = s.claim;
    args.push(c.member, c.lease === token ? '' : c.lease);
    token = c.lease;
    if (s.outcome === 'next') args.push(s.dueMs === null ? 'x' : s.dueMs);
    else if (s.outcome === 'retry') args.push(`r${s.retryAtMs}|${c.occurrenceMs}:${c.attempt + 1}`);
    else args.push('x');
  }
}
