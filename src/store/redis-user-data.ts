import type { Cluster, Redis } from 'ioredis';
import type { Json } from '../core/json.ts';
import type { ForgetReport } from '../core/ports.ts';
import type { ConversationState, HistoryEntry, Profile } from '../core/state.ts';
import type { UserKey } from '../core/user-key.ts';
import type { Cipher } from './crypto.ts';
import type { KeyBuilder, UserKeyFamily } from './keys.ts';
import { aad, RECORD_PREFIX, registryShardOf } from './redis-layout.ts';
import { Script } from './redis-scripts.ts';

/**
 * Export, forget and key rotation for one person. Each key family of `USER_KEY_FAMILIES` has an
 * entry in `FAMILIES` (the compiler insists), so a new kind of per-user data cannot be left out
 * of export and forget; test/store/redis-store.test.ts checks the same at run time against Redis.
 */
export interface UserDataContext {
  client: Redis | Cluster;
  keys: KeyBuilder;
  cipher: Cipher;
  now: number;
  retention: number;
  decodeConversation(user: UserKey, raw: string | null): ConversationState | null;
  decodeProfile(user: UserKey, raw: string): Profile;
  decodeHistory(user: UserKey, raw: string): HistoryEntry;
}

/** What is read of one person before export or forget: the raw values of every family. */
interface RawUser {
  main: Record<string, string>;
  conversation: string | null;
  /** Bucket name → raw members (score order). */
  buckets: Map<string, string[]>;
  scopes: string[];
}

interface Family {
  /** Every Redis key of this family for the person. */
  keys(ctx: UserDataContext, user: UserKey, raw: RawUser): string[];
  /** The top-level sections of the export this family fills. */
  sections: readonly string[];
  /** The family's data, decrypted, for export: one entry per section. */
  export(ctx: UserDataContext, user: UserKey, raw: RawUser): Record<string, Json>;
  /** What forget reports for it: name → count of items deleted. */
  counts(raw: RawUser): Record<string, number>;
}

const FAMILIES: Record<UserKeyFamily, Family> = {
  main: {
    keys: (ctx, user) => [ctx.keys.user(user).main],
    sections: ['version', 'profile', 'records'],
    export: (ctx, user, raw) => {
      const records: Record<string, Json> = {};
      for (const [field, value] of Object.entries(raw.main)) {
        if (!field.startsWith(RECORD_PREFIX)) continue;
        const name = field.slice(RECORD_PREFIX.length);
        records[name] = JSON.parse(ctx.cipher.decrypt(value, aad.record(user, name))) as Json;
      }
      const profile = raw.main.p ? (ctx.decodeProfile(user, raw.main.p) as Json) : null;
      return { version: Number(raw.main.v ?? 0), profile, records };
    },
    counts: (raw) => ({
      profile: raw.main.p ? 1 : 0,
      records: Object.keys(raw.main).filter((f) => f.startsWith(RECORD_PREFIX)).length,
    }),
  },
  conversation: {
    keys: (ctx, user) => [ctx.keys.user(user).conversation],
    sections: ['conversation'],
    export: (ctx, user, raw) => ({ conversation: ctx.decodeConversation(user, raw.conversation) as Json }),
    counts: (raw) => ({ conversation: raw.conversation ? 1 : 0 }),
  },
  history: {
    keys: (ctx, user, raw) => [...raw.buckets.keys()].map((b) => ctx.keys.user(user).history(b)),
    sections: ['history'],
    export: (ctx, user, raw) => {
      const cutoff = ctx.now - ctx.retention;
      const history = [...raw.buckets.values()]
        .flat()
        .map((m) => ctx.decodeHistory(user, m))
        .filter((e) => e.at >= cutoff)
        .sort((a, b) => a.at - b.at);
      return { history: history as Json };
    },
    counts: (raw) => ({ history: [...raw.buckets.values()].reduce((n, m) => n + m.length, 0) }),
  },
  historyIndex: {
    keys: (ctx, user) => [ctx.keys.user(user).historyIndex],
    sections: ['historyMonths'],
    export: (_ctx, _user, raw) => ({ historyMonths: [...raw.buckets.keys()].sort() }),
    counts: () => ({}),
  },
  scopes: {
    keys: (ctx, user) => [ctx.keys.user(user).scopes],
    sections: ['scopes'],
    export: (_ctx, _user, raw) => ({ scopes: [...raw.scopes].sort() }),
    counts: (raw) => ({ scopes: raw.scopes.length }),
  },
};

async function readRaw(ctx: UserDataContext, user: UserKey): Promise<RawUser> {
  const k = ctx.keys.user(user);
  const first = await ctx.client
    .multi()
    .hgetall(k.main)
    .get(k.conversation)
    .zrange(k.historyIndex, 0, '-1')
    .smembers(k.scopes)
    .exec();
  const [main, conversation, bucketNames, scopes] = unwrap(first) as [
    Record<string, string>,
    string | null,
    string[],
    string[],
  ];
  const buckets = new Map<string, string[]>();
  if (bucketNames.length) {
    const reads = ctx.client.multi();
    for (const b of bucketNames) reads.zrange(k.history(b), 0, '-1');
    const members = unwrap(await reads.exec()) as string[][];
    bucketNames.forEach((b, i) => {
      buckets.set(b, members[i] ?? []);
    });
  }
  return { main, conversation, buckets, scopes };
}

