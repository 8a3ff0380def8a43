import { describe, expect, it } from 'vitest';
import type { StepOf } from '../../src/engine/schema.ts';
import { historyCommand } from '../../src/history/command.ts';
import { screenCommand } from '../../src/instruments/command.ts';
import { builtinInstruments } from '../../src/instruments/load.ts';
import { createInstrumentScorer } from '../../src/instruments/scorer.ts';
import { builtinCatalog, Transcript } from '../support/transcript.ts';

const instruments = builtinInstruments();
const DAY = 86_400_000;

/** A conversation with the real bot wired exactly as the composition root should wire screeners. */
function transcript(): Transcript {
  return new Transcript({
    scorer: createInstrumentScorer(instruments),
    features: {
      screen: screenCommand({ instruments, intervalDays: 14 }),
      history: historyCommand({ instruments }),
    },
  });
}

/** Answers every item of the running questionnaire by clicking the option with that value. */
async function answer(t: Transcript, values: number[]): Promise<void> {
  for (const v of values) await t.click(String(v));
}

async function historyOf(t: Transcript, kind: string) {
  return (await t.store.history(t.user, 0)).filter((e) => e.kind === kind);
}

describe('screener flows mirror the instrument files', () => {
  it.each([...instruments.keys()])('screen-%s asks every item with the published answers, in order', (id) => {
    const inst = instruments.get(id)!;
    const flow = builtinCatalog().get(`screen-${id}`);
    expect(flow, `dialogs/flows/screen-${id}.yaml`).toBeDefined();
    const asks = flow!.steps.filter((s): s is StepOf<'ask'> => s.type === 'ask' && /^q\d+$/.test(s.id));
    expect(asks.map((s) => s.id)).toEqual(inst.items.map((_, i) => `q${i + 1}`));
    asks.forEach((step, i) => {
      expect(step.prompt).toContain(`**${inst.items[i]}**`);
      expect(step.prompt).toContain(`${i + 1} of ${inst.items.length}`);
      expect(step.input).toEqual({
        kind: 'choice',
        options: inst.answers.map((a) => ({ value: String(a.value), label: a.label })),
      });
    });
    const score = flow!.steps.find((s): s is StepOf<'score'> => s.type === 'score');
    expect(score).toMatchObject({ instrument: id, items: asks.map((s) => s.id) });
    // The published time frame and the required attribution come with the questions.
    const intro = flow!.steps[0]!;
    expect(intro.type === 'say' && intro.text).toContain(inst.timeFrame);
    expect(intro.type === 'say' && intro.text).toContain(inst.attribution);
  });
});

describe('PHQ-9', () => {
  it('item 9 above "Not at all" takes the safety path even with a minimal total', async () => {
    const t = await transcript().onboard();
    await t.command('screen', 'phq9');
    t.expectReply('This is the PHQ-9').expectReply(
      'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
    );
    t.expectReply('Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues');
    expect(t.buttons).toEqual(['Not at all', 'Several days', 'More than half the days', 'Nearly every day']);
    await answer(t, [0, 0, 0, 0, 0, 0, 0, 0, 1]);
    t.expectReply('came up Several days');
    t.expectReply('If you are in danger right now');
    t.expectReply('PHQ-9 total is 1 out of 27 (Minimal)');
    expect(t.last.messages.some((m) => m.urgent === true)).toBe(true);
    expect(t.text).not.toContain('in the minimal range');
    const [result] = await historyOf(t, 'screener');
    expect(result?.data).toMatchObject({
      instrument: 'phq9',
      total: 1,
      band: 'minimal',
      flags: ['item9_positive'],
    });
    expect(await historyOf(t, 'safety')).toHaveLength(1);
    const { profile } = await t.store.load(t.user);
    expect(profile.followUpSafety).toBe(true);
    expect(profile.lastScreened.phq9).toBe(t.clock.now());
  });

  it('item 9 takes the safety path with the highest total too', async () => {
    const t = await transcript().onboard();
    await t.command('screen', 'phq9');
    await answer(t, [3, 3, 3, 3, 3, 3, 3, 3, 3]);
    t.expectReply('If you are in danger right now').expectReply('27 out of 27 (Severe)');
  });

  it.each([
    [[0, 0, 0, 0, 0, 0, 0, 0, 0], 'in the minimal range (0–4)', 'Keep doing what helps'],
    [[1, 1, 1, 1, 1, 0, 0, 0, 0], 'in the mild range (5–9)', 'talk to your doctor'],
    [[2, 2, 2, 2, 2, 0, 0, 0, 0], 'in the moderate range (10–14)', 'talk to a professional'],
    [
      [3, 3, 3, 3, 3, 0, 0, 0, 0],
      'in the moderately severe range (15–19)',
      'talk to a doctor or mental-health professional soon',
    ],
    [[3, 3, 3, 3, 3, 3, 2, 0, 0], 'in the severe range (20–27)', 'as soon as you can'],
  ])('%j → %s, with what to do next and what it does not mean', async (values, band, next) => {
    const t = await transcript().onboard();
    await t.command('screen', 'phq9');
    await answer(t, values);
    t.expectReply(band).expectReply(next).expectReply('It is a screening, not a diagnosis');
    t.expectReply('saved privately');
    expect(t.text).not.toContain('If you are in danger right now');
    expect(await historyOf(t, 'safety')).toEqual([]);
  });

  it('re-asks an answer that is not one of the options, and goes back on request', async () => {
    const t = await transcript().onboard();
    await t.command('screen', 'phq9');
    await t.send('sometimes');
    t.expectReply(
      'Please choose one of: Not at all, Several days, More than half the days, Nearly every day',
    );
    t.expectReply('1 of 9');
    await t.send('Several days');
    t.expectReply('2 of 9');
    await t.send('back');
    t.expectReply('1 of 9');
  });
});

