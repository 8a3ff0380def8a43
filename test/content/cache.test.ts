import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CachedSummary,
  MemorySummaryCache,
  RedisSummaryCache,
  type SummaryCache,
  urlHash,
} from '../../src/content/cache.ts';
import { digestDocument } from '../../src/content/digest.ts';
import { markdownDocument } from '../../src/content/document.ts';
import { KeyBuilder } from '../../src/store/keys.ts';
import { type RedisHandle, redisTestMode, startRedis } from '../support/redis-server.ts';

const digest = digestDocument(
  markdownDocument(
    '# Light\n\nMorning light sets the body clock earlier. Evening light pushes sleep later. A walk outdoors counts.',
  ),
);
const entry = (url: string): CachedSummary => ({ url, finalUrl: `${url}?final`, digest, fetchedAt: 1_000 });

/** The same contract for every implementation. */
function contract(make: () => { cache: SummaryCache; advance: (ms: number) => Promise<void> }) {
  it('stores and returns a summary by URL, ignoring the fragment', async () => {
    const { cache } = make();
    expect(await cache.get('https://example.org/a')).toBeNull();
    await cache.set(entry('https://example.org/a'));
    expect(await cache.get('https://EXAMPLE.org/a#section-2')).toEqual(entry('https://example.org/a'));
    expect(await cache.get('https://example.org/b')).toBeNull();
  });

  it('forgets entries after the TTL', async () => {
    const { cache, advance } = make();
    await cache.set(entry('https://example.org/ttl'));
    await advance(1_500);
    expect(await cache.get('https://example.org/ttl')).toBeNull();
  });
}

describe('MemorySummaryCache', () => {
  contract(() => {
    let now = 0;
    const cache = new MemorySummaryCache(1_000, { now: () => now });
    return {
      cache,
      advance: async (ms) => {
        now += ms;
      },
    };
  });

  it('stores nothing with a TTL of 0, and drops the oldest beyond its size', async () => {
    const off = new MemorySummaryCache(0);
    await off.set(entry('https://example.org/x'));
    expect(await off.get('https://example.org/x')).toBeNull();
    const small = new MemorySummaryCache(60_000, undefined, 2);
    for (const p of ['1', '2', '3']) await small.set(entry(`https://example.org/${p}`));
    expect(await small.get('https://example.org/1')).toBeNull();
    expect(await small.get('https://example.org/3')).not.toBeNull();
  });
});

const mode = redisTestMode();
describe.skipIf(mode.kind === 'skip')('RedisSummaryCache (throwaway redis-server)', () => {
  let redis: RedisHandle | undefined;
  let client: Redis;
  const keys = new KeyBuilder('checkin-test');
  beforeAll(async () => {
    if (mode.kind === 'spawn') redis = await startRedis();
    client = new Redis(mode.kind === 'external' ? mode.url : redis!.url, { lazyConnect: false });
  });
  afterAll(async () => {
    client?.disconnect();
    await redis?.stop();
  });

  contract(() => ({
    // Redis expiry is in whole seconds: a 1 s TTL, and the test waits it out.
    cache: new RedisSummaryCache(client, keys, 1),
    advance: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  }));

  it('files the value under KeyBuilder.summary with an expiry, holding only public page content', async () => {
    const cache = new RedisSummaryCache(client, keys, 7 * 24 * 3600);
    await cache.set(entry('https://example.org/page'));
    const key = keys.summary(urlHash('https://example.org/page'));
    expect(key).toMatch(/^checkin-test:sum:[0-9a-f]{40}$/);
    const ttl = await client.ttl(key);
    expect(ttl).toBeGreaterThan(7 * 24 * 3600 - 5);
    expect(ttl).toBeLessThanOrEqual(7 * 24 * 3600);
    const stored = JSON.parse((await client.get(key))!);
    expect(Object.keys(stored).sort()).toEqual(['digest', 'fetchedAt', 'finalUrl', 'url']);
    expect(Object.keys(stored.digest).sort()).toEqual([
      'candidates',
      'medicationReasons',
      'notices',
      'ranked',
      'title',
      'totalSentences',
    ]);
  });

  it('treats a value that no longer parses as a miss', async () => {
    const cache = new RedisSummaryCache(client, keys, 60);
    await client.set(keys.summary(urlHash('https://example.org/corrupt')), '{"url": 3}');
    expect(await cache.get('https://example.org/corrupt')).toBeNull();
  });
});
