import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { buildCore } from '../../src/compose.ts';
import { loadConfig } from '../../src/config/load.ts';
import { createLogger } from '../../src/ops/logger.ts';
import { botMetricHooks, createMetrics } from '../../src/ops/metrics.ts';
import { createTurnGate } from '../../src/ops/turn-gate.ts';
import { createStore } from '../../src/store/index.ts';
import { redisTestMode, startRedis } from '../support/redis-server.ts';
import { Transcript } from '../support/transcript.ts';

const mode = redisTestMode();

/** Crisis messages of several kinds and languages; none may survive anywhere but in the reply. */
const CRISIS = [
  'honestly i just want to end it all tonight',
  'I swallowed a bunch of my sleeping pills an hour ago',
  'ya no quiero vivir, me voy a matar',
];

describe.skipIf(mode.kind !== 'spawn')('crisis text is never logged or stored', () => {
  it('leaves only the level and category: every log line and every Redis value, raw and decrypted', async () => {
    const server = await startRedis();
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const config = loadConfig({
      REDIS_URL: server.url,
      CHECKIN_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
    });
    const logger = createLogger({ level: 'trace', destination: sink });
    const storage = await createStore(config, { logger });
    const metrics = createMetrics();
    const core = buildCore({ config, logger, store: storage.store, metrics: botMetricHooks(metrics) });
    // Turns go through the same gate as in the running bot.
    const gate = createTurnGate({ handle: core.bot.handle, metrics, logger });
    const t = new Transcript({
      user: 'slack:T1:U1',
      bot: { ...core.bot, handle: gate.sink },
      store: core.store,
    });
    const user = t.user;
    try {
      await t.onboard('US', 'America/Chicago');
      await t.command('checkin');
      for (const label of ['Low', 'Low', 'Poorly']) await t.click(label);
      for (const text of CRISIS) {
        await t.send(text);
        expect(t.last.messages.some((m) => m.urgent)).toBe(true);
      }

      // Decrypted: the person's whole export (every key family, by the store's own test) has the
      // safety events as level and category only.
      const exported = JSON.stringify(await core.store.exportUser(user));
      const history = await core.store.history(user, 0);
      expect(history.filter((h) => h.kind === 'safety').map((h) => Object.keys(h.data).sort())).toEqual([
        ['category', 'level'],
        ['category', 'level'],
        ['category', 'level'],
      ]);
      // Raw: every value of every key in this throwaway Redis.
      const raw = new Redis(server.url);
      const values: string[] = [];
      for (const key of await raw.keys('*')) {
        const type = await raw.type(key);
        if (type === 'string') values.push((await raw.get(key)) ?? '');
        else if (type === 'hash')
          values.push(...Object.values(await raw.hgetall(key)), ...Object.keys(await raw.hgetall(key)));
        else if (type === 'zset') values.push(...(await raw.zrange(key, '0', '-1')));
        else if (type === 'set') values.push(...(await raw.smembers(key)));
        else if (type === 'list') values.push(...(await raw.lrange(key, '0', '-1')));
      }
      raw.disconnect();
      expect(values.length, `mode ${storage.mode}`).toBeGreaterThan(0);
      expect(lines.length, 'log lines').toBeGreaterThan(0);
      for (const text of CRISIS) {
        for (const fragment of [text, ...text.split(' ').filter((w) => w.length > 6)]) {
          expect(exported).not.toContain(fragment);
          expect(values.find((v) => v.includes(fragment))).toBeUndefined();
          expect(lines.find((l) => l.includes(fragment))).toBeUndefined();
        }
      }
    } finally {
      await storage.store.close();
      await server.stop();
    }
  });
});
