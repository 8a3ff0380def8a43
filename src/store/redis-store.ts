import type { Cluster, Redis } from 'ioredis';
import { CheckinError, ErrorCode } from '../core/errors.ts';
import type { Json } from '../core/json.ts';
import type { Clock, ForgetReport, Logger, StateStore, UserChange, UserSnapshot } from '../core/ports.ts';
import { systemClock } from '../core/ports.ts';
import {
  type ConversationState,
  conversationStateSchema,
  emptyProfile,
  type HistoryEntry,
  historyEntrySchema,
  type Profile,
  profileSchema,
} from '../core/state.ts';
import type { UserKey } from '../core/user-key.ts';
import type { Cipher } from './crypto.ts';
import { bucketExpiry, bucketOf, bucketOverlaps, retentionMs } from './history-buckets.ts';
import type { KeyBuilder } from './keys.ts';
import { batchWritesThisTick } from './redis-client.ts';
import { guarded } from './redis-errors.ts';
import { aad, RECORD_PREFIX, REGISTRY_SHARDS, registryShardOf } from './redis-layout.ts';
import { COMMIT_LUA, LOAD_LUA, Script } from './redis-scripts.ts';
import {
  type CachedUser,
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
   * 0 disables. Default 10,000 (about 20 MB at most).
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
  private readonly batchWrites: boolean;
  /** Redis time minus local time (ms), measured on each (re)connect; null until measured. */
  private clockOffset: number | null = null;

  constructor(options: RedisStoreOptions) {
    this.opts = options;
    this.client = options.client;
    this.clock = options.clock ?? systemClock;
    this.batchWrites = options.batchWrites ?? true;
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
    const k = this.keys.user(user);
    const cache = this.cache;
    const cached = cache.get(user);
    // Fingerprints of what this process holds decoded: Redis answers 1 for those unchanged.
    const held: string[] = [cached?.conversation?.fp ?? ''];
    if (cached?.profile) held.push('p', cached.profile.fp);
    for (const [name, value] of cached?.records ?? []) held.push(RECORD_PREFIX + name, value.fp);
    if (this.batchWrites) batchWritesThisTick(this.client);
    const [flat, conv] = (await guarded('load', () =>
      this.loadScript.run(this.client, [k.main, k.conversation], held),
    )) as [Array<string | number>, string | number | null];
    const { cipher } = this.opts;
    const next: CachedUser = {};
    let version = 0;
    let profile: Profile | null = null;
    const records: Record<string, Json> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const field = flat[i] as string;
      const value = flat[i + 1] as string | number;
      if (field === 'v') version = Number(value);
      else if (field === 'p' && value) {
        profile = cache.value(
          value,
          cached?.profile,
          (raw) => this.decodeProfile(user, raw),
          (c) => {
            next.profile = c;
          },
        );
      } else if (field.startsWith(RECORD_PREFIX)) {
        const name = field.slice(RECORD_PREFIX.length);
        records[name] = cache.value(
          value,
          cached?.records?.get(name),
          (raw) => JSON.parse(cipher.decrypt(raw, aad.record(user, name))) as Json,
          (c) => {
            next.records ??= new Map();
            next.records.set(name, c);
          },
        ) as Json;
      }
    }
    let conversation: ConversationState | null = null;
    if (typeof conv === 'string' && !this.expired(conv)) {
      conversation = cache.value(
        conv,
        undefined,
        (raw) => this.decodeConversation(user, raw),
        (c) => {
          next.conversation = c;
        },
        (raw) => Number(raw.slice(0, raw.indexOf('|'))),
      );
    } else if (conv === 1 && (cached?.conversation?.expiresAt ?? 0) > this.clock.now()) {
      conversation = cache.value(
        conv,
        cached?.conversation,
        () => null,
        (c) => {
          next.conversation = c;
        },
      );
    }
    cache.set(user, next);
    return { version, conversation, profile: profile ?? emptyProfile(), records };
  }

  async commit(user: UserKey, expectedVersion: number, change: UserChange): Promise<boolean> {
    const k = this.keys.user(user);
    const now = this.clock.now();
    const retention = retentionMs(this.opts.retentionDays);
    const cutoff = now - retention;
    const { cipher } = this.opts;

    const args: Array<string | number> = [expectedVersion, this.deadline(), now, cutoff];
    // What this commit stores, decoded, so the next load of this process needs no decryption.
    const written: CachedUser = {};
    if (change.conversation === undefined) args.push('k', '', 0);
    else if (change.conversation === null) args.push('d', '', 0);
    else {
      const ttl = this.opts.conversationTtlMs;
      const json = JSON.stringify(change.conversation);
      const raw = `${now + ttl}|${cipher.encrypt(json, aad.conversation(user))}`;
      written.conversation = { fp: fingerprint(raw), value: change.conversation, expiresAt: now + ttl };
      args.push('s', raw, ttl);
    }
    if (change.profile) {
      const json = JSON.stringify(change.profile);
      const raw = cipher.encrypt(json, aad.profile(user));
      written.profile = { fp: fingerprint(raw), value: change.profile };
      args.push(raw);
    } else args.push('');
    const recordOps = Object.entries(change.records ?? {});
    args.push(recordOps.length);
    for (const [name, value] of recordOps) {
      const field = RECORD_PREFIX + name;
      if (value === null) args.push(field, 'd', '');
      else {
        const json = JSON.stringify(value);
        const raw = cipher.encrypt(json, aad.record(user, name));
        written.records ??= new Map();
        written.records.set(name, { fp: fingerprint(raw), value });
        args.push(field, 's', raw);
      }
    }

    // Entries already past retention are not stored at all.
    const byBucket = new Map<string, HistoryEntry[]>();
    for (const entry of change.history ?? []) {
      if (entry.at < cutoff) continue;
      const bucket = bucketOf(entry.at);
      byBucket.set(bucket, [...(byBucket.get(bucket) ?? []), entry]);
    }
    const keys = [k.main, k.conversation, k.historyIndex, k.history(bucketOf(cutoff))];
    args.push(byBucket.size);
    for (const [bucket, entries] of byBucket) {
      keys.push(k.history(bucket));
      args.push(bucket, Math.max(1, bucketExpiry(bucket, retention) - now), entries.length);
      for (const entry of entries) {
        args.push(entry.at, cipher.encrypt(JSON.stringify(entry), aad.history(user)));
      }
    }

    return guarded('commit', async () => {
      // Listed before the first write so a crash in between can only leave a harmless extra entry.
      if (expectedVersion === 0) await this.client.sadd(this.keys.registry(registryShardOf(user)), user);
      if (this.batchWrites) batchWritesThisTick(this.client);
      const result = Number(await this.commitScript.run(this.client, keys, args));
      if (result === -1) {
        throw new CheckinError(
          ErrorCode.StoreUnavailable,
          'Redis answered too late; the commit was refused so nothing was half-applied. Try again.',
        );
      }
      if (result === 1) this.cache.committed(user, change, written);
      return result === 1;
    });
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
      for (const member of members as string[]) entries.push(this.decodeHistory(user, member));
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
      decodeConversation: (user: UserKey, raw: string | null) => this.decodeConversation(user, raw),
      decodeProfile: (user: UserKey, raw: string) => this.decodeProfile(user, raw),
      decodeHistory: (user: UserKey, raw: string) => this.decodeHistory(user, raw),
    };
  }

  /** The key expires by itself; the stored deadline makes expiry exact under any Clock. */
  private expired(raw: string): boolean {
    return Number(raw.slice(0, raw.indexOf('|'))) <= this.clock.now();
  }

  private decodeConversation(user: UserKey, raw: string | null): ConversationState | null {
    if (!raw || this.expired(raw)) return null;
    const bar = raw.indexOf('|');
    const parsed = conversationStateSchema.safeParse(
      JSON.parse(this.opts.cipher.decrypt(raw.slice(bar + 1), aad.conversation(user))),
    );
    if (parsed.success) return parsed.data;
    // A conversation written by an incompatible version: start afresh rather than fail every turn.
    this.opts.logger?.warn({ code: ErrorCode.StoreCorrupt }, 'stored conversation unreadable; dropped');
    return null;
  }

  private decodeProfile(user: UserKey, raw: string): Profile {
    const parsed = profileSchema.safeParse(JSON.parse(this.opts.cipher.decrypt(raw, aad.profile(user))));
    if (parsed.success) return parsed.data;
    throw new CheckinError(
      ErrorCode.StoreCorrupt,
      `The stored profile of ${user} does not match the schema.`,
      {
        cause: parsed.error,
      },
    );
  }

  private decodeHistory(user: UserKey, raw: string): HistoryEntry {
    return historyEntrySchema.parse(JSON.parse(this.opts.cipher.decrypt(raw, aad.history(user))));
  }
}
