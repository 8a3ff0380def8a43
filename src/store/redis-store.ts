import type { Cluster, Redis } from 'ioredis';
import { CheckinError, ErrorCode } from '../core/errors.ts';
import type { Json } from '../core/json.ts';
import type { Clock, ForgetReport, Logger, StateStore, UserChange, UserSnapshot } from '../core/ports.ts';
import { systemClock } from '../core/ports.ts';
import { type ConversationState, emptyProfile, type HistoryEntry, type Profile } from '../core/state.ts';
import type { UserKey } from '../core/user-key.ts';
import type { Cipher } from './crypto.ts';
import { bucketExpiry, bucketOf, bucketOverlaps, retentionMs } from './history-buckets.ts';
import type { KeyBuilder } from './keys.ts';
import { batchWritesThisTick } from './redis-client.ts';
import { StoredValueCodec } from './redis-codec.ts';
import { guarded, storeFailure } from './redis-errors.ts';
import { aad, RECORD_PREFIX, REGISTRY_SHARDS, registryShardOf } from './redis-layout.ts';
import { COMMIT_LUA, LOAD_LUA, Script } from './redis-scripts.ts';
import {
  type CachedUser,
  type CachedValue,
  DEFAULT_SNAPSHOT_CACHE_SIZE,
  fingerprint,
  SnapshotCache,
  type SnapshotCacheStats,
} from './redis-snapshot-cache.ts';
import {
  exportUserData,
  forgetUserData,
  type RotateResult,
  rotateUserData,
  type UserDataContext,
} from './redis-user-data.ts';

/** Everything the Redis store needs; `createStore` fills it from the config. */
export interface RedisStoreOptions {
  /** A single, Sentinel-backed or Cluster client. */
  client: Redis | Cluster;
  keys: KeyBuilder;
  cipher: Cipher;
  clock?: Clock;
  /** Idle conversations expire this long after their last write, in milliseconds. */
  conversationTtlMs: number;
  /** History entries older than this many days are dropped (on write, on read and by key expiry). */
  retentionDays: number;
  /**
   * The client's command timeout in milliseconds. A commit reaching Redis later than this (Redis
   * was paused, the reply would come too late) is refused by the script, so a write the caller
   * was told failed never lands afterwards. 0 disables the guard. Default 0.
   */
  commandTimeoutMs?: number;
  /**
   * People whose decoded state this process keeps, keyed by the exact stored values, so a load
   * that finds them unchanged skips decryption and validation (see redis-snapshot-cache.ts).
   * 0 disables. Default 10,000 (about 15 MB at most: ~1.5 KB per person).
   */
  snapshotCacheSize?: number;
  /**
   * Coalesce the socket writes of all turns issued in one tick into one `writev` (see
   * batchWritesThisTick). Default true; single Redis and Sentinel only.
   */
  batchWrites?: boolean;
  /** Close the client with the store (default true). */
  ownsClient?: boolean;
  logger?: Logger;
}

/** The `StateStore` on Redis: see docs/storage.md for the key layout and guarantees. */
export class RedisStore implements StateStore {
  readonly client: Redis | Cluster;
  private readonly opts: RedisStoreOptions;
  private readonly clock: Clock;
  private readonly commitScript = new Script(COMMIT_LUA);
  private readonly loadScript = new Script(LOAD_LUA);
  private readonly cache: SnapshotCache;
  private readonly codec: StoredValueCodec;
  private readonly batchWrites: boolean;
  /** Redis time minus local time (ms), measured on each (re)connect; null until measured. */
  private clockOffset: number | null = null;
  /** The month the retention cut-off is in, and its bucket name (see bucketOf). */
  private cutoffMonth = { from: 0, to: 0, bucket: '' };

  constructor(options: RedisStoreOptions) {
    this.opts = options;
    this.client = options.client;
    this.clock = options.clock ?? systemClock;
    this.batchWrites = options.batchWrites ?? true;
    this.codec = new StoredValueCodec(options.cipher, this.clock, options.logger);
    this.cache = new SnapshotCache(options.snapshotCacheSize ?? DEFAULT_SNAPSHOT_CACHE_SIZE);
    if (options.commandTimeoutMs) {
      const measure = () => void this.measureClockOffset();
      this.client.on('ready', measure);
      if (this.client.status === 'ready') measure();
    }
  }

