import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasCode } from '../../src/core/errors.ts';
import type { StateStore } from '../../src/core/ports.ts';
import { type RedisHandle, startRedis } from '../support/redis-server.ts';
import { conversation, ManualClock, mood, newUser, profile } from './contract.ts';
import { buildRedisStore, canSpawn } from './redis-harness.ts';

/** Resolves with how long `promise` took to reject, and its error; fails if it resolves. */
async function timedRejection(promise: Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const started = Date.now();
  try {
    await promise;
  } catch (error) {
    return { ms: Date.now() - started, error };
  }
  throw new Error('expected a rejection');
}

async function until(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('condition not met in time');
}

const reachable = (store: StateStore) => store.ping().then(() => true);

// Needs its own servers to pause and kill: never an external CHECKIN_TEST_REDIS_URL.
describe.skipIf(!canSpawn)('Redis store during an outage', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('fails fast while Redis is paused, never lands a timed-out commit, and recovers', async () => {
    const server = await startRedis();
    cleanups.push(() => server.stop());
    const clock = new ManualClock();
    const { store } = await buildRedisStore({ REDIS_URL: server.url }, clock);
    cleanups.push(() => store.close());
    const user = newUser();
    expect(await store.commit(user, 0, { conversation: conversation(clock.now()), profile: profile() })).toBe(
      true,
    );
    await until(async () => (store as unknown as { clockOffset: number | null }).clockOffset !== null);

    server.process?.kill('SIGSTOP');
    try {
      const ping = await timedRejection(store.ping());
      expect(hasCode(ping.error, 'store_unavailable')).toBe(true);
      expect(ping.ms).toBeLessThan(2_000);
      const commit = await timedRejection(
        store.commit(user, 1, { history: [mood(clock.now(), 1, 'lost?')] }),
      );
      expect(hasCode(commit.error, 'store_unavailable')).toBe(true);
      expect(commit.ms).toBeLessThan(2_000);
      expect(hasCode((await timedRejection(store.load(user))).error, 'store_unavailable')).toBe(true);
    } finally {
      server.process?.kill('SIGCONT');
    }
    await until(() => reachable(store));
    // Redis ran the queued commit after the pause; its deadline had passed, so it wrote nothing.
    const after = await store.load(user);
    expect(after.version).toBe(1);
    expect(await store.history(user, 0)).toEqual([]);
    expect(after.conversation).toEqual(conversation(clock.now()));
    // The turn is simply retried now and lands once.
    expect(await store.commit(user, 1, { history: [mood(clock.now(), 1, 'retried')] })).toBe(true);
    expect(await store.history(user, 0)).toHaveLength(1);
  });

  it('fails fast while Redis is stopped and reconnects by itself to the same data (append-only)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'checkin-aof-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const aof = ['--appendonly', 'yes', '--appendfsync', 'always'];
    let server: RedisHandle = await startRedis(aof, { dir });
    const port = server.port;
    cleanups.push(() => server.stop());
    const clock = new ManualClock();
    const { store } = await buildRedisStore({ REDIS_URL: server.url }, clock);
    cleanups.push(() => store.close());
    const user = newUser();
    await store.commit(user, 0, { conversation: conversation(clock.now()), profile: profile() });

    await server.stop();
    const load = await timedRejection(store.load(user));
    expect(hasCode(load.error, 'store_unavailable')).toBe(true);
    expect(load.ms).toBeLessThan(1_000);
    const commit = await timedRejection(store.commit(user, 1, { conversation: null }));
    expect(hasCode(commit.error, 'store_unavailable')).toBe(true);
    expect(hasCode((await timedRejection(store.ping())).error, 'store_unavailable')).toBe(true);

    server = await startRedis(aof, { dir, port });
    await until(() => reachable(store));
    const snapshot = await store.load(user);
    expect(snapshot.version).toBe(1);
    expect(snapshot.conversation).toEqual(conversation(clock.now()));
    expect(await store.commit(user, 1, { conversation: null })).toBe(true);
  });
});
