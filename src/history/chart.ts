import { createCanvas } from '@napi-rs/canvas';
import type { ChartConfiguration, ChartItem, Plugin } from 'chart.js';
import { Chart, whiteBackground } from '../charts/chart-js.ts';
import { type DayPoint, dayLabel } from './days.ts';

/**
 * Server-side chart rendering: Chart.js draws on a Skia canvas (@napi-rs/canvas, a prebuilt binary
 * shipped in the npm package), no browser involved. Returns PNG bytes for an `image` block.
 */

/** Default image size in CSS pixels; chat clients scale it to fit. */
export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 400;

const COLORS = { mood: '#1f7a8c', energy: '#e07a1f', sleep: '#6a4c93', grid: '#e6e6e6', text: '#333333' };

export interface ChartOptions {
  title: string;
  width?: number;
  height?: number;
}

export interface RenderedChart {
  png: Uint8Array;
  width: number;
  height: number;
}

/** Draws mood (bold) with energy and sleep (thin, dashed up to a month) on the 1–5 scale; missing days stay gaps. */
export async function renderMoodChart(
  series: readonly DayPoint[],
  options: ChartOptions,
): Promise<RenderedChart> {
  const width = options.width ?? CHART_WIDTH;
  const height = options.height ?? CHART_HEIGHT;
  const long = series.length > 31;
  // Dots help a week read as days; on a year they are only noise and cost time.
  const pointRadius = long ? 0 : 3;
  const line = (label: string, color: string, data: Array<number | null>, secondary: boolean) => ({
    label,
    data,
    borderColor: color,
    backgroundColor: color,
    borderWidth: secondary ? 1.5 : long ? 2 : 3,
    // Dashes set energy and sleep apart from mood; over a year of zigzags they blur, and Skia
    // spends much of the drawing time on them, so long windows use plain thin lines.
    borderDash: secondary && !long ? [6, 4] : [],
    // A lone day between gaps is only visible as a point, so secondary lines keep small ones.
    pointRadius: secondary ? pointRadius * 0.6 : pointRadius,
    clip: false as const,
    spanGaps: false,
    // Smooth curves that never overshoot a day's value; straight segments are enough for a year.
    ...(long ? { tension: 0 } : { cubicInterpolationMode: 'monotone' as const }),
  });
  const datasets = [
    line(
      'Mood',
      COLORS.mood,
      series.map((p) => p.mood),
      false,
    ),
  ];
  if (series.some((p) => p.energy !== null)) {
    datasets.push(
      line(
        'Energy',
        COLORS.energy,
        series.map((p) => p.energy),
        true,
      ),
    );
  }
  if (series.some((p) => p.sleep !== null)) {
    datasets.push(
      line(
        'Sleep',
        COLORS.sleep,
        series.map((p) => p.sleep),
        true,
      ),
    );
  }
  const config: ChartConfiguration<'line', Array<number | null>, string> = {
    type: 'line',
    data: { labels: series.map((p) => dayLabel(p.day, series.length <= 7 ? 'weekday' : 'short')), datasets },
    options: {
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      events: [],
      plugins: {
        title: { display: true, text: options.title, color: COLORS.text, font: { size: 18 } },
        legend: { position: 'bottom', labels: { color: COLORS.text, boxHeight: 2 } },
      },
      scales: {
        y: {
          min: 1,
          max: 5,
          ticks: { stepSize: 1, color: COLORS.text },
          grid: { color: COLORS.grid },
          title: { display: true, text: '1 = lowest · 5 = highest', color: COLORS.text },
        },
        x: {
          // Half a day of room at each end, so the first and last points are not cut by the frame.
          offset: true,
          ticks: { color: COLORS.text, autoSkip: true, maxTicksLimit: long ? 12 : 10, maxRotation: 0 },
          grid: { display: false },
        },
      },
    },
    plugins: [whiteBackground as Plugin<'line'>],
  };
  const canvas = createCanvas(width, height);
  // Chart.js types expect a DOM canvas context; the Skia context implements the same 2D API.
  const chart = new Chart(canvas.getContext('2d') as unknown as ChartItem, config);
  try {
    const png = await canvas.encode('png');
    return { png: new Uint8Array(png.buffer, png.byteOffset, png.byteLength), width, height };
  } finally {
    chart.destroy();
  }
}
