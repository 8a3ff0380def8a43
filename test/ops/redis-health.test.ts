import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisHandle, redisTestMode, startRedis } from '../support/redis-server.ts';
import { plainTextOfView } from '../webchat/views.ts';
import { type BotProcess, startBot, webClient } from './bot-process.ts';

const mode = redisTestMode();

/** A Redis outage degrades the bot (healthz says so) but keeps it ready: it still serves help. */
describe.skipIf(mode.kind !== 'spawn')('health with a real Redis that goes away', () => {
  let redis: RedisHandle;
  let bot: BotProcess;
  beforeAll(async () => {
    redis = await startRedis();
    bot = await startBot({
      REDIS_URL: redis.url,
      CHECKIN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    });
  });
  afterAll(async () => {
    await bot?.stop();
    await redis?.stop();
  });

  it('reports the store ok, then unreachable but still ready when Redis stops', async () => {
    const before = await (await fetch(`${bot.base}/healthz`)).json();
    expect(before).toMatchObject({ status: 'ok', checks: { store: 'ok' } });
    expect((await webClient(bot.base).turn({ text: 'help' })).status).toBe(200);

    await redis.stop();
    const health = await fetch(`${bot.base}/healthz`);
    expect(health.status).toBe(200);
    const report = (await health.json()) as { status: string; checks: Record<string, string> };
    expect(report.status).toBe('degraded');
    expect(report.checks).toEqual({ store: 'unreachable' });

    const ready = await fetch(`${bot.base}/readyz`);
    expect(ready.status).toBe(200);
    const help = await webClient(bot.base).turn({ text: 'help' });
    expect(help.status).toBe(200);
    expect(help.data.messages!.map(plainTextOfView).join('\n')).toMatch(/sos/i);

    // Redis comes back on the same address: the bot reconnects by itself and is healthy again.
    redis = await startRedis([], { port: redis.port });
    const deadline = Date.now() + 15_000;
    let status = '';
    while (Date.now() < deadline && status !== 'ok') {
      status = ((await (await fetch(`${bot.base}/healthz`)).json()) as { status: string }).status;
      if (status !== 'ok') await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe('ok');
  });
});
