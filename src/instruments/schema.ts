import { z } from 'zod';

/**
 * The shape of one validated screener file in `dialogs/instruments/`. Everything the scorer and the
 * screener flows need is data here: wording, answer labels in published order, citation, scoring.
 * Cross-field rules (bands cover the whole score range without gaps or overlaps, flags point at real
 * items) are checked here too, so a wrong file fails at load, never in front of a person.
 */

/** Instrument ids are short and safe inside button tokens and history entries. */
export const INSTRUMENT_ID = /^[a-z][a-z0-9]{1,15}$/;

const answerOption = z.strictObject({
  value: z.number().int().min(0).max(100),
  label: z.string().min(1).max(60),
});

const band = z.strictObject({
  /** Stable id reported by the scorer and stored in history (`moderately_severe`). */
  id: z.string().regex(/^[a-z][a-z_]{1,31}$/, 'expected a lower-case id such as moderately_severe'),
  /** Inclusive bounds on the score the bands are judged on. */
  min: z.number().int(),
  max: z.number().int(),
  /** How the band is named to a person. */
  label: z.string().min(1).max(60),
});

const flag = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]{1,31}$/),
  /** 1-based item number, as printed on the published form. */
  item: z.number().int().min(1),
  /** Raised when that item's answer value is at least this. */
  atLeast: z.number().int().min(0),
  /** Raising it sends the conversation to the safety path, whatever the total. */
  safety: z.boolean().default(false),
});

const cutoff = z.strictObject({
  /** A total at or above this is `positive`. Published default 3 for PHQ-2 and GAD-2. */
  atLeast: z.number().int().min(1),
  positive: z.string().regex(/^[a-z][a-z_]{1,31}$/),
  negative: z.string().regex(/^[a-z][a-z_]{1,31}$/),
});

const scoring = z.strictObject({
  /** The scaled score is `total × multiplier` (WHO-5: ×4 gives a percentage). */
  multiplier: z.number().int().min(2).optional(),
  /** Which score the bands are judged on; `percent` needs a multiplier. */
  bandsOn: z.enum(['total', 'percent']).default('total'),
  bands: z.array(band).min(2).optional(),
  /** Two-band instruments (PHQ-2, GAD-2): one configurable cut-off instead of `bands`. */
  cutoff: cutoff.optional(),
  flags: z.array(flag).default([]),
  /** True where a higher score means better (WHO-5 wellbeing); false for symptom counts. */
  higherIsBetter: z.boolean().default(false),
  /** The fuller instrument a positive result offers next (`phq2` → `phq9`). */
  followUp: z.string().regex(INSTRUMENT_ID).optional(),
});

export const instrumentSchema = z
  .strictObject({
    id: z.string().regex(INSTRUMENT_ID, 'expected 2-16 lower-case letters and digits, e.g. phq9'),
    title: z.string().min(1).max(120),
    /** Short name used in buttons and history (`PHQ-9`). */
    short: z.string().min(1).max(16),
    /** What it asks about, in a few words, for the introduction. */
    measures: z.string().min(1).max(120),
    /** The published time frame that introduces the items. */
    timeFrame: z.string().min(1).max(200),
    /** Answer options in the published order (not necessarily ascending). */
    answers: z.array(answerOption).min(2).max(10),
    /** Item wording, in published order; item N is `items[N-1]`. */
    items: z.array(z.string().min(1).max(300)).min(1).max(50),
    citation: z.string().min(1),
    /** Attribution the publisher asks to be shown with the instrument. */
    attribution: z.string().min(1),
    scoring,
  })
  .superRefine((inst, ctx) => {
    const values = inst.answers.map((a) => a.value);
    values.forEach((v, i) => {
      if (values.indexOf(v) !== i) {
        ctx.addIssue({
          code: 'custom',
          path: ['answers', i, 'value'],
          message: `duplicate answer value ${v}`,
        });
      }
    });
    const s = inst.scoring;
    const range = scoreRange(values, inst.items.length, s.bandsOn === 'percent' ? (s.multiplier ?? 1) : 1);
    if (s.bandsOn === 'percent' && s.multiplier === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['scoring', 'bandsOn'],
        message: 'bandsOn: percent needs a multiplier',
      });
    }
    if ((s.bands === undefined) === (s.cutoff === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['scoring'], message: 'give exactly one of bands or cutoff' });
    }
    if (s.bands) checkBands(s.bands, range, ctx);
    if (s.cutoff && (s.cutoff.atLeast <= range.min || s.cutoff.atLeast > range.max)) {
      ctx.addIssue({
        code: 'custom',
        path: ['scoring', 'cutoff', 'atLeast'],
        message: `cut-off must lie above ${range.min} and at most ${range.max}`,
      });
    }
    s.flags.forEach((f, i) => {
      if (f.item > inst.items.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['scoring', 'flags', i, 'item'],
          message: `item ${f.item} does not exist (the instrument has ${inst.items.length} items)`,
        });
      }
      if (f.atLeast > Math.max(...values)) {
        ctx.addIssue({
          code: 'custom',
          path: ['scoring', 'flags', i, 'atLeast'],
          message: `no answer value reaches ${f.atLeast}`,
        });
      }
    });
  });

export type Instrument = z.output<typeof instrumentSchema>;
export type InstrumentBand = z.output<typeof band>;

/** Lowest and highest score the bands are judged on, given answer values and item count. */
export function scoreRange(
  values: number[],
  items: number,
  multiplier: number,
): { min: number; max: number } {
  return { min: Math.min(...values) * items * multiplier, max: Math.max(...values) * items * multiplier };
}

function checkBands(
  bands: InstrumentBand[],
  range: { min: number; max: number },
  ctx: z.RefinementCtx,
): void {
  const issue = (i: number, field: string, message: string) =>
    ctx.addIssue({ code: 'custom', path: ['scoring', 'bands', i, field], message });
  bands.forEach((b, i) => {
    if (b.min > b.max) issue(i, 'max', `max ${b.max} is below min ${b.min}`);
    if (i === 0 && b.min !== range.min) issue(i, 'min', `the first band must start at ${range.min}`);
    const prev = bands[i - 1];
    if (prev && b.min !== prev.max + 1) {
      issue(i, 'min', `expected ${prev.max + 1}: bands must follow each other without gap or overlap`);
    }
    if (i === bands.length - 1 && b.max !== range.max)
      issue(i, 'max', `the last band must end at ${range.max}`);
    if (bands.findIndex((o) => o.id === b.id) !== i) issue(i, 'id', `duplicate band id ${b.id}`);
  });
}