function unwrap(replies: Array<[Error | null, unknown]> | null): unknown[] {
  if (!replies) throw new Error('Redis aborted a transaction');
  return replies.map(([error, value]) => {
    if (error) throw error;
    return value;
  });
}

/** The export sections each key family fills (the coverage test checks each is present). */
export const FAMILY_SECTIONS = Object.fromEntries(
  Object.entries(FAMILIES).map(([name, family]) => [name, family.sections]),
) as Record<UserKeyFamily, readonly string[]>;

/**
 * Everything stored about one person, decrypted: `user`, `exportedAt`, then the sections of every
 * key family (version, profile, records, conversation, history, historyMonths, scopes).
 */
export async function exportUserData(ctx: UserDataContext, user: UserKey): Promise<Json> {
  const raw = await readRaw(ctx, user);
  const out: Record<string, Json> = { user, exportedAt: new Date(ctx.now).toISOString() };
  for (const family of Object.values(FAMILIES)) Object.assign(out, family.export(ctx, user, raw));
  return out;
}

/**
 * Deletes every key of one person, leaves every scope index and the registry. Repeats while keys
 * remain, so a history bucket created by a turn racing the forget is caught too.
 */
export async function forgetUserData(ctx: UserDataContext, user: UserKey): Promise<ForgetReport> {
  const deleted: Record<string, number> = {};
  for (let round = 0; round < 5; round++) {
    const raw = await readRaw(ctx, user);
    const keys = Object.values(FAMILIES).flatMap((f) => f.keys(ctx, user, raw));
    if (round > 0 && (await ctx.client.exists(...keys)) === 0) break;
    for (const family of Object.values(FAMILIES)) {
      for (const [name, n] of Object.entries(family.counts(raw))) deleted[name] = (deleted[name] ?? 0) + n;
    }
    // One slot (the user's hash tag), so one DEL; index sets live elsewhere and are left one by one.
    await ctx.client.del(...keys);
    await Promise.all(raw.scopes.map((scope) => ctx.client.srem(ctx.keys.scope(scope), user)));
  }
  await ctx.client.srem(ctx.keys.registry(registryShardOf(user)), user);
  return { deleted };
}

/**
 * Compare-and-set of re-encrypted values: a value changed by a live turn meanwhile is left alone
 * (the turn wrote it with the current key already). KEYS: the keys touched; ARGV: per op kind
 * (h hash field | s string | z sorted-set member), key index, field ('' if none), old, new.
 */
const ROTATE_LUA = `
local n = 0
local i = 1
while ARGV[i] do
  local kind, key, field, old, new = ARGV[i], KEYS[tonumber(ARGV[i + 1])], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4]
  if kind == 'h' then
    if redis.call('HGET', key, field) == old then redis.call('HSET', key, field, new); n = n + 1 end
  elseif kind == 's' then
    if redis.call('GET', key) == old then redis.call('SET', key, new, 'KEEPTTL'); n = n + 1 end
  else
    local score = redis.call('ZSCORE', key, old)
    if score then redis.call('ZREM', key, old); redis.call('ZADD', key, score, new); n = n + 1 end
  end
  i = i + 5
end
return n
`;
const rotateScript = new Script(ROTATE_LUA);

/** Outcome of rotating one person: values re-encrypted, and values no configured key could open. */
export interface RotateResult {
  rotated: number;
  unreadable: number;
}

/**
 * Re-encrypts with the current key every value of one person sealed with an older key. A value
 * that cannot be decrypted is left as it is and counted, so one damaged value stops nothing else.
 */
export async function rotateUserData(ctx: UserDataContext, user: UserKey): Promise<RotateResult> {
  const { cipher } = ctx;
  const k = ctx.keys.user(user);
  const raw = await readRaw(ctx, user);
  const keys: string[] = [];
  const args: string[] = [];
  let unreadable = 0;
  const reseal = (sealed: string, context: string): string | null => {
    try {
      return cipher.encrypt(cipher.decrypt(sealed, context), context);
    } catch {
      unreadable += 1;
      return null;
    }
  };
  const add = (kind: string, key: string, field: string, old: string, next: string | null) => {
    if (next === null) return;
    let index = keys.indexOf(key);
    if (index < 0) index = keys.push(key) - 1;
    args.push(kind, String(index + 1), field, old, next);
  };

  for (const [field, value] of Object.entries(raw.main)) {
    if (field === 'p' && cipher.isStale(value))
      add('h', k.main, field, value, reseal(value, aad.profile(user)));
    if (field.startsWith(RECORD_PREFIX) && cipher.isStale(value))
      add('h', k.main, field, value, reseal(value, aad.record(user, field.slice(RECORD_PREFIX.length))));
  }
  if (raw.conversation) {
    const bar = raw.conversation.indexOf('|');
    const sealed = raw.conversation.slice(bar + 1);
    const resealed = cipher.isStale(sealed) ? reseal(sealed, aad.conversation(user)) : null;
    if (resealed)
      add('s', k.conversation, '', raw.conversation, `${raw.conversation.slice(0, bar)}|${resealed}`);
  }
  for (const [bucket, members] of raw.buckets) {
    for (const member of members) {
      if (cipher.isStale(member)) add('z', k.history(bucket), '', member, reseal(member, aad.history(user)));
    }
  }
  if (!args.length) return { rotated: 0, unreadable };
  return { rotated: Number(await rotateScript.run(ctx.client, keys, args)), unreadable };
}
