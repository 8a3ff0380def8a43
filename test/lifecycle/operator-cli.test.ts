import { spawnSync } from 'node:child_process';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { createScheduler } from '../../src/scheduler/create.ts';
import { createCipher } from '../../src/store/crypto.ts';
import { KeyBuilder } from '../../src/store/keys.ts';
import { redisTestMode, startRedis } from '../support/redis-server.ts';

const mode = redisTestMode();

describe.skipIf(mode.kind !== 'spawn')('operator export and forget include reminder schedules', () => {
  it('exports the schedule and deletes it with the person', async () => {
    const server = await startRedis();
    const key = Buffer.alloc(32, 9).toString('base64');
    const env = { PATH: process.env.PATH ?? '', REDIS_URL: server.url, CHECKIN_ENCRYPTION_KEY: key };
    const client = new Redis(server.url);
    try {
      const config = loadConfig(env);
      const scheduler = createScheduler({
        config,
        deliver: async () => ({ status: 'delivered' }),
        redis: {
          client,
          keys: new KeyBuilder(config.CHECKIN_REDIS_PREFIX),
          cipher: createCipher({ current: key }),
        },
      });
      await scheduler.schedule({
        owner: 'slack:T1:U9',
        rule: { time: '08:30', days: [1, 2, 3, 4, 5], enabled: true },
        timeZone: 'Europe/Berlin',
        address: { platform: 'slack', id: 'slack:T1:D9', scope: 'direct', ref: { channel: 'D9' } },
      });
      const run = (...args: string[]) =>
        spawnSync(process.execPath, ['bin/checkin.js', 'user', ...args], {
          encoding: 'utf8',
          env,
          timeout: 60_000,
        });

      const exported = run('export', 'slack:T1:U9');
      expect(exported.status, exported.stderr).toBe(0);
      expect(JSON.parse(exported.stdout).reminders.checkin).toMatchObject({
        rule: { time: '08:30' },
        timeZone: 'Europe/Berlin',
      });

      const forgotten = run('forget', 'slack:T1:U9', '--yes');
      expect(forgotten.status, forgotten.stderr).toBe(0);
      expect(forgotten.stdout).toContain('reminders: 1');
      expect(await scheduler.nextDue('slack:T1:U9')).toBeNull();
    } finally {
      client.disconnect();
      await server.stop();
    }
  });
});
