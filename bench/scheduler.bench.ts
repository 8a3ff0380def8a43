/**
 * Reminder scheduling at scale, against a throwaway redis-server started here:
 * - scheduling 1,000,000 people (time; Redis memory of the due index per person);
 * - claim + next occurrence + reschedule of 100,000 due reminders with a no-op sink, next to a
 *   bare Lua claim of the same batches;
 * - the bot process's memory with 10,000 and with 1,000,000 people scheduled;
 * - one node-cron task per person for 10,000 and 100,000 people (creation time, heap), the
 *   design this scheduler replaces.
 * `--quick` shrinks every count to a smoke test.
 */
import { execFileSync, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import type { ConversationAddress } from '../src/core/address.ts';
import type { ReminderRule } from '../src/core/state.ts';
import { nextFire } from '../src/scheduler/next-fire.ts';
import { RedisDueIndex } from '../src/scheduler/redis-due-index.ts';
import { Scheduler } from '../src/scheduler/scheduler.ts';
import { createCipher } from '../src/store/crypto.ts';
import { KeyBuilder } from '../src/store/keys.ts';
import { redisServerAvailable, startRedis } from '../test/support/redis-server.ts';
import type { Benchmark, Figure } from './types.ts';

const CHILD = fileURLToPath(new URL('../test/scheduler/fixtures/bench-child.ts', import.meta.url));
const SHARDS = 16;
const BATCH = 500;
const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney', 'Asia/Tokyo', 'UTC'];

function child(args: string[]): Record<string, number> {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as Record<string, number>;
}

function person(i: number): {
  owner: string;
  address: ConversationAddress;
  rule: ReminderRule;
  timeZone: string;
} {
  const team = `T0${(i % 97).toString().padStart(8, '0')}`;
  const user = `U0${i.toString(36).toUpperCase().padStart(8, '0')}`;
  return {
    owner: `slack:${team}:${user}`,
    address: {
      platform: 'slack',
      id: `slack:${team}:D${user.slice(1)}`,
      scope: 'direct',
      ref: { channel: `D${user.slice(1)}` },
    },
    rule: {
      time: `0${6 + (i % 4)}:${String(i % 60).padStart(2, '0')}`,
      days: [1, 2, 3, 4, 5],
      enabled: true,
    },
    timeZone: ZONES[i % ZONES.length] as string,
  };
}

async function scheduleRange(scheduler: Scheduler, from: number, to: number): Promise<void> {
  const inFlight = 2000;
  for (let i = from; i < to; i += inFlight) {
    const end = Math.min(to, i + inFlight);
    await Promise.all(Array.from({ length: end - i }, (_, j) => scheduler.schedule(person(i + j))));
  }
}

async function memoryOf(client: Redis, keys: string[]): Promise<number> {
  let total = 0;
  for (const key of keys) total += Number((await client.call('MEMORY', 'USAGE', key, 'SAMPLES', '0')) ?? 0);
  return total;
}

/** CPU seconds the Redis server has used (user + system), from INFO cpu. */
async function redisCpuSeconds(client: Redis): Promise<number> {
  const info = await client.info('cpu');
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? Number.NaN);
  return field('used_cpu_user') + field('used_cpu_sys');
}

function cpuMicros(usage: NodeJS.CpuUsage): number {
  return usage.user + usage.system;
}

const BARE_CLAIM = `
local members = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
if #members == 0 then return members end
local args = {}
for i = 1, #members do args[#args + 1] = ARGV[3]; args[#args + 1] = members[i] end
redis.call('ZADD', KEYS[2], unpack(args))
redis.call('ZREM', KEYS[1], unpack(members))
return members
`;

