import { describe, expect, it } from 'vitest';
import { basicReplies, type SafetyService } from '../../src/bot/safety.ts';
import { CheckinError, ErrorCode } from '../../src/core/errors.ts';
import type { SafetyAssessment, StateStore } from '../../src/core/ports.ts';
import { indexFlow } from '../../src/engine/loader.ts';
import { MemoryStore } from '../../src/store/memory.ts';
import { builtinCatalog, ManualClock, Transcript } from '../support/transcript.ts';

/** A screen that flags exactly the words a test chooses: the real detector has its own tests. */
function screenFlagging(words: Record<string, SafetyAssessment>): SafetyService {
  return {
    screen: {
      assess: (text) =>
        Object.entries(words).find(([w]) => text.includes(w))?.[1] ?? { level: 'none', category: null },
    },
    replies: basicReplies,
  };
}

describe('bot core', () => {
  it('answers a repeated event id once', async () => {
    const t = await new Transcript().onboard();
    const turn = t.turn({ kind: 'text', text: 'checkin' }, 'slack:ev:retry-1');
    const first = await t.bot.handle(turn);
    const second = await t.bot.handle(turn);
    expect(first.messages.length).toBeGreaterThan(0);
    expect(second.messages).toEqual([]);
  });

  it('ignores a stale or repeated button click politely and changes nothing', async () => {
    const t = await new Transcript().onboard();
    await t.send('checkin');
    const click = t.clickTurn('Good');
    await t.deliver(click);
    t.expectReply('energy');
    const before = await t.store.load(t.user);
    await t.deliver({ ...click, eventId: 'another-delivery' });
    t.expectReply('earlier question').expectReply('energy');
    const after = await t.store.load(t.user);
    expect(after.conversation?.answers).toEqual(before.conversation?.answers);
    expect(after.conversation?.stepId).toBe('energy');
  });

  it('greets a click from a conversation that has ended with a fresh start', async () => {
    const t = await new Transcript().onboard();
    await t.send('checkin');
    const click = t.clickTurn('Good');
    await t.send('stop');
    await t.deliver(click);
    t.expectReply('already ended');
  });

  it('pauses the active flow on crisis text and never feeds it the text', async () => {
    const safety = screenFlagging({
      'end it all': { level: 'crisis', category: 'suicidal_thoughts', language: 'en' },
    });
    const t = await new Transcript({ safety }).onboard();
    await t.send('checkin');
    for (const label of ['Low', 'Low', 'Poorly']) await t.click(label);
    await t.send('i want to end it all');
    t.expectReply('emergency number');
    expect(t.last.messages.every((m) => m.urgent && m.private)).toBe(true);
    const snapshot = await t.store.load(t.user);
    expect(snapshot.conversation?.stepId).toBe('feelings');
    expect(snapshot.conversation?.answers).not.toHaveProperty('feelings');
    expect(snapshot.profile.followUpSafety).toBe(true);
    const safetyEntries = (await t.store.history(t.user, 0)).filter((e) => e.kind === 'safety');
    expect(safetyEntries).toEqual([
      { at: t.clock.ms, kind: 'safety', data: { level: 'crisis', category: 'suicidal_thoughts' } },
    ]);
    // The next check-in gently asks again.
    await t.command('checkin');
    t.expectReply('carry on');
    await t.send('stop');
    await t.send('checkin');
    t.expectReply('last time you told me things were really hard');
  });

  it('in a shared channel sends every personal reply privately', async () => {
    const t = new Transcript({ scope: 'channel' });
    await t.send('hi');
    expect(t.last.messages.length).toBeGreaterThan(0);
    expect(t.last.messages.every((m) => m.private)).toBe(true);
    await t.command('help');
    expect(t.last.messages.some((m) => !m.private)).toBe(true);
  });

  it('keeps answering help and sos when the store is down, and says it cannot save otherwise', async () => {
    const clock = new ManualClock();
    const working = new MemoryStore({ clock });
    let down = false;
    const failing = new Proxy(working, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (down) return Promise.reject(new CheckinError(ErrorCode.StoreUnavailable, 'store unreachable'));
          return value.apply(target, args);
        };
      },
    }) as StateStore;
    const t = await new Transcript({ store: failing, clock }).onboard();
    await t.send('checkin');
    const click = t.clickTurn('Good');
    down = true;
    await t.deliver(click);
    t.expectReply('can’t save anything right now');
    await t.send('sos');
    t.expectReply('emergency number');
    await t.send('help');
    t.expectReply('Here’s what I can do');
    down = false;
    await t.deliver({ ...click, eventId: 'retry-after-outage' });
    t.expectReply('energy');
  });

  it('applies every one of 50 concurrent typed answers exactly once', async () => {
    // A flow of 50 free-text questions that records every answer at the end.
    const steps = Array.from({ length: 50 }, (_, i) => ({
      id: `q${i}`,
      type: 'ask' as const,
      prompt: `Question ${i}`,
      input: { kind: 'text' as const, max_length: 50, format: 'any' as const },
      skippable: false,
    }));
    const fields = Object.fromEntries(steps.map((s) => [s.id, `answers.${s.id}`]));
    const flow = indexFlow(
      {
        id: 'many',
        title: 'Many',
        description: 'Fifty questions',
        review: { author: 'test', sources: [], status: 'pending' },
        safety: 'interrupt',
        steps: [...steps, { id: 'keep', type: 'record', name: 'all', fields }],
      },
      'test',
    );
    const flows = new Map([...builtinCatalog(), ['many', flow]]);
    const t = await new Transcript({
      flows,
      features: { screen: () => ({ messages: [], startFlow: 'many' }) },
    }).onboard();
    await t.command('screen');
    t.expectReply('Question 0');
    // The memory store yields at every await, so these interleave and conflict like processes on Redis.
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t.bot.handle(t.turn({ kind: 'text', text: `answer-${i}` }, `c${i}`)),
      ),
    );
    const { records, conversation } = await t.store.load(t.user);
    expect(conversation).toBeNull();
    const recorded = Object.values(records.all as Record<string, string>).sort();
    expect(recorded).toEqual(Array.from({ length: 50 }, (_, i) => `answer-${i}`).sort());
  });

  it('starts onboarding for a newcomer whatever they type, but answers sos and help at once', async () => {
    const t = new Transcript();
    await t.send('sos');
    t.expectReply('emergency number');
    await t.command('checkin');
    t.expectReply('May I save your check-ins');
    await t.command('help');
    t.expectReply('Here’s what I can do');
  });
});

