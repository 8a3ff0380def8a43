import { type Canvas, createCanvas } from '@napi-rs/canvas';
import type { ChartConfiguration, ChartItem, Plugin } from 'chart.js';
import { Chart, whiteBackground } from '../charts/chart-js.ts';

/**
 * The results image, on the same Chart.js + Skia stack as the personal history charts
 * (src/history/chart.ts): on top, this pulse's distribution (one 100% bar per question, a segment
 * per point of the scale); below, when there are earlier pulses, each question's team average
 * over time. One PNG, so every platform shows it as one picture.
 */

const WIDTH = 800;
const TEXT = '#333333';
const LINES = ['#1f7a8c', '#e07a1f', '#6a4c93', '#2a9d4b', '#b23a48'];
// Lowest to highest point of a scale: warm to cool, so "low" reads at a glance without alarm red.
const SCALE = ['#d9734e', '#efa76a', '#c9c9c9', '#8cc0a5', '#3f9c78'];

export interface DistributionInput {
  /** Question names, one bar each. */
  questions: string[];
  /** Names of the scale points, lowest first (e.g. `1 (lowest)` … `5 (highest)`). */
  points: string[];
  /** Per question, the share (0-100) of answers per point; null where nothing may be shown. */
  shares: Array<Array<number> | null>;
}

export interface TrendInput {
  labels: string[];
  series: Array<{ label: string; values: Array<number | null> }>;
  min: number;
  max: number;
}

interface Drawn {
  canvas: Canvas;
  chart: Chart;
}

function draw(config: ChartConfiguration, height: number): Drawn {
  const canvas = createCanvas(WIDTH, height);
  // Chart.js types expect a DOM canvas context; the Skia context implements the same 2D API.
  return { canvas, chart: new Chart(canvas.getContext('2d') as unknown as ChartItem, config) };
}

function distributionChart(input: DistributionInput, title: string): Drawn {
  const colour = (i: number) =>
    SCALE[Math.round((i * (SCALE.length - 1)) / Math.max(1, input.points.length - 1))];
  const config: ChartConfiguration<'bar', number[], string> = {
    type: 'bar',
    data: {
      labels: input.questions.map((q, i) => (input.shares[i] ? q : `${q} (too few answers)`)),
      datasets: input.points.map((point, p) => ({
        label: point,
        data: input.shares.map((row) => row?.[p] ?? 0),
        backgroundColor: colour(p) ?? '#999999',
        borderWidth: 0,
      })),
    },
    options: {
      indexAxis: 'y',
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      events: [],
      plugins: {
        title: { display: true, text: title, color: TEXT, font: { size: 18 } },
        legend: { position: 'bottom', labels: { color: TEXT } },
      },
      scales: {
        x: { stacked: true, min: 0, max: 100, ticks: { color: TEXT, callback: (v) => `${v}%` } },
        y: { stacked: true, ticks: { color: TEXT }, grid: { display: false } },
      },
    },
    plugins: [whiteBackground as Plugin<'bar'>],
  };
  return draw(config as unknown as ChartConfiguration, 110 + 48 * input.questions.length);
}

function trendChart(input: TrendInput): Drawn {
  const config: ChartConfiguration<'line', Array<number | null>, string> = {
    type: 'line',
    data: {
      labels: input.labels,
      datasets: input.series.map((s, i) => {
        const color = LINES[i % LINES.length] ?? TEXT;
        return {
          label: s.label,
          data: s.values,
          borderColor: color,
          backgroundColor: color,
          borderWidth: 2.5,
          pointRadius: 4,
          spanGaps: true,
          tension: 0,
        };
      }),
    },
    options: {
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      events: [],
      plugins: {
        title: { display: true, text: 'Team averages over recent pulses', color: TEXT, font: { size: 16 } },
        legend: { position: 'bottom', labels: { color: TEXT, boxHeight: 2 } },
      },
      scales: {
        y: {
          min: input.min,
          max: input.max,
          ticks: { stepSize: 1, color: TEXT },
          grid: { color: '#e6e6e6' },
        },
        x: { offset: true, ticks: { color: TEXT }, grid: { display: false } },
      },
    },
    plugins: [whiteBackground as Plugin<'line'>],
  };
  return draw(config as unknown as ChartConfiguration, 340);
}

/** The distribution, and the trend below it when given, as one PNG. */
export async function renderPulseResults(
  title: string,
  distribution: DistributionInput,
  trend: TrendInput | null,
): Promise<{ png: Uint8Array; width: number; height: number }> {
  const parts = [distributionChart(distribution, title), ...(trend ? [trendChart(trend)] : [])];
  try {
    const height = parts.reduce((sum, p) => sum + p.canvas.height, 0);
    const canvas = createCanvas(WIDTH, height);
    const ctx = canvas.getContext('2d');
    let y = 0;
    for (const part of parts) {
      ctx.drawImage(part.canvas, 0, y);
      y += part.canvas.height;
    }
    const png = await canvas.encode('png');
    return { png: new Uint8Array(png.buffer, png.byteOffset, png.byteLength), width: WIDTH, height };
  } finally {
    // Destroying a chart clears its canvas, so only after the picture was put together.
    for (const part of parts) part.chart.destroy();
  }
}
