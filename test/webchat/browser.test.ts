import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotProcess, startBot } from '../ops/bot-process.ts';

/**
 * The local web chat in a real browser: Debian's Chromium driven by playwright-core (never a
 * downloaded browser) against the real bot process. Skipped with a visible message where Chromium is
 * not installed, except under CI=true, where that is a failure.
 */
const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) {
  const reason = `${CHROMIUM} is not installed (apt-get install -y chromium): browser tests skipped`;
  if (process.env.CI === 'true') throw new Error(`${reason} — not allowed under CI=true.`);
  console.warn(`\n⚠ ${reason}\n`);
}

// Evaluated through the DevTools protocol, which the page's strict CSP does not block (a script
// tag would be, rightly).
const PAGE_CHECKS = readFileSync(fileURLToPath(new URL('./page-checks.js', import.meta.url)), 'utf8');

/** Accessibility problems of the page as it is now (see page-checks.js). */
async function accessibilityProblems(page: Page): Promise<string[]> {
  await page.evaluate(PAGE_CHECKS);
  return page.evaluate('window.accessibilityProblems()') as Promise<string[]>;
}

/** Presses Tab until focus has gone round; returns controls never reached and the focus outlines seen. */
async function tabThrough(page: Page): Promise<{ missed: string[]; outlines: string[] }> {
  await page.evaluate(PAGE_CHECKS);
  const total = (await page.evaluate('window.markFocusables()')) as number;
  const reached = new Set<string>();
  const outlines: string[] = [];
  for (let i = 0; i < total + 3; i++) {
    await page.keyboard.press('Tab');
    const info = (await page.evaluate('window.focusedMark()')) as { id: string; outline: string } | null;
    if (info) {
      reached.add(info.id);
      outlines.push(info.outline);
    }
  }
  const missed = (await page.evaluate(`window.unreached(${JSON.stringify([...reached])})`)) as string[];
  return { missed, outlines };
}

describe.skipIf(!available)('local web chat in Chromium', () => {
  let bot: BotProcess;
  let browser: Browser;
  beforeAll(async () => {
    bot = await startBot();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
  });

  it('is accessible: named controls, a live log, everything reachable by Tab with a visible focus', async () => {
    const page = await browser.newPage();
    await page.goto(bot.base);
    expect(await accessibilityProblems(page)).toEqual([]);
    const { missed, outlines } = await tabThrough(page);
    expect(missed).toEqual([]);
    expect(outlines.length).toBeGreaterThanOrEqual(5);
    expect(outlines.filter((o) => o === 'none')).toEqual([]);
    await page.close();
  });

  it('shows urgent help visibly distinct from other messages', async () => {
    const page = await browser.newPage();
    await page.goto(bot.base);
    await page.getByRole('button', { name: 'Urgent help' }).click();
    // The help arrives as several urgent messages (numbers, directory, what the bot is not).
    const urgent = page.locator('.msg.urgent').filter({ hasText: 'not an emergency service' });
    await urgent.waitFor();
    expect(await urgent.locator('.urgent-label').textContent()).toBe('Urgent support');
    const allUrgent = (await page.locator('.msg.urgent').allTextContents()).join(' ');
    // The browser says en-US, so the US numbers are shown.
    expect(allUrgent).toMatch(/call 911/);
    expect(allUrgent).toMatch(/988 Suicide & Crisis Lifeline/);
    // Runs in the page; typed by hand because the project's TypeScript leaves the DOM out.
    const borderOf = (el: unknown) =>
      (
        globalThis as unknown as { getComputedStyle(e: unknown): { borderTopWidth: string } }
      ).getComputedStyle(el).borderTopWidth;
    expect(await urgent.evaluate(borderOf)).toBe('3px');
    expect(await page.locator('.msg.me').last().evaluate(borderOf)).toBe('0px');
    await page.close();
  });

  it('completes a daily check-in by clicking its buttons (onboarding first), keyboard included', async () => {
    const context = await browser.newContext({ timezoneId: 'Europe/London', locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(bot.base);
    await page.getByRole('button', { name: 'Start a check-in' }).click();

    const lastBot = () => page.locator('.msg.bot').last();
    const clickAnswer = async (label: string | RegExp) => {
      const before = await page.locator('.msg').count();
      await page.locator('.msg.bot button[data-token]:not([disabled])', { hasText: label }).last().click();
      await page.locator('.msg').nth(before).waitFor();
    };
    const typeAnswer = async (text: string) => {
      const before = await page.locator('.msg').count();
      await page.getByLabel('Message').fill(text);
      await page.getByLabel('Message').press('Enter');
      await page.locator('.msg').nth(before).waitFor();
    };

    // Onboarding (first contact): consent, age, country, time zone, reminder.
    await expect.poll(() => lastBot().textContent()).toMatch(/save your check-ins/);
    await clickAnswer('Yes, save them');
    await clickAnswer('I’m 18 or older');
    await expect.poll(() => lastBot().textContent()).toMatch(/Which country/);
    await typeAnswer('GB');
    await expect.poll(() => lastBot().textContent()).toMatch(/Europe\/London/);
    await clickAnswer('Yes');
    await clickAnswer('No reminders');
    await expect.poll(() => lastBot().textContent()).toMatch(/All set/);
    await page.getByRole('button', { name: 'Start a check-in' }).click();

    // The check-in itself: scales as rows of buttons, free text, then the closing line.
    await expect
      .poll(() => page.locator('.msg.bot').allTextContents())
      .toContainEqual(expect.stringMatching(/How’s your mood/));
    const moodRow = lastBot().locator('.scale [role="group"], .scale').first();
    expect(await moodRow.locator('button').count()).toBe(5);
    expect(await moodRow.getAttribute('aria-label')).toMatch(/mood/);
    // Answer the mood by keyboard: focus the button and press Enter.
    const good = lastBot().getByRole('button', { name: '🙂 Good' });
    await good.focus();
    const before = await page.locator('.msg').count();
    await page.keyboard.press('Enter');
    await page.locator('.msg').nth(before).waitFor();
    // The answered question keeps its buttons visible but no longer clickable.
    expect(
      await page
        .locator('.msg.bot', { hasText: 'How’s your mood' })
        .locator('button:not([disabled])')
        .count(),
    ).toBe(0);
    // Focus moved to the next question's first button, so keyboard users can go on.
    expect(await page.evaluate("document.activeElement?.getAttribute('data-token')")).toMatch(
      /^c1\|daily-checkin\|energy\|/,
    );

    await clickAnswer('⚡ Good');
    await clickAnswer('🙂 Well');
    await expect.poll(() => lastBot().textContent()).toMatch(/what are you feeling/);
    await typeAnswer('calm and a bit tired');
    await expect.poll(() => lastBot().textContent()).toMatch(/Anything else/);
    await typeAnswer('skip');
    await expect
      .poll(() => page.locator('.msg.bot').allTextContents())
      .toContainEqual(expect.stringMatching(/Thanks for checking in/));

    // What was typed shows as the person's own bubbles, as text.
    expect(await page.locator('.msg.me').allTextContents()).toEqual(
      expect.arrayContaining(['Start a check-in', 'GB', 'calm and a bit tired', '🙂 Good']),
    );
    expect(await accessibilityProblems(page)).toEqual([]);
    await context.close();
  });
});
