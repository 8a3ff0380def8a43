import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainTextOfView } from '../webchat/views.ts';
import { type BotProcess, exitOf, spawnMain, startBot, webClient } from './bot-process.ts';

/** The real process, as `npm start` runs it: configuration errors, health, readiness, metrics. */
describe('configuration errors at start', () => {
  it('names each bad variable and what it expects, never echoes a value, exits 78 without a stack', async () => {
    const secret = 'not-a-slack-token-sentinel-4242';
    const { child, out, err } = spawnMain({
      PORT: 'eighty',
      SLACK_BOT_TOKEN: secret,
      CHECKIN_LOG_LEVEL: 'loud',
    });
    expect(await exitOf(child)).toBe(78);
    const text = err.join('') + out.join('');
    expect(text).toContain('PORT: expected a whole number from 0 to 65535');
    expect(text).toContain('SLACK_BOT_TOKEN: expected a bot token starting xoxb-');
    expect(text).toContain('CHECKIN_LOG_LEVEL');
    expect(text).not.toContain(secret);
    expect(text).not.toMatch(/\n\s+at /);
  });

  it('reports a cross-setting problem (Redis without an encryption key)', async () => {
    const { child, err } = spawnMain({ REDIS_URL: 'redis://127.0.0.1:1/0' });
    expect(await exitOf(child)).toBe(78);
    expect(err.join('')).toContain('CHECKIN_ENCRYPTION_KEY: required when Redis is used');
  });

  it('says which setting to change when the port is taken', async () => {
    const bot = await startBot();
    try {
      const { child, err } = spawnMain({ HOST: '127.0.0.1', PORT: String(bot.port) });
      expect(await exitOf(child)).toBe(78);
      expect(err.join('')).toContain(`port ${bot.port} on 127.0.0.1 is already in use; set PORT`);
    } finally {
      await bot.stop();
    }
  });
});

describe('health, readiness and metrics of the running bot', () => {
  let bot: BotProcess;
  beforeAll(async () => {
    bot = await startBot();
  });
  afterAll(() => bot.stop());

  it('is alive and ready, with the in-memory store ok', async () => {
    const health = await fetch(`${bot.base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', phase: 'ready', checks: { store: 'ok' } });
    const ready = await fetch(`${bot.base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
    expect(bot.stdout()).toContain(`Checkin web chat: http://127.0.0.1:${bot.port}/`);
    expect(bot.logs().some((l) => String(l.msg).includes('UNAUTHENTICATED'))).toBe(true);
  });

  it('counts turns on /metrics after a web chat turn, with no content in any label', async () => {
    const client = webClient(bot.base);
    const reply = await client.turn({ text: 'help' });
    expect(reply.status).toBe(200);
    expect(reply.data.messages!.map(plainTextOfView).join('\n')).toMatch(/sos/i);
    const res = await fetch(`${bot.base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/checkin_turns_total\{platform="local",outcome="ok"\} [1-9]/);
    expect(text).toMatch(/checkin_turn_duration_seconds_count\{platform="local"\} [1-9]/);
    expect(text).toMatch(/checkin_bot_turns_total\{kind="text",outcome="ok"\} [1-9]/);
    expect(text).toContain('# TYPE checkin_reminder_lag_seconds histogram');
    expect(text).toContain('# TYPE checkin_deliveries_total counter');
    expect(text).toContain('# TYPE checkin_safety_paths_total counter');
    expect(text).toContain('checkin_process_resident_memory_bytes');
    expect(text).not.toMatch(/local:[A-Za-z0-9_-]{16}/);
  });
});
