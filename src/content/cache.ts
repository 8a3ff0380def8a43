import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import { z } from 'zod';
import { type Clock, systemClock } from '../core/ports.ts';
import type { KeyBuilder } from '../store/keys.ts';
import type { Digest } from './digest.ts';

/**
 * Summaries of web pages, by URL, so a link many people share is fetched once. A cached value
 * holds only the page's public content (title, ranked sentences with positions, medication facts)
 * and the URLs: never who asked, or anything they typed besides the link itself.
 */
export interface CachedSummary {
  /** The URL as asked for (normalised). */
  url: string;
  /** Where the page was found after redirects. */
  finalUrl: string;
  digest: Digest;
  /** When it was fetched (ms since the epoch). */
  fetchedAt: number;
}

export interface SummaryCache {
  /** The cached summary of `url`, or null when absent or expired. */
  get(url: string): Promise<CachedSummary | null>;
  /** Stores a summary for the cache's TTL (a TTL of 0 disables caching). */
  set(value: CachedSummary): Promise<void>;
}

/** The URL a cache entry is filed under: no fragment, lower-case scheme and host (WHATWG form). */
export function normaliseUrl(url: string): string {
  const parsed = new URL(url);
  parsed.hash = '';
  return parsed.href;
}

/** Stable, fixed-length name of a URL for the cache key. */
export function urlHash(url: string): string {
  return createHash('sha256').update(normaliseUrl(url)).digest('hex').slice(0, 40);
}

const sentenceSchema = z.object({
  text: z.string(),
  index: z.number().int(),
  start: z.number().int(),
  end: z.number().int(),
  score: z.number(),
});
const cachedSchema = z.object({
  url: z.string(),
  finalUrl: z.string(),
  fetchedAt: z.number(),
  digest: z.object({
    title: z.string().optional(),
    ranked: z.array(sentenceSchema),
    candidates: z.number().int(),
    totalSentences: z.number().int(),
    notices: z.array(z.object({ code: z.enum(['short', 'list', 'not_english']), message: z.string() })),
    medicationReasons: z.array(z.enum(['flagged', 'title', 'opening', 'density', 'summary'])),
  }),
});

/** In-process cache (the embedded default, and tests). Oldest entries go first beyond `maxEntries`. */
export class MemorySummaryCache implements SummaryCache {
  private readonly entries = new Map<string, { value: CachedSummary; expiresAt: number }>();
  constructor(
    private readonly ttlMs: number,
    private readonly clock: Clock = systemClock,
    private readonly maxEntries = 500,
  ) {}

  async get(url: string): Promise<CachedSummary | null> {
    const key = urlHash(url);
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= this.clock.now()) {
      this.entries.delete(key);
      return null;
    }
    return entry.value;
  }

  async set(value: CachedSummary): Promise<void> {
    if (this.ttlMs <= 0) return;
    const key = urlHash(value.url);
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.clock.now() + this.ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}

/**
 * Redis cache: one string key per URL (`KeyBuilder.summary`), JSON, expiring with SET EX. Public
 * page content only, so it is stored unencrypted. A value that no longer parses is treated as a miss.
 */
export class RedisSummaryCache implements SummaryCache {
  constructor(
    private readonly redis: Redis | Cluster,
    private readonly keys: KeyBuilder,
    private readonly ttlSeconds: number,
  ) {}

  async get(url: string): Promise<CachedSummary | null> {
    const raw = await this.redis.get(this.keys.summary(urlHash(url)));
    if (!raw) return null;
    try {
      const parsed = cachedSchema.safeParse(JSON.parse(raw));
      return parsed.success ? (parsed.data as CachedSummary) : null;
    } catch {
      return null;
    }
  }

  async set(value: CachedSummary): Promise<void> {
    if (this.ttlSeconds <= 0) return;
    await this.redis.set(this.keys.summary(urlHash(value.url)), JSON.stringify(value), 'EX', this.ttlSeconds);
  }
}
