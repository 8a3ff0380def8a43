import { performance } from 'node:perf_hooks';
import type { HistoryEntry } from '../src/core/state.ts';
import { renderMoodChart } from '../src/history/chart.ts';
import { dailySeries } from '../src/history/days.ts';
import { summarise, trendOf } from '../src/history/stats.ts';
import { altText, sparkline } from '../src/history/words.ts';
import type { Benchmark, Figure } from './types.ts';

/**
 * Chart rendering for a year of daily check-ins (target under 200 ms on the 2-core machine), beside
 * two baselines from the same run: the text fallback (series, statistics, sparkline; no drawing)
 * and the same chart with no data, which isolates Chart.js set-up and PNG encoding.
 */

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 26, 12, 0);

function yearOfHistory(days: number): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  for (let i = 0; i < days; i++) {
    if (i % 9 === 4) continue; // some missed days, as in real use
    const mood = 1 + Math.round(2 + 1.5 * Math.sin(i / 11) + ((i * 7919) % 5) / 5 - 0.4);
    entries.push({
      at: NOW - (days - 1 - i) * DAY,
      kind: 'mood',
      data: { mood: Math.min(5, Math.max(1, mood)), energy: 1 + (i % 5), sleep: 1 + ((i * 3) % 5) },
    });
  }
  return entries;
}

/** Median of `runs` timings of `fn`, in ms, after one warm-up run. */
async function median(runs: number, fn: () => unknown): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const bench: Benchmark = {
  name: 'chart',
  description: 'mood history chart (Chart.js on @napi-rs/canvas → PNG) for a year of daily check-ins',
  async run({ quick }) {
    const days = quick ? 30 : 365;
    const runs = quick ? 1 : 15;
    const entries = yearOfHistory(days);
    const options = { days, timeZone: 'Europe/Berlin', now: NOW };
    const emptySeries = dailySeries([], options);

    const textOnly = await median(runs, () => {
      const series = dailySeries(entries, options);
      return [sparkline(series.map((p) => p.mood)), altText(series, summarise(series), trendOf(series))];
    });
    const emptyChart = await median(runs, () => renderMoodChart(emptySeries, { title: 'empty' }));
    const fullChart = await median(runs, async () => {
      const series = dailySeries(entries, options);
      return renderMoodChart(series, { title: `Your mood, the last ${days} days` });
    });

    const figures: Record<string, Figure> = {
      [`chart_${days}_days_ms`]: {
        value: fullChart,
        unit: 'ms',
        baseline: emptyChart,
        baselineLabel: 'same chart with no data',
        target: '< 200 ms',
      },
      [`text_fallback_${days}_days_ms`]: {
        value: textOnly,
        unit: 'ms',
        baseline: fullChart,
        baselineLabel: 'the full chart',
      },
    };
    return figures;
  },
};
export default bench;
