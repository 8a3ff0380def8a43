import { type DayPoint, dayLabel } from './days.ts';
import type { Correlation, Summary, Trend } from './stats.ts';

/**
 * The history in words: a sparkline for places images cannot go, and sentences for the trend and
 * for how mood moved with sleep and energy. Plain English, numbers included, no judgement.
 */

const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;
/** Shown for a day without a check-in: a visible gap that is not mistaken for a low bar. */
export const GAP = '·';

/** One character per day: ▁ (1) … █ (5), `·` where nothing was recorded. */
export function sparkline(values: ReadonlyArray<number | null>): string {
  return values
    .map((v) => (v === null ? GAP : BARS[Math.round(((Math.min(5, Math.max(1, v)) - 1) / 4) * 7)]!))
    .join('');
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** "falling, from about 4.2 to 2.1" and similar; null trend → a sentence saying it is too early. */
export function trendSentence(trend: Trend | null, what = 'Your mood'): string {
  if (!trend) return `Not enough days yet to see which way ${what.toLowerCase()} is going.`;
  switch (trend.direction) {
    case 'rising':
      return `${what} has been rising, from about ${fmt(trend.from)} to ${fmt(trend.to)}.`;
    case 'falling':
      return `${what} has been falling, from about ${fmt(trend.from)} to ${fmt(trend.to)}.`;
    case 'steady':
      return `${what} has been steady, around ${fmt(round((trend.from + trend.to) / 2))}.`;
    case 'mixed':
      return `${what} has been mixed: up and down without a clear direction (days vary by about ${fmt(trend.spread)} either way).`;
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/**
 * How mood moved with sleep or energy, with the number behind it. Never claims a cause: a
 * correlation over a few weeks is a pattern worth noticing, nothing more.
 */
export function correlationSentence(other: 'sleep' | 'energy', c: Correlation | null): string | null {
  if (!c) return null;
  const better = other === 'sleep' ? 'slept better' : 'had more energy';
  const worse = other === 'sleep' ? 'slept worse' : 'had less energy';
  const numbers = `(correlation ${c.r.toFixed(2)} over ${c.days} days)`;
  if (c.r >= 0.5) return `On days you ${better}, your mood was usually better too ${numbers}.`;
  if (c.r >= 0.3) return `On days you ${better}, your mood tended to be a little better ${numbers}.`;
  if (c.r > -0.3) return `Your mood and your ${other} did not move together much ${numbers}.`;
  return `Your mood tended to be better on days you ${worse}: they moved in opposite directions ${numbers}.`;
}

/** The sentence a screen reader hears for the chart: what it shows, the trend, the key numbers. */
export function altText(series: readonly DayPoint[], summary: Summary, trend: Trend | null): string {
  const parts = [
    `Line chart of your mood over the last ${series.length} days, on a scale of 1 (lowest) to 5 (highest); ${summary.recordedDays} of ${series.length} days recorded.`,
  ];
  if (trend) {
    const how =
      trend.direction === 'steady'
        ? `steady, around ${fmt(round((trend.from + trend.to) / 2))}`
        : trend.direction === 'mixed'
          ? 'mixed, going up and down without a clear direction'
          : `${trend.direction}, from about ${fmt(trend.from)} to ${fmt(trend.to)}`;
    parts.push(`Trend: ${how}.`);
  }
  if (summary.average !== null && summary.best && summary.hardest) {
    parts.push(
      `Average ${fmt(summary.average)}; best ${fmt(summary.best.value)} on ${dayLabel(summary.best.day)}; hardest ${fmt(summary.hardest.value)} on ${dayLabel(summary.hardest.day)}.`,
    );
  }
  const extra = [
    series.some((p) => p.energy !== null) ? 'Energy' : null,
    series.some((p) => p.sleep !== null) ? 'sleep' : null,
  ].filter((s): s is string => s !== null);
  if (extra.length === 2) parts.push('Energy and sleep are drawn as dashed lines on the same scale.');
  else if (extra.length === 1) {
    const name = extra[0] === 'sleep' ? 'Sleep' : 'Energy';
    parts.push(`${name} is drawn as a dashed line on the same scale.`);
  }
  return parts.join(' ');
}
