import { describe, expect, it } from 'vitest';
import { startBot, webClient } from './bot-process.ts';

describe('logs', () => {
  it('never contain what a person typed, even at trace level', async () => {
    const sentinel = 'zebra-sentinel-9931';
    const bot = await startBot({ CHECKIN_LOG_LEVEL: 'trace' });
    try {
      const client = webClient(bot.base);
      // As free text, as a command argument, and as text that looks like an answer.
      for (const text of [`I feel ${sentinel} today`, `summary ${sentinel}`, `${sentinel}`]) {
        expect((await client.turn({ text })).status).toBe(200);
      }
      // An invalid request quoting the sentinel is refused, and the refusal is logged without it.
      expect((await client.turn({ text: `${sentinel} `.repeat(1000) })).status).toBe(400);
      await new Promise((r) => setTimeout(r, 200));
      const logs = bot.logs();
      // The turns were logged (so the check below is not vacuous)...
      expect(logs.filter((l) => l.msg === 'web chat turn').length).toBe(3);
      // ...and no line, nor stdout, contains the typed text.
      expect(bot.stderr()).not.toContain(sentinel);
      expect(bot.stdout()).not.toContain(sentinel);
    } finally {
      await bot.stop();
    }
  });
});
