import type { HistoryEntry } from '../core/state.ts';
import type { Instrument } from '../instruments/schema.ts';
import { scoreRange } from '../instruments/schema.ts';
import { bandLabel } from '../instruments/score.ts';
import { dayLabel, localDay } from './days.ts';

/**
 * Screener results as their own trend, one line per instrument: the recent scores in order, and in
 * words whether they went up or down and what that direction means for that instrument.
 */

/** Results shown per instrument; older ones stay in history and export. */
export const SCREENER_RESULTS_SHOWN = 6;

interface Point {
  at: number;
  score: number;
  band: string;
}

function screenerPoints(entries: readonly HistoryEntry[], instrument: string): Point[] {
  return entries
    .filter((e) => e.kind === 'screener' && e.data.instrument === instrument)
    .flatMap((e) => {
      const score = typeof e.data.percent === 'number' ? e.data.percent : e.data.total;
      return typeof score === 'number' && typeof e.data.band === 'string'
        ? [{ at: e.at, score, band: e.data.band }]
        : [];
    })
    .sort((a, b) => a.at - b.at)
    .slice(-SCREENER_RESULTS_SHOWN);
}

export type ScoreDirection = 'rising' | 'falling' | 'steady' | 'mixed';

/** Rising or falling only when every step went the same way (or stayed); back and forth is mixed. */
export function scoreDirection(scores: readonly number[]): ScoreDirection | null {
  if (scores.length < 2) return null;
  const steps = scores.slice(1).map((s, i) => s - scores[i]!);
  if (steps.every((d) => d === 0)) return 'steady';
  if (steps.every((d) => d >= 0)) return 'rising';
  if (steps.every((d) => d <= 0)) return 'falling';
  return 'mixed';
}

/** One Markdown line per instrument the person has results for, in instrument order. */
export function screenerTrendLines(
  entries: readonly HistoryEntry[],
  instruments: ReadonlyMap<string, Instrument>,
  timeZone: string,
): string[] {
  const lines: string[] = [];
  for (const inst of instruments.values()) {
    const pts = screenerPoints(entries, inst.id);
    if (pts.length === 0) continue;
    const values = inst.answers.map((a) => a.value);
    const scale = scoreRange(values, inst.items.length, inst.scoring.multiplier ?? 1).max;
    const unit = inst.scoring.multiplier === undefined ? '' : '%';
    const scores = pts
      .map(
        (p) =>
          `${p.score}${unit} ${bandLabel(inst, p.band).toLowerCase()} (${dayLabel(localDay(p.at, timeZone), 'short')})`,
      )
      .join(' → ');
    const direction = scoreDirection(pts.map((p) => p.score));
    const higher = inst.scoring.higherIsBetter ? ', higher is better' : '';
    lines.push(
      `- **${inst.short}** (${inst.measures}, 0–${scale}${unit}${higher}): ${scores}.${meaning(inst, direction)}`,
    );
  }
  return lines;
}

function meaning(inst: Instrument, direction: ScoreDirection | null): string {
  if (direction === null) return '';
  const good = inst.scoring.higherIsBetter ? 'rising' : 'falling';
  switch (direction) {
    case 'steady':
      return ' Steady.';
    case 'mixed':
      return ' Mixed: up and down.';
    default: {
      const better = direction === good;
      const what = inst.scoring.higherIsBetter
        ? better
          ? 'better wellbeing'
          : 'lower wellbeing'
        : better
          ? 'fewer symptoms'
          : 'more symptoms';
      return ` ${direction === 'rising' ? 'Rising' : 'Falling'}: ${what}.`;
    }
  }
}
