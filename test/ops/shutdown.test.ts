import { describe, expect, it } from 'vitest';
import { plainTextOfView } from '../webchat/views.ts';
import { startBot, webClient } from './bot-process.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls /metrics until `pattern` shows up (the turn has really entered the bot). */
async function waitForMetric(base: string, pattern: RegExp, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (pattern.test(await (await fetch(`${base}/metrics`)).text())) return;
    await sleep(25);
  }
  throw new Error(`metric ${pattern} not seen within ${timeoutMs} ms`);
}

/**
 * SIGTERM against the real process. CHECKIN_TEST_TURN_DELAY_MS (tests only) holds each turn inside
 * the bot long enough for the signal to arrive while it is in flight.
 */
describe('graceful shutdown', () => {
  it('finishes the turn in flight, answers new turns kindly, drops readiness, then exits 0', async () => {
    const bot = await startBot({ CHECKIN_TEST_TURN_DELAY_MS: '1500' });
    try {
      const inFlight = webClient(bot.base).turn({ text: 'help' });
      await waitForMetric(bot.base, /^checkin_turns_in_flight 1$/m);
      bot.child.kill('SIGTERM');
      await sleep(150);

      const ready = await fetch(`${bot.base}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'draining' });
      // Alive while draining.
      expect((await fetch(`${bot.base}/healthz`)).status).toBe(200);

      const late = await webClient(bot.base).turn({ text: 'help' });
      expect(late.status).toBe(200);
      const refusal = late.data.messages!.map(plainTextOfView).join('\n');
      expect(refusal).toMatch(/restarting/);
      expect(refusal).toMatch(/urgent help now, call your local emergency number/);

      const first = await inFlight;
      expect(first.status).toBe(200);
      expect(first.data.messages!.map(plainTextOfView).join('\n')).toMatch(/sos/i);

      expect(await bot.exited).toBe(0);
      const logs = bot.logs();
      expect(logs.find((l) => l.msg === 'shutting down')).toMatchObject({ signal: 'SIGTERM', inFlight: 1 });
      expect(logs.find((l) => l.msg === 'stopped')).toMatchObject({ abandoned: 0 });
    } finally {
      await bot.stop();
    }
  });

  it('stops waiting at CHECKIN_SHUTDOWN_TIMEOUT_MS and still exits 0', async () => {
    const bot = await startBot({ CHECKIN_TEST_TURN_DELAY_MS: '20000', CHECKIN_SHUTDOWN_TIMEOUT_MS: '300' });
    try {
      void webClient(bot.base)
        .turn({ text: 'help' })
        .catch(() => {});
      await waitForMetric(bot.base, /^checkin_turns_in_flight 1$/m);
      const signalled = Date.now();
      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
      expect(Date.now() - signalled).toBeLessThan(5_000);
      expect(bot.logs().find((l) => l.msg === 'stopped')).toMatchObject({ abandoned: 1 });
    } finally {
      await bot.stop();
    }
  });
});
