import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import type { HistoryEntry } from '../../src/core/state.ts';
import { profileSchema } from '../../src/core/state.ts';
import { userKey } from '../../src/core/user-key.ts';
import { CHART_HEIGHT, CHART_WIDTH } from '../../src/history/chart.ts';
import { createStore } from '../../src/store/index.ts';
import { type BotProcess, startBot } from '../ops/bot-process.ts';
import { type RedisHandle, redisTestMode, startRedis } from '../support/redis-server.ts';

/**
 * Issue 7: the mood-history chart shows inline in the local web chat. A real bot process on a
 * throwaway Redis; the person's profile and 30 days of mood are seeded through the real RedisStore
 * (so they are encrypted exactly like the bot's own), and Debian's Chromium asks for `history 30`
 * as that person (the web chat's identity cookie, set by the test).
 */
const CHROMIUM = '/usr/bin/chromium';
const chromiumThere = existsSync(CHROMIUM);
if (!chromiumThere) {
  const reason = `${CHROMIUM} is not installed (apt-get install -y chromium): history image browser test skipped`;
  if (process.env.CI === 'true') throw new Error(`${reason} — not allowed under CI=true.`);
  console.warn(`\n⚠ ${reason}\n`);
}
const redisMode = chromiumThere ? redisTestMode() : ({ kind: 'skip', reason: 'no Chromium' } as const);

const DAY_MS = 86_400_000;
// A zone without daylight saving, so "d days ago" is always exactly d local days back.
const TIME_ZONE = 'Asia/Tokyo';
/** The web chat's identity cookie (adapters/local/webchat.ts): `checkin_local`, 16-64 of [A-Za-z0-9_-]. */
const COOKIE = 'checkin_local';

/** A clearly rising month: mood climbs from 1 to 5 in steps; energy and sleep follow it loosely. */
function risingMonth(now: number): HistoryEntry[] {
  return Array.from({ length: 30 }, (_, i) => {
    const mood = Math.min(5, 1 + Math.floor(i / 6));
    return {
      at: now - (29 - i) * DAY_MS - 60_000,
      kind: 'mood',
      data: { mood, energy: Math.max(1, mood - (i % 2)), sleep: Math.min(5, mood + (i % 3 === 0 ? 1 : 0)) },
    };
  });
}

/** Width and height from a PNG's IHDR chunk, or null when the bytes are not a PNG. */
function pngSize(bytes: Buffer): { width: number; height: number } | null {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(signature)) return null;
  if (bytes.subarray(12, 16).toString('latin1') !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe.skipIf(!chromiumThere || redisMode.kind === 'skip')(
  'history chart in the web chat (Chromium)',
  () => {
    let redis: RedisHandle | null = null;
    let bot: BotProcess | undefined;
    let browser: Browser | undefined;
    const browserId = randomBytes(18).toString('base64url');
    const env: Record<string, string> = { CHECKIN_ENCRYPTION_KEY: randomBytes(32).toString('base64') };

    beforeAll(async () => {
      if (redisMode.kind === 'external') env.REDIS_URL = redisMode.url;
      else {
        redis = await startRedis();
        env.REDIS_URL = redis.url;
      }
      // A fresh prefix, so an external CHECKIN_TEST_REDIS_URL server's other data is never touched.
      env.CHECKIN_REDIS_PREFIX = `t${randomBytes(6).toString('hex')}`;

      // Seed before the bot starts, through the same store code and settings the bot will use.
      const { store } = await createStore(loadConfig(env));
      try {
        const user = userKey({ platform: 'local', user: browserId });
        const { version } = await store.load(user);
        const now = Date.now();
        const profile = profileSchema.parse({
          onboarded: true,
          country: 'JP',
          timeZone: TIME_ZONE,
          consents: { storeCheckins: true },
          createdAt: now - 40 * DAY_MS,
        });
        expect(await store.commit(user, version, { profile, history: risingMonth(now) })).toBe(true);
        // Read back: the seed really landed (30 mood entries in the window).
        expect(await store.history(user, now - 31 * DAY_MS, now + 1)).toHaveLength(30);
      } finally {
        await store.close();
      }

      [bot, browser] = await Promise.all([
        startBot(env),
        chromium.launch({
          executablePath: CHROMIUM,
          args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
        }),
      ]);
    }, 30_000);

    afterAll(async () => {
      await browser?.close();
      await bot?.stop();
      await redis?.stop();
    });

    it('shows `history 30` as an inline PNG chart whose alt text names the rising trend', async () => {
      const context = await browser!.newContext({ timezoneId: TIME_ZONE, locale: 'en-GB' });
      await context.addCookies([
        { name: COOKIE, value: browserId, url: bot!.base, httpOnly: true, sameSite: 'Strict' },
      ]);
      const page = await context.newPage();
      await page.goto(bot!.base);
      await page.getByLabel('Message').fill('history 30');
      await page.getByLabel('Message').press('Enter');

      const img = page.locator('.msg.bot img');
      await img.waitFor({ timeout: 10_000 });
      expect(await img.count()).toBe(1);
      expect(await img.isVisible()).toBe(true);

      // The picture itself: a data: PNG of the chart's size, decoded by the browser.
      const src = (await img.getAttribute('src')) ?? '';
      expect(src).toMatch(/^data:image\/png;base64,/);
      const bytes = Buffer.from(src.slice(src.indexOf(',') + 1), 'base64');
      expect(pngSize(bytes)).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
      await expect
        .poll(() => img.evaluate((el) => (el as unknown as { complete: boolean }).complete))
        .toBe(true);
      const natural = await img.evaluate((el) => {
        const i = el as unknown as { naturalWidth: number; naturalHeight: number };
        return { width: i.naturalWidth, height: i.naturalHeight };
      });
      expect(natural).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
      const box = await img.boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(0);
      expect(box?.height ?? 0).toBeGreaterThan(0);

      // The alt text states what the chart shows: the seeded month, rising.
      const alt = (await img.getAttribute('alt')) ?? '';
      expect(alt).toMatch(/^Line chart of your mood over the last 30 days/);
      expect(alt).toMatch(/\b30 of 30 days recorded\b/);
      const trend = /Trend: rising, from about ([\d.]+) to ([\d.]+)\./.exec(alt);
      expect(trend, alt).not.toBeNull();
      const [from, to] = [Number(trend![1]), Number(trend![2])];
      expect(to).toBeGreaterThan(from);
      // Stated on the chart's own 1–5 scale, even where the fitted line would overshoot it.
      expect(from).toBeGreaterThanOrEqual(1);
      expect(to).toBeLessThanOrEqual(5);
      expect(alt).not.toMatch(/falling|steady|mixed/);

      // The image is shown in place of the text fallback: no sparkline or its legend on the page.
      const shown = (await page.locator('.msg.bot').last().textContent()) ?? '';
      expect(shown).toMatch(/Average mood/);
      expect(shown).toMatch(/has been rising/);
      const pageText = (await page.locator('body').textContent()) ?? '';
      expect(pageText).not.toMatch(/oldest first|[▁▂▃▄▅▆▇█]{5}/);
      await context.close();
    });
  },
);