describe('two-question forms', () => {
  it('a positive PHQ-2 offers the full PHQ-9 and runs it', async () => {
    const t = await transcript().onboard();
    await t.command('screen', 'phq2');
    await answer(t, [2, 1]);
    t.expectReply('3 out of 6, at or above the cut-off').expectReply('talking to a professional');
    await t.click('Yes, the PHQ-9');
    t.expectReply('This is the PHQ-9');
    await answer(t, [2, 1, 1, 1, 0, 0, 0, 0, 0]);
    t.expectReply('in the mild range');
    const results = (await historyOf(t, 'screener')).map((e) => [e.data.instrument, e.data.band]);
    expect(results).toEqual([
      ['phq2', 'positive'],
      ['phq9', 'mild'],
    ]);
    expect((await t.store.load(t.user)).conversation).toBeNull();
  });

  it('a negative GAD-2 does not push the GAD-7', async () => {
    const t = await transcript().onboard();
    await t.command('screen', 'GAD-2');
    await answer(t, [1, 1]);
    t.expectReply('2 out of 6, below the cut-off').expectReply('type screen gad7');
    expect(t.buttons).toEqual([]);
  });

  it('a positive GAD-2, declined, says how to take the GAD-7 later', async () => {
    const t = await transcript().onboard();
    await t.command('screen', 'gad2');
    await answer(t, [3, 0]);
    await t.click('Not now');
    t.expectReply('by typing screen gad7');
  });
});

describe('GAD-7 and WHO-5', () => {
  it('a severe GAD-7 suggests a professional soon', async () => {
    const t = await transcript().onboard();
    await t.command('screen', 'gad7');
    await answer(t, [3, 3, 3, 3, 3, 0, 0]);
    t.expectReply('15 out of 21, in the severe range (15–21)').expectReply(
      'talk to a doctor or mental-health professional soon',
    );
  });

  it('WHO-5 answers in published order (All of the time first) and judges the band on the percentage', async () => {
    const t = await transcript().onboard();
    await t.command('screen', 'who5');
    expect(t.buttons).toEqual([
      'All of the time',
      'Most of the time',
      'More than half of the time',
      'Less than half of the time',
      'Some of the time',
      'At no time',
    ]);
    await answer(t, [2, 2, 1, 1, 1]);
    t.expectReply('28% (raw 7 out of 25)').expectReply('talk to a doctor or mental-health professional');
    await t.click('Not now');
    t.expectReply('The WHO-5 asks about five signs of wellbeing');
    const [result] = await historyOf(t, 'screener');
    expect(result?.data).toMatchObject({
      instrument: 'who5',
      total: 7,
      percent: 28,
      band: 'likely_depression',
    });
  });

  it('WHO-5 above 50% says low wellbeing is not indicated', async () => {
    const t = await transcript().onboard();
    await t.command('screen', 'who5');
    await answer(t, [3, 3, 3, 2, 2]);
    t.expectReply('52%').expectReply('low wellbeing is not indicated');
  });
});

