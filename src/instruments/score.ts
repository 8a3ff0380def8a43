import { CheckinError, ErrorCode } from '../core/errors.ts';
import type { Instrument } from './schema.ts';

/**
 * One generic scorer for every instrument file: sum of item values, optional multiplier, bands or a
 * cut-off, item flags. Exactly as published: no prorating, so every item must be answered with one
 * of the published values; anything else is an `AnswerError` and the flow asks that item again.
 */

/** What a completed screener scored; also the `data` of a `screener` history entry. */
export interface ScreenerResult {
  instrument: string;
  /** Raw sum of the item values. */
  total: number;
  /** `total × multiplier` for instruments that have one (WHO-5: a percentage). */
  percent?: number;
  /** Band id, judged on `percent` where the instrument says so, else on `total`. */
  band: string;
  /** Ids of the raised item flags, e.g. `item9_positive`. */
  flags: string[];
}

export type AnswerProblem = 'empty' | 'count' | 'missing' | 'not_a_number' | 'out_of_range';

/** An answer list the scorer refuses, saying which item and why (code `invalid_answer`). */
export class AnswerError extends CheckinError {
  override readonly name = 'AnswerError';
  constructor(
    readonly problem: AnswerProblem,
    message: string,
    /** 1-based item number concerned, when one item is at fault. */
    readonly item?: number,
  ) {
    super(ErrorCode.InvalidAnswer, message);
  }
}

export interface ScoreOptions {
  /** Overrides a cut-off instrument's published threshold (PHQ-2/GAD-2 default 3). */
  cutoff?: number;
}

/** Values an item may take, e.g. "0, 1, 2 or 3". */
export function allowedValuesText(inst: Instrument): string {
  const values = inst.answers.map((a) => a.value).sort((a, b) => a - b);
  return `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
}

/** Reads one item's answer: a whole number (or its decimal text) that is one of the published values. */
export function answerValue(inst: Instrument, item: number, raw: unknown): number {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
    throw new AnswerError('missing', `${inst.short} item ${item} has no answer.`, item);
  }
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' ? toNumber(raw) : Number.NaN;
  if (!Number.isFinite(value)) {
    throw new AnswerError(
      'not_a_number',
      `${inst.short} item ${item}: "${String(raw)}" is not a number; answer with ${allowedValuesText(inst)}.`,
      item,
    );
  }
  if (!Number.isInteger(value)) {
    throw new AnswerError(
      'not_a_number',
      `${inst.short} item ${item}: ${value} is not a whole number; answer with ${allowedValuesText(inst)}.`,
      item,
    );
  }
  if (!inst.answers.some((a) => a.value === value)) {
    throw new AnswerError(
      'out_of_range',
      `${inst.short} item ${item}: ${value} is out of range; answers are ${allowedValuesText(inst)}.`,
      item,
    );
  }
  return value;
}

function toNumber(text: string): number {
  return /^\s*[+-]?\d+(\.\d+)?\s*$/.test(text) ? Number(text) : Number.NaN;
}

/** Scores a complete answer list (item 1 first). Throws `AnswerError` on any missing or invalid answer. */
export function scoreAnswers(
  inst: Instrument,
  answers: readonly unknown[],
  options: ScoreOptions = {},
): ScreenerResult {
  const n = inst.items.length;
  if (answers.length === 0) {
    throw new AnswerError('empty', `${inst.short} needs ${n} answers and got none.`);
  }
  if (answers.length !== n) {
    throw new AnswerError(
      'count',
      `${inst.short} needs exactly ${n} answers, one per item; got ${answers.length}.`,
    );
  }
  const values = answers.map((raw, i) => answerValue(inst, i + 1, raw));
  const total = values.reduce((sum, v) => sum + v, 0);
  const s = inst.scoring;
  const percent = s.multiplier === undefined ? undefined : total * s.multiplier;
  const judged = s.bandsOn === 'percent' && percent !== undefined ? percent : total;
  const flags = s.flags.filter((f) => (values[f.item - 1] ?? 0) >= f.atLeast).map((f) => f.id);
  return {
    instrument: inst.id,
    total,
    ...(percent === undefined ? {} : { percent }),
    band: bandOf(inst, judged, options),
    flags,
  };
}

/** The band id for a score (on the scale the instrument judges bands on). */
export function bandOf(inst: Instrument, score: number, options: ScoreOptions = {}): string {
  const { bands, cutoff } = inst.scoring;
  if (cutoff) {
    const at = options.cutoff ?? cutoff.atLeast;
    if (!Number.isInteger(at) || at < 1) {
      throw new CheckinError(ErrorCode.Usage, `A cut-off must be a whole number of at least 1; got ${at}.`);
    }
    return score >= at ? cutoff.positive : cutoff.negative;
  }
  const band = bands?.find((b) => score >= b.min && score <= b.max);
  // The schema proves bands cover the whole range, so this only guards a corrupted object.
  if (!band) throw new CheckinError(ErrorCode.InvalidContent, `${inst.id}: no band holds score ${score}.`);
  return band.id;
}

/** True when the result raised a flag that must take the person to the safety path. */
export function needsSafety(inst: Instrument, result: ScreenerResult): boolean {
  return inst.scoring.flags.some((f) => f.safety && result.flags.includes(f.id));
}

/** A person-facing label for a band id (`moderately_severe` → "Moderately severe"). */
export function bandLabel(inst: Instrument, bandId: string): string {
  const band = inst.scoring.bands?.find((b) => b.id === bandId);
  if (band) return band.label;
  return bandId.charAt(0).toUpperCase() + bandId.slice(1).replace(/_/g, ' ');
}

/**
 * Parses `0,1,2,3` as typed on the command line into raw answers for `scoreAnswers`. Only splits:
 * checking each value is the scorer's job, so both paths report the same messages.
 */
export function splitAnswerList(text: string): string[] {
  if (text.trim() === '') return [];
  return text.split(',').map((part) => part.trim());
}