describe('an idle conversation that expired', () => {
  it('greets the person back and offers to start that flow again', async () => {
    const t = await new Transcript().onboard();
    await t.send('checkin');
    await t.click('Good');
    t.clock.advance(25 * 3_600_000);
    await t.send('3');
    t.expectReply('Welcome back');
    expect(t.buttons).toEqual(['Start it again', 'Something else']);
    await t.click('Start it again');
    t.expectReply('How’s your mood');
    expect((await t.store.load(t.user)).profile.openFlow).toBe('daily-checkin');
    await t.send('stop');
    expect((await t.store.load(t.user)).profile.openFlow).toBeUndefined();
  });
});

describe('sos with a country', () => {
  it('works even inside a free-text question and shows that country', async () => {
    const replies = {
      ...basicReplies,
      sos: (context: { country?: string }) => [
        { blocks: [{ type: 'text' as const, text: `help for ${context.country ?? '??'}` }] },
      ],
    };
    const t = new Transcript({
      safety: { screen: { assess: () => ({ level: 'none', category: null }) }, replies },
      countryFromText: (text: string) => (/germany/i.test(text) ? 'DE' : undefined),
    });
    await t.send('hi');
    await t.click('Yes, save them');
    await t.click('18 or older');
    t.expectReply('Which country');
    await t.send('sos Germany');
    t.expectReply('help for DE');
    await t.send('sos is a word I like');
    t.expectReply('Please type your country');
  });
});