describe('the screen command', () => {
  it('without an instrument shows the menu; an unknown one says so, escaped, and shows it too', async () => {
    const t = await transcript().onboard();
    await t.command('screen');
    expect(t.buttons).toEqual([
      'PHQ-2 · mood, 2 questions',
      'PHQ-9 · mood, 9 questions',
      'GAD-2 · anxiety, 2 questions',
      'GAD-7 · anxiety, 7 questions',
      'WHO-5 · wellbeing, 5 questions',
    ]);
    await t.click('GAD-7');
    t.expectReply('This is the GAD-7');
    await t.send('stop');
    await t.command('screen', 'bdi_2*');
    // What the person typed is escaped in the Markdown, so it arrives as plain text.
    const sorry = t.last.messages
      .flatMap((m) => m.blocks)
      .find((b) => b.type === 'text' && b.text.includes('called'));
    expect(sorry).toEqual({
      type: 'text',
      text: 'I don’t have a questionnaire called “bdi\\_2\\*”. I have GAD-2, GAD-7, PHQ-2, PHQ-9, WHO-5.',
    });
    expect(t.buttons).toContain('WHO-5 · wellbeing, 5 questions');
  });

  it('runs whenever asked, noting an overlap with a recent result', async () => {
    const t = await transcript().onboard();
    await t.command('screen', 'phq2');
    await answer(t, [0, 0]);
    t.clock.advance(3 * DAY);
    await t.send('screen phq2');
    t.expectReply('You last took the PHQ-2 3 days ago').expectReply('This is the PHQ-2');
    await answer(t, [0, 1]);
    expect(await historyOf(t, 'screener')).toHaveLength(2);
  });

  it('history shows screener results as their own trend', async () => {
    const t = await transcript().onboard();
    await t.command('screen', 'phq9');
    await answer(t, [2, 2, 2, 2, 2, 0, 0, 0, 0]);
    t.clock.advance(14 * DAY);
    await t.command('screen', 'phq9');
    await answer(t, [1, 1, 1, 1, 0, 0, 0, 0, 0]);
    await t.command('history', '30');
    t.expectReply('PHQ-9 (depression symptoms, 0–27): 10 moderate')
      .expectReply('→ 4 minimal')
      .expectReply('Falling: fewer symptoms');
    expect(t.last.messages.every((m) => m.private)).toBe(true);
  });
});

describe('the history command', () => {
  it('asks for 7 or 30 days, and explains an empty history when check-ins are not stored', async () => {
    const t = transcript();
    await t.send('hi');
    await t.click('No, don’t save');
    await t.click('18 or older');
    await t.send('US');
    await t.send('America/New_York');
    await t.click('No reminders');
    await t.command('history', '12');
    t.expectReply('You chose not to store check-ins');
    await t.command('screen', 'gad2');
    await answer(t, [0, 0]);
    t.expectReply('this result is not saved anywhere');
    expect(await t.store.history(t.user, 0)).toEqual([]);
  });

  it('draws the chart after a few check-ins, and says when the window asked for is not offered', async () => {
    const t = await transcript().onboard();
    for (const mood of ['Good', 'Okay', 'Low']) {
      await t.command('checkin');
      for (const label of [mood, 'Okay', 'Well']) await t.click(label);
      await t.send('skip');
      await t.send('skip');
      if (t.buttons.includes('Not now')) await t.click('Not now');
      t.clock.advance(DAY);
    }
    await t.command('history', '12 days');
    t.expectReply('I can show 7 or 30 days; here are the last 7.');
    const image = t.last.messages.flatMap((m) => m.blocks).find((b) => b.type === 'image');
    expect(image).toMatchObject({
      width: 800,
      height: 400,
      alt: expect.stringContaining('3 of 7 days recorded'),
    });
    t.expectReply('Days checked in: 3 of 7')
      .expectReply('Streak: 3 days')
      .expectReply('Your mood has been falling');
  });
});