const bench: Benchmark = {
  name: 'scheduler',
  description:
    'reminders: due index memory, claim throughput, process memory, vs one node-cron task per user',
  async run({ quick }) {
    if (!redisServerAvailable()) {
      process.stdout.write('  (skipped: redis-server is not installed)\n');
      return {};
    }
    const people = quick ? 10_000 : 1_000_000;
    const small = quick ? 1_000 : 10_000;
    const due = quick ? 5_000 : 100_000;
    const cronCounts = quick ? [1_000, 2_000] : [10_000, 100_000];
    const key = randomBytes(32).toString('base64');
    const figures: Record<string, Figure> = {};
    const redis = await startRedis(['--maxmemory', '0']);
    const client = new Redis(redis.url);
    try {
      // 1. Throughput: `due` reminders due at T, end to end, then a bare claim of the same batches.
      const T = Date.parse('2026-06-01T12:00:00Z');
      const tpKeys = new KeyBuilder('tp');
      const tpIndex = new RedisDueIndex({ client, keys: tpKeys, shards: SHARDS });
      const cipher = createCipher({ current: key });
      const rule: ReminderRule = { time: '12:00', days: [1, 2, 3, 4, 5, 6, 7], enabled: true };
      const setup = new Scheduler({
        index: tpIndex,
        cipher,
        clock: { now: () => T - 3_600_000 },
        deliver: async () => ({ status: 'delivered' }),
      });
      for (let i = 0; i < due; i += 2000) {
        await Promise.all(
          Array.from({ length: Math.min(2000, due - i) }, (_, j) => {
            const p = person(i + j);
            return setup.schedule({ ...p, rule, timeZone: 'UTC' });
          }),
        );
      }
      let sent = 0;
      const worker = new Scheduler({
        index: tpIndex,
        cipher,
        clock: { now: () => T + 1000 },
        batch: BATCH,
        deliver: async () => {
          sent++;
          return { status: 'delivered' };
        },
      });
      let redisCpu = await redisCpuSeconds(client);
      const botCpu = process.cpuUsage();
      let started = performance.now();
      const report = await worker.runOnce();
      const e2eSeconds = (performance.now() - started) / 1000;
      const botCpuUs = cpuMicros(process.cpuUsage(botCpu)) / due;
      const redisCpuUs = (((await redisCpuSeconds(client)) - redisCpu) * 1e6) / due;
      if (sent !== due || report.delivered !== due)
        throw new Error(`expected ${due} deliveries, got ${sent}`);
      // The same again with two bot processes sharing the index (claims are atomic, so they add up).
      const T2 = T + 86_400_000;
      const processes = 2;
      const drains = Array.from({ length: processes }, () =>
        fork(CHILD, ['drain', redis.url, String(SHARDS), key, String(T2 + 1000), 'tp'], {
          execArgv: ['--expose-gc', '--import', 'tsx'],
          stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        }),
      );
      await Promise.all(drains.map((d) => new Promise((resolve) => d.once('message', resolve))));
      const done = drains.map(
        (d) =>
          new Promise<{ delivered: number }>((resolve) => d.once('message', resolve as (m: unknown) => void)),
      );
      started = performance.now();
      for (const d of drains) d.send('go');
      const results = await Promise.all(done);
      const multiSeconds = (performance.now() - started) / 1000;
      const multiDelivered = results.reduce((a, r) => a + r.delivered, 0);
      if (multiDelivered !== due)
        throw new Error(`${processes} processes delivered ${multiDelivered} of ${due}`);
      // The same entries are now due two days later: claim them bare, batch by batch, shard by shard.
      const later = T + 2 * 86_400_000 + 1000;
      redisCpu = await redisCpuSeconds(client);
      started = performance.now();
      let bare = 0;
      for (let shard = 0; shard < SHARDS; shard++) {
        const k = tpKeys.reminders(shard);
        for (;;) {
          const got = (await client.eval(
            BARE_CLAIM,
            2,
            k.due,
            k.lease,
            later,
            BATCH,
            later + 60_000,
          )) as string[];
          bare += got.length;
          if (got.length < BATCH) break;
        }
      }
      const bareSeconds = (performance.now() - started) / 1000;
      const bareRedisCpuUs = (((await redisCpuSeconds(client)) - redisCpu) * 1e6) / due;
      if (bare !== due) throw new Error(`bare claim took ${bare} of ${due}`);
      // Where the end-to-end time goes, per reminder, in this run.
      const sealed = cipher.encrypt(
        JSON.stringify({ v: 1, rule, timeZone: 'Europe/Berlin', address: person(1).address }),
        'x',
      );
      const reps = quick ? 2_000 : 20_000;
      started = performance.now();
      for (let i = 0; i < reps; i++) cipher.decrypt(sealed, 'x');
      const decryptUs = ((performance.now() - started) * 1000) / reps;
      started = performance.now();
      for (let i = 0; i < reps; i++) nextFire(T + i * 60_000, rule, 'Europe/Berlin');
      const nextFireUs = ((performance.now() - started) * 1000) / reps;
      figures['reminders per second (end to end)'] = {
        value: due / e2eSeconds,
        unit: '/s',
        baseline: due / bareSeconds,
        baselineLabel: 'bare Lua claim',
        target: '≥ 100,000 /s',
      };
      figures[`reminders per second (end to end, ${processes} processes)`] = {
        value: due / multiSeconds,
        unit: '/s',
        baseline: due / bareSeconds,
        baselineLabel: 'bare Lua claim',
        target: '≥ 100,000 /s',
      };
      figures['bot CPU per reminder (end to end)'] = { value: botCpuUs, unit: 'µs' };
      figures['Redis CPU per reminder (end to end)'] = {
        value: redisCpuUs,
        unit: 'µs',
        baseline: bareRedisCpuUs,
        baselineLabel: 'bare Lua claim',
      };
      figures['of which: AES-GCM decrypt per reminder'] = { value: decryptUs, unit: 'µs' };
      figures['of which: nextFire per reminder'] = { value: nextFireUs, unit: 'µs' };
      await client.flushdb();

      // 2. Scheduling `people`, with the process memory measured at `small` and at `people`.
      const keys = new KeyBuilder('bench');
      const index = new RedisDueIndex({ client, keys, shards: SHARDS });
      const scheduler = new Scheduler({ index, cipher, deliver: async () => ({ status: 'delivered' }) });
      started = performance.now();
      await scheduleRange(scheduler, 0, small);
      let scheduleSeconds = (performance.now() - started) / 1000;
      const atSmall = child(['scheduler', redis.url, String(SHARDS), key]);
      started = performance.now();
      await scheduleRange(scheduler, small, people);
      scheduleSeconds += (performance.now() - started) / 1000;
      const atLarge = child(['scheduler', redis.url, String(SHARDS), key]);
      if (atSmall.delivered !== 5000 || atLarge.delivered !== 5000)
        throw new Error('probe reminders not all delivered');

      const dueKeys = Array.from({ length: SHARDS }, (_, s) => keys.reminders(s).due);
      const schedKeys = Array.from({ length: SHARDS }, (_, s) => keys.reminders(s).schedule);
      const dueBytes = await memoryOf(client, dueKeys);
      const schedBytes = await memoryOf(client, schedKeys);
      figures[`schedule ${people.toLocaleString('en-US')} people`] = { value: scheduleSeconds, unit: 's' };
      figures['scheduling rate'] = { value: people / scheduleSeconds, unit: '/s' };
      figures['due index memory per person'] = { value: dueBytes / people, unit: 'B', target: '≤ 200 B' };
      figures['encrypted schedule data per person'] = { value: schedBytes / people, unit: 'B' };
      figures[`process heap, ${people.toLocaleString('en-US')} scheduled`] = {
        value: atLarge.heapMb as number,
        unit: 'MB',
        baseline: atSmall.heapMb as number,
        baselineLabel: `${small.toLocaleString('en-US')} scheduled`,
        target: 'within 10%',
      };
      figures[`process RSS, ${people.toLocaleString('en-US')} scheduled`] = {
        value: atLarge.rssMb as number,
        unit: 'MB',
        baseline: atSmall.rssMb as number,
        baselineLabel: `${small.toLocaleString('en-US')} scheduled`,
      };
      await client.flushdb();

      // 3. One node-cron task per person, side by side with the scheduler process above.
      for (const n of cronCounts) {
        const cron = child(['cron', String(n)]);
        const label = n.toLocaleString('en-US');
        figures[`node-cron: create ${label} tasks`] = { value: cron.createMs as number, unit: 'ms' };
        figures[`node-cron: heap of ${label} tasks`] = {
          value: cron.heapMb as number,
          unit: 'MB',
          baseline: atLarge.heapMb as number,
          baselineLabel: `scheduler process, ${people.toLocaleString('en-US')} scheduled`,
        };
        figures[`node-cron: heap per task (${label})`] = { value: cron.perTaskBytes as number, unit: 'B' };
      }
    } finally {
      await client.quit();
      await redis.stop();
    }
    return figures;
  },
};

export default bench;
