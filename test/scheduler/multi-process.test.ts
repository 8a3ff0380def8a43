import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReminderRule } from '../../src/core/state.ts';
import { RedisDueIndex } from '../../src/scheduler/redis-due-index.ts';
import { Scheduler } from '../../src/scheduler/scheduler.ts';
import { createCipher } from '../../src/store/crypto.ts';
import { KeyBuilder } from '../../src/store/keys.ts';
import { directAddress, redisFixture } from './support.ts';

/**
 * Three worker processes share one Redis due index; 10,000 reminders are due in the same minute;
 * one worker is SIGKILLed mid-batch. The sink (a Redis list) must show no owner twice, and the
 * missing ones — those the killed worker had taken markers for but not sent — at most one batch.
 */

const redis = redisFixture();
beforeAll(() => redis.start());
afterAll(() => redis.stop());

const WORKER = fileURLToPath(new URL('./fixtures/reminder-worker.ts', import.meta.url));
const COUNT = 10_000;
const BATCH = 500;
const SHARDS = 4;
const KEY = Buffer.alloc(32, 3).toString('base64');

describe.skipIf(redis.skip)('reminders across processes', () => {
  it('delivers each of 10,000 at most once when a worker is killed mid-batch', async () => {
    await redis.client.flushdb();
    const keys = new KeyBuilder('mp');
    const index = new RedisDueIndex({ client: redis.client, keys, shards: SHARDS });
    // Schedule with a clock one minute before the due minute, in UTC.
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    const dueMs = minute + 60_000;
    const time = new Date(dueMs).toISOString().slice(11, 16);
    const rule: ReminderRule = { time, days: [1, 2, 3, 4, 5, 6, 7], enabled: true };
    const driver = new Scheduler({
      index,
      cipher: createCipher({ current: KEY }),
      clock: { now: () => minute },
      deliver: async () => ({ status: 'delivered' }),
    });
    for (let i = 0; i < COUNT; i += 500) {
      await Promise.all(
        Array.from({ length: 500 }, (_, j) =>
          driver.schedule({
            owner: `local:p${i + j}`,
            rule,
            timeZone: 'UTC',
            address: directAddress(`p${i + j}`),
          }),
        ),
      );
    }
    expect(await index.size()).toBe(COUNT);

    // Workers see a clock 1 s past the due time, so everything is due at once.
    const offset = dueMs + 1000 - Date.now();
    const spawnWorker = (id: number): ChildProcess =>
      fork(WORKER, [], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        env: {
          ...process.env,
          WORKER_ID: String(id),
          REDIS_URL: redis.url,
          CLOCK_OFFSET_MS: String(offset),
          SEND_MS: '15',
          LEASE_MS: '3000',
          BATCH: String(BATCH),
          CONCURRENCY: '50',
          SHARDS: String(SHARDS),
          KEY,
        },
      });
    // The victim starts first, so it is surely mid-work when killed however slow the others start.
    const workers: ChildProcess[] = [spawnWorker(0)];
    await new Promise((resolve) => (workers[0] as ChildProcess).once('message', resolve));
    workers.push(spawnWorker(1), spawnWorker(2));
    try {
      // Kill worker 0 once it is well into its second batch.
      const victim = workers[0] as ChildProcess;
      const deadline = Date.now() + 30_000;
      let victimSent = 0;
      while (Date.now() < deadline) {
        const sink = await redis.client.lrange('sink', 0, -1);
        victimSent = sink.filter((e) => e.startsWith('0|')).length;
        if (victimSent >= BATCH + 150) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      victim.kill('SIGKILL');
      expect(victimSent).toBeGreaterThan(BATCH);

      // The survivors finish, including the killed worker's batch once its lease expires.
      const settleBy = Date.now() + 30_000;
      const now = () => Date.now() + offset;
      for (;;) {
        let pending = 0;
        for (let s = 0; s < SHARDS; s++) {
          const k = keys.reminders(s);
          pending += (await redis.client.zcount(k.due, '-inf', now())) + (await redis.client.zcard(k.lease));
        }
        if (pending === 0) break;
        if (Date.now() > settleBy) throw new Error(`${pending} reminders still pending`);
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      for (const w of workers) w.kill('SIGTERM');
      await Promise.all(
        workers.map((w) =>
          w.exitCode === null && w.signalCode === null ? new Promise((r) => w.once('exit', r)) : null,
        ),
      );
    }

    const sink = await redis.client.lrange('sink', 0, -1);
    const owners = sink.map((e) => e.slice(e.indexOf('|') + 1));
    const unique = new Set(owners);
    const duplicates = owners.length - unique.size;
    const missing = COUNT - unique.size;
    const perWorker = [0, 1, 2].map((id) => sink.filter((e) => e.startsWith(`${id}|`)).length);
    console.log(
      `multi-process: delivered ${unique.size}, duplicates ${duplicates}, missing (in flight at SIGKILL) ${missing}, per worker ${perWorker.join('/')}`,
    );
    expect(duplicates).toBe(0);
    expect(missing).toBeLessThanOrEqual(BATCH);
    // Every schedule moved on to tomorrow, delivered or not: nothing is stuck.
    expect(await index.size()).toBe(COUNT);
    for (let s = 0; s < SHARDS; s++) {
      expect(await redis.client.zcount(keys.reminders(s).due, '-inf', dueMs + 86_400_000 - 1)).toBe(0);
    }
  });
});