  /** How often loads were served from the snapshot cache (per decoded field). */
  get snapshotCacheStats(): SnapshotCacheStats {
    return this.cache.stats();
  }

  /** Id of the key new values are encrypted with. */
  get keyId(): string {
    return this.opts.cipher.keyId;
  }

  private get keys(): KeyBuilder {
    return this.opts.keys;
  }

  private async measureClockOffset(): Promise<void> {
    try {
      const before = Date.now();
      const [seconds, micros] = await this.client.time();
      const after = Date.now();
      this.clockOffset = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000) - (before + after) / 2;
    } catch {
      // Measured again on the next 'ready'; until then commits carry no deadline.
    }
  }

  async markSeen(eventId: string, ttlMs: number): Promise<boolean> {
    return guarded('de-duplication', async () => {
      if (this.batchWrites) batchWritesThisTick(this.client);
      const reply = await this.client.set(this.keys.seen(eventId), '1', 'PX', Math.max(1, ttlMs), 'NX');
      return reply === 'OK';
    });
  }

  async load(user: UserKey): Promise<UserSnapshot> {
    const cache = this.cache;
    const cached = cache.get(user);
    const k = cached?.keys ?? this.keys.user(user);
    // KEYS then ARGV in one array: the fingerprints of what this process holds decoded, for
    // which Redis answers 1 while they are unchanged.
    const request: string[] = [k.main, k.conversation, cached?.conversation?.fp ?? ''];
    let held = cached?.conversation ? 1 : 0;
    if (cached?.profile) {
      request.push('p', cached.profile.fp);
      held += 1;
    }
    if (cached?.records) {
      for (const [name, value] of cached.records) request.push(RECORD_PREFIX + name, value.fp);
      held += cached.records.size;
    }
    if (this.batchWrites) batchWritesThisTick(this.client);
    let reply: [Array<string | number>, string | number | null];
    try {
      reply = (await this.loadScript.runFlat(this.client, 2, request)) as typeof reply;
    } catch (error) {
      throw storeFailure('load', error);
    }
    const [flat, conv] = reply;
    const { cipher } = this.opts;
    // What this process holds afterwards; `hits === held` with no miss means exactly what it held.
    const next: CachedUser = { keys: k };
    let hits = 0;
    let misses = 0;
    let version = 0;
    let profile: Profile | null = null;
    const records: Record<string, Json> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const field = flat[i] as string;
      const value = flat[i + 1] as string | number;
      if (field === 'v') version = Number(value);
      else if (field === 'p' && value) {
        let entry: CachedValue | undefined;
        if (typeof value === 'number') {
          entry = cache.hit(cached?.profile);
          profile = entry.value as Profile;
          hits += 1;
        } else {
          profile = this.codec.profile(user, value);
          entry = cache.decoded(value, profile);
          misses += 1;
        }
        if (entry) next.profile = entry;
      } else if (field.startsWith(RECORD_PREFIX)) {
        const name = field.slice(RECORD_PREFIX.length);
        let entry: CachedValue | undefined;
        if (typeof value === 'number') {
          entry = cache.hit(cached?.records?.get(name));
          records[name] = entry.value as Json;
          hits += 1;
        } else {
          const decoded = JSON.parse(cipher.decrypt(value, aad.record(user, name))) as Json;
          records[name] = decoded;
          entry = cache.decoded(value, decoded);
          misses += 1;
        }
        if (entry) {
          next.records ??= new Map();
          next.records.set(name, entry);
        }
      }
    }
    let conversation: ConversationState | null = null;
    if (typeof conv === 'string' && !this.codec.expired(conv)) {
      conversation = this.codec.conversation(user, conv);
      const entry = cache.decoded(conv, conversation, StoredValueCodec.expiresAt(conv));
      if (entry) next.conversation = entry;
      misses += 1;
    } else if (conv === 1 && (cached?.conversation?.expiresAt ?? 0) > this.clock.now()) {
      const entry = cache.hit(cached?.conversation);
      conversation = entry.value as ConversationState;
      next.conversation = entry;
      hits += 1;
    }
    // cache.get already marked the person recently used; only a change needs a new entry.
    if (misses > 0 || hits !== held) cache.set(user, next);
    return { version, conversation, profile: profile ?? emptyProfile(), records };
  }

  async commit(user: UserKey, expectedVersion: number, change: UserChange): Promise<boolean> {
    const k = this.cache.peek(user)?.keys ?? this.keys.user(user);
    const now = this.clock.now();
    const retention = retentionMs(this.opts.retentionDays);
    const cutoff = now - retention;
    const { cipher } = this.opts;

    // Entries already past retention are not stored at all.
    let byBucket: Map<string, HistoryEntry[]> | undefined;
    if (change.history?.length) {
      byBucket = new Map();
      for (const entry of change.history) {
        if (entry.at < cutoff) continue;
        const bucket = bucketOf(entry.at);
        const list = byBucket.get(bucket);
        if (list) list.push(entry);
        else byBucket.set(bucket, [entry]);
      }
    }
    // KEYS then ARGV in one array (see COMMIT_LUA for the layout).
    const request: Array<string | number> = [
      k.main,
      k.conversation,
      k.historyIndex,
      k.history(this.bucketOf(cutoff)),
    ];
    if (byBucket) for (const bucket of byBucket.keys()) request.push(k.history(bucket));
    const numKeys = request.length;
    request.push(expectedVersion, this.deadline(), now, cutoff);
    // What this commit stores, decoded, so the next load of this process needs no decryption.
    const written: CachedUser = { keys: k };
    if (change.conversation === undefined) request.push('k', '', 0);
    else if (change.conversation === null) request.push('d', '', 0);
    else {
      const ttl = this.opts.conversationTtlMs;
      const raw = `${now + ttl}|${cipher.encrypt(JSON.stringify(change.conversation), aad.conversation(user))}`;
      written.conversation = { fp: fingerprint(raw), value: change.conversation, expiresAt: now + ttl };
      request.push('s', raw, ttl);
    }
    if (change.profile) {
      const raw = cipher.encrypt(JSON.stringify(change.profile), aad.profile(user));
      written.profile = { fp: fingerprint(raw), value: change.profile };
      request.push(raw);
    } else request.push('');
    const countAt = request.length;
    let recordOps = 0;
    request.push(0);
    for (const name in change.records) {
      const value = change.records[name];
      if (value === undefined) continue;
      const field = RECORD_PREFIX + name;
      recordOps += 1;
      if (value === null) request.push(field, 'd', '');
      else {
        const raw = cipher.encrypt(JSON.stringify(value), aad.record(user, name));
        written.records ??= new Map();
        written.records.set(name, { fp: fingerprint(raw), value });
        request.push(field, 's', raw);
      }
    }
    request[countAt] = recordOps;
    request.push(byBucket?.size ?? 0);
    if (byBucket) {
      for (const [bucket, entries] of byBucket) {
        request.push(bucket, Math.max(1, bucketExpiry(bucket, retention) - now), entries.length);
        for (const entry of entries) {
          request.push(entry.at, cipher.encrypt(JSON.stringify(entry), aad.history(user)));
        }
      }
    }

    try {
      // Listed before the first write so a crash in between can only leave a harmless extra entry.
      if (expectedVersion === 0) await this.client.sadd(this.keys.registry(registryShardOf(user)), user);
      if (this.batchWrites) batchWritesThisTick(this.client);
      const result = Number(await this.commitScript.runFlat(this.client, numKeys, request));
      if (result === -1) {
        throw new CheckinError(
          ErrorCode.StoreUnavailable,
          'Redis answered too late; the commit was refused so nothing was half-applied. Try again.',
        );
      }
      if (result === 1) this.cache.committed(user, change, written);
      return result === 1;
    } catch (error) {
      throw storeFailure('commit', error);
    }
  }

  /** bucketOf(cutoff), remembered for the month it stays the same (it moves by 1 ms per ms). */
  private bucketOf(at: number): string {
    if (at < this.cutoffMonth.from || at >= this.cutoffMonth.to) {
      const d = new Date(at);
      const from = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
      const to = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
      this.cutoffMonth = { from, to, bucket: bucketOf(at) };
    }
    return this.cutoffMonth.bucket;
  }

  async history(user: UserKey, fromMs: number, toMs = Number.POSITIVE_INFINITY): Promise<HistoryEntry[]> {
    const k = this.keys.user(user);
    const now = this.clock.now();
    const from = Math.max(fromMs, now - retentionMs(this.opts.retentionDays));
    if (from >= toMs) return [];
    const buckets = await guarded('history', () => this.client.zrangebyscore(k.historyIndex, now, '+inf'));
    const wanted = buckets.filter((b) => bucketOverlaps(b, from, toMs)).sort();
    if (wanted.length === 0) return [];
    const max = Number.isFinite(toMs) ? `(${toMs}` : '+inf';
    const pipeline = this.client.multi();
    for (const bucket of wanted) pipeline.zrangebyscore(k.history(bucket), from, max);
    const replies = (await guarded('history', () => pipeline.exec())) ?? [];
    const entries: HistoryEntry[] = [];
    for (const [error, members] of replies) {
      if (error)
        throw new CheckinError(ErrorCode.StoreUnavailable, 'Redis failed to read history.', { cause: error });
      for (const member of members as string[]) entries.push(this.codec.history(user, member));
    }
    return entries.sort((a, b) => a.at - b.at);
  }

  async exportUser(user: UserKey): Promise<Json> {
    return guarded('export', () => exportUserData(this.dataContext(), user));
  }

  async forgetUser(user: UserKey): Promise<ForgetReport> {
    this.cache.drop(user);
    return guarded('forget', () => forgetUserData(this.dataContext(), user));
  }

  /** Re-encrypts every value of one person still sealed with an older key (see rotateUserData). */
  async rotateUser(user: UserKey): Promise<RotateResult> {
    this.cache.drop(user);
    return guarded('rotate-key', () => rotateUserData(this.dataContext(), user));
  }

  /** Every person with stored state, shard by shard (SSCAN of the registry, never KEYS/SCAN). */
  async *allUsers(): AsyncGenerator<UserKey> {
    for (let shard = 0; shard < REGISTRY_SHARDS; shard++) {
      yield* this.scanSet(this.keys.registry(shard));
    }
  }

  async indexUser(scope: string, user: UserKey): Promise<void> {
    await guarded('index', () =>
      Promise.all([
        this.client.sadd(this.keys.scope(scope), user),
        this.client.sadd(this.keys.user(user).scopes, scope),
      ]),
    );
  }

  async usersIn(scope: string): Promise<UserKey[]> {
    const users: UserKey[] = [];
    for await (const user of this.scanSet(this.keys.scope(scope))) users.push(user);
    return users.sort();
  }

  async dropScope(scope: string): Promise<void> {
    // Each member's own list of scopes forgets this one too (their keys live in other slots).
    for (const user of await this.usersIn(scope)) {
      await guarded('drop scope', () => this.client.srem(this.keys.user(user).scopes, scope));
    }
    await guarded('drop scope', () => this.client.del(this.keys.scope(scope)));
  }

  async ping(): Promise<void> {
    await guarded('ping', () => this.client.ping());
  }

  async close(): Promise<void> {
    if (this.opts.ownsClient === false) return;
    try {
      await this.client.quit();
    } catch {
      this.client.disconnect();
    }
  }

  private async *scanSet(key: string): AsyncGenerator<UserKey> {
    let cursor = '0';
    do {
      const [next, members] = await guarded('scan index', () => this.client.sscan(key, cursor, 'COUNT', 500));
      cursor = next;
      for (const member of members) yield member as UserKey;
    } while (cursor !== '0');
  }

  private deadline(): number {
    const timeout = this.opts.commandTimeoutMs ?? 0;
    if (!timeout || this.clockOffset === null) return 0;
    return Math.floor(Date.now() + this.clockOffset + timeout);
  }

  private dataContext(): UserDataContext {
    return {
      client: this.client,
      keys: this.keys,
      cipher: this.opts.cipher,
      now: this.clock.now(),
      retention: retentionMs(this.opts.retentionDays),
      decodeConversation: (user: UserKey, raw: string | null) => this.codec.conversation(user, raw),
      decodeProfile: (user: UserKey, raw: string) => this.codec.profile(user, raw),
      decodeHistory: (user: UserKey, raw: string) => this.codec.history(user, raw),
    };
  }
}
