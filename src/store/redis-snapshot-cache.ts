import type { UserChange } from '../core/ports.ts';
import type { UserKey } from '../core/user-key.ts';
import type { KeyBuilder } from './keys.ts';

/**
 * Per-process cache of decoded values, keyed by each value's fingerprint in Redis.
 *
 * `load` still asks Redis in one round trip, naming the fingerprint of every value this process
 * holds decoded for the person (see LOAD_LUA). Redis answers "unchanged" for a value whose stored
 * form still has that fingerprint and sends the others in full, which are decrypted and validated
 * as always. The fingerprint is the value's tail, ending in its AES-GCM tag: every write seals
 * with a fresh IV, so every write has a new tag, and no tag can be matched without the key. So
 * this is correct whoever writes meanwhile — another process, a forget and re-creation at the
 * same version, a key rotation, a value copied from another person: each changes the tag and is
 * read in full. Writes stay version-checked by the commit script.
 *
 * A hit returns the cached object itself, deep-frozen (Object.freeze): the bot core and engine
 * treat snapshots as immutable (copy-on-write, as with the in-memory store), so no copy is made,
 * and a caller that tried to mutate one would get a TypeError instead of changing what the next
 * load sees. Bounded: least recently used people are evicted.
 */

/**
 * Freezes `value` and everything reachable from it, in place; returns it. An object already frozen
 * is taken as done (this module freezes only deeply), so a new state that shares unchanged parts
 * with the previous one (copy-on-write) costs only its new parts.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) deepFreeze(value[i]);
  } else {
    for (const key in value) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** Characters at the end of a stored value compared by the load script (covers the 16-byte tag). */
export const FINGERPRINT_CHARS = 24;

/**
 * The fingerprint of a stored value: its last FINGERPRINT_CHARS characters, built from two short
 * slices so it is a copy (V8 keeps a long slice pointing into the whole value, which would keep
 * every cached value's full ciphertext alive).
 */
export function fingerprint(raw: string): string {
  const tail = raw.length > FINGERPRINT_CHARS ? raw.length - FINGERPRINT_CHARS : 0;
  const middle = Math.min(raw.length, tail + FINGERPRINT_CHARS / 2);
  return raw.slice(tail, middle) + raw.slice(middle);
}

/** One decoded value and the fingerprint of the stored form it came from. */
export interface CachedValue {
  /** fingerprint() of the value as stored in Redis (for the conversation: `<expires at>|<sealed>`). */
  fp: string;
  /** The decoded, validated value, deep-frozen (handed out as it is on every hit). */
  value: unknown;
  /** The conversation's idle expiry (ms), checked on every hit. */
  expiresAt?: number;
}

/** What is cached for one person: any subset of their fields. */
export interface CachedUser {
  conversation?: CachedValue;
  profile?: CachedValue;
  /** Record name → value. */
  records?: Map<string, CachedValue>;
  /** The person's Redis key names (built once, reused by every turn while they stay cached). */
  keys?: UserKeys;
}

/** The key names KeyBuilder.user() returns. */
export type UserKeys = ReturnType<KeyBuilder['user']>;

/** Hit and miss counts, per decoded field (for the benchmark and tests). */
export interface SnapshotCacheStats {
  hits: number;
  misses: number;
  /** People currently held. */
  size: number;
}

/** Default number of people held: about 1.5 KB each for a typical conversation, so ~15 MB at most. */
export const DEFAULT_SNAPSHOT_CACHE_SIZE = 10_000;

export class SnapshotCache {
  private readonly entries = new Map<UserKey, CachedUser>();
  private hits = 0;
  private misses = 0;

  /** `capacity` people at most; 0 disables caching (every load decrypts and validates). */
  constructor(readonly capacity: number = DEFAULT_SNAPSHOT_CACHE_SIZE) {}

  /** The person's cached fields without marking them recently used, or undefined. */
  peek(user: UserKey): CachedUser | undefined {
    return this.entries.get(user);
  }

  /** The person's cached fields (marked as recently used), or undefined. */
  get(user: UserKey): CachedUser | undefined {
    const entry = this.entries.get(user);
    if (entry) {
      // Map keeps insertion order: re-inserting moves the person to the most recent end.
      this.entries.delete(user);
      this.entries.set(user, entry);
    }
    return entry;
  }

  /** Replaces what is held for the person, evicting the least recently used beyond capacity. */
  set(user: UserKey, entry: CachedUser): void {
    if (this.capacity <= 0) return;
    this.entries.delete(user);
    this.entries.set(user, entry);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as UserKey;
      this.entries.delete(oldest);
    }
  }

  /** Forgets the person (after forget or key rotation; a stale entry would only miss anyway). */
  drop(user: UserKey): void {
    this.entries.delete(user);
  }

  /**
   * The decoded value for one field of a load reply: the integer 1 means "unchanged since
   * `cached`" (the load script compared fingerprints), so it comes from the cache; a string is
   * `decode`d (decrypt + validate) and remembered. `decode` returning null caches nothing.
   */
  value<T>(
    reply: string | number,
    cached: CachedValue | undefined,
    decode: (raw: string) => T | null,
    remember: (value: CachedValue) => void,
    expiresAt?: (raw: string) => number,
  ): T | null {
    if (typeof reply === 'number') {
      const hit = this.hit(cached);
      remember(hit);
      return hit.value as T;
    }
    const value = decode(reply);
    const entry = this.decoded(reply, value, expiresAt?.(reply));
    if (entry) remember(entry);
    return value;
  }

  /** A value Redis reported unchanged (reply 1): the held entry, counted as a hit. */
  hit(cached: CachedValue | undefined): CachedValue {
    if (!cached) throw new Error('Redis reported a value unchanged that this process does not hold');
    this.hits += 1;
    return cached;
  }

  /**
   * A value Redis sent in full (`raw`) and the caller decoded: counted as a miss; returns the entry
   * to hold (the value deep-frozen), or undefined when nothing is to be held.
   */
  decoded(raw: string, value: unknown, expiresAt?: number): CachedValue | undefined {
    this.misses += 1;
    if (value === null || this.capacity <= 0) return undefined;
    const entry: CachedValue = { fp: fingerprint(raw), value: deepFreeze(value) };
    if (expiresAt !== undefined) entry.expiresAt = expiresAt;
    return entry;
  }

  /**
   * After a successful commit: what the process holds for the person becomes what it just wrote
   * (`written`), on top of what it held (fields the change left alone are unchanged in Redis too).
   * Entries are checked by fingerprint on the next load, so a wrong guess here could only cause a
   * miss, never a stale read.
   */
  committed(user: UserKey, change: UserChange, written: CachedUser): void {
    if (this.capacity <= 0) return;
    // The caller's committed objects become the cached ones: frozen here, after the write landed.
    if (written.conversation) deepFreeze(written.conversation.value);
    if (written.profile) deepFreeze(written.profile.value);
    if (written.records) for (const entry of written.records.values()) deepFreeze(entry.value);
    const held = this.get(user) ?? {};
    const next: CachedUser = { ...held };
    if (change.conversation === null) delete next.conversation;
    else if (written.conversation) next.conversation = written.conversation;
    if (written.profile) next.profile = written.profile;
    if (written.keys) next.keys ??= written.keys;
    if (change.records) {
      const records = new Map(held.records);
      for (const [name, value] of Object.entries(change.records)) {
        if (value === null) records.delete(name);
      }
      for (const [name, value] of written.records ?? []) records.set(name, value);
      next.records = records;
    }
    this.set(user, next);
  }

  stats(): SnapshotCacheStats {
    return { hits: this.hits, misses: this.misses, size: this.entries.size };
  }
}
