import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_CONTENT_DIR } from '../../src/compose.ts';
import { asUserKey } from '../../src/core/user-key.ts';
import { silentLogger } from '../../src/ops/logger.ts';
import { createPulses } from '../../src/pulses/index.ts';
import { loadPulseSets } from '../../src/pulses/sets.ts';
import { createCipher } from '../../src/store/crypto.ts';
import { KeyBuilder } from '../../src/store/keys.ts';
import { type RedisHandle, redisTestMode, startRedis } from '../support/redis-server.ts';
import { CHANNEL } from './support.ts';

/**
 * Closing is a job any process can finish: one process is SIGKILLed in the middle of closing, two
 * others pick the pulse up at the same time, and the channel (a counting sink) gets the results once.
 */
const CLOSER = fileURLToPath(new URL('./fixtures/closer.ts', import.meta.url));
const mode = redisTestMode();
let redis: RedisHandle | undefined;
let url = '';
let sink: Server;
let sinkUrl = '';
const received: Array<{ channel: string; text: string; pid: number }> = [];

beforeAll(async () => {
  if (mode.kind === 'spawn') {
    redis = await startRedis();
    url = redis.url;
  } else if (mode.kind === 'external') url = mode.url;
  sink = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.end('ok');
    });
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  sink?.close();
  await redis?.stop();
});

function run(env: Record<string, string>): {
  child: ChildProcess;
  out: Promise<string>;
  paused: Promise<void>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', CLOSER], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  let onPaused: () => void = () => undefined;
  const paused = new Promise<void>((r) => {
    onPaused = r;
  });
  child.stdout?.on('data', (chunk) => {
    out += String(chunk);
    if (out.includes('paused')) onPaused();
  });
  const done = new Promise<string>((resolve) => child.once('exit', () => resolve(out)));
  return { child, out: done, paused };
}

describe.skipIf(mode.kind === 'skip')('closing a pulse across processes', () => {
  for (const killAt of ['afterFreeze', 'beforeSend'] as const) {
    it(`posts the results exactly once when the closing process is killed (${killAt})`, async () => {
      const prefix = `p2${randomBytes(4).toString('hex')}`;
      const key = randomBytes(32).toString('base64');
      const client = new Redis(url);
      const cipher = createCipher({ current: key });
      const keys = new KeyBuilder(prefix);
      const pulses = createPulses({
        config: { CHECKIN_PULSE_MIN_GROUP: 5, CHECKIN_ADMINS: [], CHECKIN_SUPPORT_URL: undefined },
        contentDirs: [BUILTIN_CONTENT_DIR],
        logger: silentLogger,
        clock: { now: () => Date.now() },
        redis: { client, keys, cipher },
      });
      const set = loadPulseSets([BUILTIN_CONTENT_DIR]).get('quick')!;
      const { meta } = await pulses.core.open(CHANNEL, set, 1, `two-process:${killAt}`);
      for (const [i, value] of ['1', '2', '3', '4', '5'].entries()) {
        const r = await pulses.core.answer(meta.id, 'energy', value, asUserKey(`slack:T1:P${i}`));
        expect(r.ok).toBe(true);
      }
      await new Promise((r) => setTimeout(r, 5));
      const before = received.length;
      const env = { REDIS_URL: url, PREFIX: prefix, KEY: key, SINK_URL: sinkUrl, LEASE_MS: '1500' };

      const first = run({ ...env, PAUSE: killAt });
      await first.paused;
      first.child.kill('SIGKILL');
      await first.out;
      expect(received.length).toBe(before); // killed before anything was posted
      const state = await client.hget(keys.pulse(meta.id).meta, 'state');
      expect(state).toBe(killAt === 'afterFreeze' ? 'closing' : 'closed');

      // Two processes pick it up at once; exactly one posts, after the dead one's lease expired.
      // Their own leases outlast a slow send on a loaded machine; only the dead process's lease is short.
      const slow = { ...env, SEND_DELAY_MS: '700', LEASE_MS: '20000' };
      const [b, c] = [run(slow), run(slow)];
      const outs = await Promise.all([b.out, c.out]);
      expect(outs.map((o) => o.trim()).sort()).toEqual(['done 0', 'done 1']);
      const posts = received.slice(before);
      expect(posts).toHaveLength(1);
      expect(posts[0]?.channel).toBe(CHANNEL.id);
      expect(posts[0]?.text).toMatch(/5 people answered/);
      expect(posts[0]?.text).toMatch(/Drained 1 · Low 1 · Okay 1 · Good 1 · Great 1/);
      expect(await client.exists(keys.pulse(meta.id).answers)).toBe(0);
      expect(await client.hexists(keys.pulse(meta.id).meta, 'salt')).toBe(0);
      expect(await client.zcard(keys.pulsesPending())).toBe(0);
      client.disconnect();
    }, 60_000);
  }
});
