import { addDays, type DayPoint, round1 } from './days.ts';

/**
 * Small, explainable statistics over a daily series. Every figure is one a person can check by eye
 * on the chart, and every rule below is stated in words in docs/screeners.md.
 */

export type TrendDirection = 'rising' | 'falling' | 'steady' | 'mixed';

export interface Trend {
  direction: TrendDirection;
  /** Fitted value at the first and last recorded day (least-squares line, kept within 1–5), 1 decimal. */
  from: number;
  to: number;
  /** How far single days sit from that line on average (residual standard deviation). */
  spread: number;
}

/** A change smaller than this across the window (on the 1–5 scale) is not called a trend. */
export const TREND_MIN_CHANGE = 0.75;
/** The line must explain at least this share of the day-to-day variation (r²) to be called a trend. */
export const TREND_MIN_R2 = 0.3;
/** Days scattering this much around the line, with no clear direction, make a `mixed` picture. */
export const MIXED_MIN_SPREAD = 0.9;
/** Fewer recorded days than this: no trend is named. */
export const TREND_MIN_DAYS = 3;
/** Fewer paired days than this: no correlation is described. */
export const CORRELATION_MIN_DAYS = 7;

type Field = 'mood' | 'energy' | 'sleep';

/** Recorded (x = day index, y = value) pairs of one field. */
function points(series: readonly DayPoint[], field: Field): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  series.forEach((p, i) => {
    const v = p[field];
    if (v !== null) out.push([i, v]);
  });
  return out;
}

/**
 * Rising or falling when the fitted line moves at least TREND_MIN_CHANGE across the recorded days
 * and explains at least TREND_MIN_R2 of the variation (so a repeating up-and-down is not a trend);
 * otherwise mixed when days scatter widely around the line, else steady.
 */
export function trendOf(series: readonly DayPoint[], field: Field = 'mood'): Trend | null {
  const xy = points(series, field);
  if (xy.length < TREND_MIN_DAYS) return null;
  const n = xy.length;
  const mx = xy.reduce((s, [x]) => s + x, 0) / n;
  const my = xy.reduce((s, [, y]) => s + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const [x, y] of xy) {
    sxx += (x - mx) ** 2;
    sxy += (x - mx) * (y - my);
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const lineAt = (x: number) => my + slope * (x - mx);
  const firstX = xy[0]![0];
  const lastX = xy[n - 1]![0];
  const change = lineAt(lastX) - lineAt(firstX);
  const ssRes = xy.reduce((s, [x, y]) => s + (y - lineAt(x)) ** 2, 0);
  const ssTot = xy.reduce((s, [, y]) => s + (y - my) ** 2, 0);
  const r2 = ssTot === 0 ? 0 : 1 - ssRes / ssTot;
  const spread = Math.sqrt(ssRes / n);
  let direction: TrendDirection;
  if (Math.abs(change) >= TREND_MIN_CHANGE && r2 >= TREND_MIN_R2) {
    direction = change > 0 ? 'rising' : 'falling';
  } else {
    direction = spread >= MIXED_MIN_SPREAD ? 'mixed' : 'steady';
  }
  // The fitted line can overshoot the 1–5 scale ("from about 0.7"); say where it meets the scale instead.
  const onScale = (v: number) => round1(Math.min(5, Math.max(1, v)));
  return { direction, from: onScale(lineAt(firstX)), to: onScale(lineAt(lastX)), spread: round1(spread) };
}

export interface DayValue {
  day: string;
  value: number;
}

export interface Summary {
  /** Days of the window with a mood recorded. */
  recordedDays: number;
  average: number | null;
  /** Highest and lowest daily mood; on a tie, the most recent such day. */
  best: DayValue | null;
  hardest: DayValue | null;
}

export function summarise(series: readonly DayPoint[]): Summary {
  const recorded = series.filter((p): p is DayPoint & { mood: number } => p.mood !== null);
  if (recorded.length === 0) return { recordedDays: 0, average: null, best: null, hardest: null };
  let best = recorded[0]!;
  let hardest = recorded[0]!;
  for (const p of recorded) {
    if (p.mood >= best.mood) best = p;
    if (p.mood <= hardest.mood) hardest = p;
  }
  const average = round1(recorded.reduce((s, p) => s + p.mood, 0) / recorded.length);
  return {
    recordedDays: recorded.length,
    average,
    best: { day: best.day, value: best.mood },
    hardest: { day: hardest.day, value: hardest.mood },
  };
}

/**
 * Consecutive local days with a check-in, ending today, or yesterday when today has none yet
 * (the day is not over, so a streak is not broken before it is).
 */
export function streakOf(days: ReadonlySet<string>, today: string): number {
  let day = days.has(today) ? today : addDays(today, -1);
  let count = 0;
  while (days.has(day)) {
    count += 1;
    day = addDays(day, -1);
  }
  return count;
}

export interface Correlation {
  /** Pearson correlation coefficient, 2 decimals. */
  r: number;
  /** Days on which both were recorded. */
  days: number;
}

/** Pearson correlation of mood with another field over days that have both; null with too few days or no variation. */
export function correlationOf(
  series: readonly DayPoint[],
  other: Exclude<Field, 'mood'>,
): Correlation | null {
  const pairs = series
    .filter((p) => p.mood !== null && p[other] !== null)
    .map((p) => [p.mood!, p[other]!] as const);
  if (pairs.length < CORRELATION_MIN_DAYS) return null;
  const n = pairs.length;
  const ma = pairs.reduce((s, [a]) => s + a, 0) / n;
  const mb = pairs.reduce((s, [, b]) => s + b, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (const [a, b] of pairs) {
    sab += (a - ma) * (b - mb);
    saa += (a - ma) ** 2;
    sbb += (b - mb) ** 2;
  }
  if (saa === 0 || sbb === 0) return null;
  return { r: Math.round((sab / Math.sqrt(saa * sbb)) * 100) / 100, days: n };
}
