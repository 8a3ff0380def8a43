import type { UserKey } from '../core/user-key.ts';

/**
 * Per-process cache of decoded values, keyed by their exact stored (sealed) form.
 *
 * `load` still reads the person's values from Redis in one round trip, then compares each stored
 * string with the one this process last decrypted, validated or wrote for that field. Only an
 * identical string is served from here (no AES, no zod); anything else is decrypted and
 * validated as before. Because a fresh IV makes every write's ciphertext unique, equality of the
 * sealed string means equality of the content — so this is correct whoever writes meanwhile
 * (another process, a forget and re-creation, a key rotation, a hand-edited value: each changes
 * the string and is read in full). Writes stay version-checked by the commit script.
 *
 * Each hit returns a new object (parsed from the cached JSON), so a caller mutating its snapshot
 * cannot change what the next load sees. Bounded: least recently used people are evicted.
 */

/** One decoded value and the stored string it came from. */
export interface CachedValue {
  /** The value exactly as stored in Redis (for the conversation: `<expires at>|<sealed>`). */
  raw: string;
  /** The decoded, validated value as JSON (parsed anew for every hit). */
  json: string;
}

/** What is cached for one person: any subset of their fields. */
export interface CachedUser {
  conversation?: CachedValue;
  profile?: CachedValue;
  /** Record name → value. */
  records?: Map<string, CachedValue>;
}

/** Hit and miss counts, per decoded field (for the benchmark and tests). */
export interface SnapshotCacheStats {
  hits: number;
  misses: number;
  /** People currently held. */
  size: number;
}

/** Default number of people held: about 2 KB each for a typical conversation, so ~20 MB at most. */
export const DEFAULT_SNAPSHOT_CACHE_SIZE = 10_000;

export class SnapshotCache {
  private readonly entries = new Map<UserKey, CachedUser>();
  private hits = 0;
  private misses = 0;

  /** `capacity` people at most; 0 disables caching (every load decrypts and validates). */
  constructor(readonly capacity: number = DEFAULT_SNAPSHOT_CACHE_SIZE) {}

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
   * The decoded value for `raw`: from the cache when `cached` holds the same stored string,
   * otherwise `decode(raw)` (decrypt + validate), remembered in `into` for next time.
   * `decode` returning null (expired, unreadable) caches nothing.
   */
  value<T>(
    raw: string,
    cached: CachedValue | undefined,
    decode: (raw: string) => T | null,
    remember: (value: CachedValue) => void,
  ): T | null {
    if (cached && cached.raw === raw) {
      this.hits += 1;
      remember(cached);
      return JSON.parse(cached.json) as T;
    }
    this.misses += 1;
    const value = decode(raw);
    if (value !== null && this.capacity > 0) remember({ raw, json: JSON.stringify(value) });
    return value;
  }

  stats(): SnapshotCacheStats {
    return { hits: this.hits, misses: this.misses, size: this.entries.size };
  }
}
