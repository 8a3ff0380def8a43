import { createCanvas } from '@napi-rs/canvas';
import {
  CategoryScale,
  Chart,
  type ChartConfiguration,
  type ChartItem,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  type Plugin,
  PointElement,
  Title,
} from 'chart.js';

/**
 * The team trend as a PNG: one line per question (its team average) over the last pulses, on the
 * same Chart.js + Skia stack as the personal history charts (src/history/chart.ts).
 */

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Legend, Title);

const PALETTE = ['#1f7a8c', '#e07a1f', '#6a4c93', '#2a9d4b', '#b23a48'];
const WIDTH = 800;
const HEIGHT = 400;

const whiteBackground: Plugin<'line'> = {
  id: 'pulseWhiteBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

export interface TrendSeries {
  label: string;
  /** One average per pulse (null where that pulse shared nothing for this question). */
  values: Array<number | null>;
}

export async function renderPulseTrend(
  labels: readonly string[],
  series: readonly TrendSeries[],
  scale: { min: number; max: number; title: string },
): Promise<{ png: Uint8Array; width: number; height: number }> {
  const config: ChartConfiguration<'line', Array<number | null>, string> = {
    type: 'line',
    data: {
      labels: [...labels],
      datasets: series.map((s, i) => {
        const color = PALETTE[i % PALETTE.length] ?? '#333333';
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
        title: { display: true, text: scale.title, color: '#333333', font: { size: 18 } },
        legend: { position: 'bottom', labels: { color: '#333333', boxHeight: 2 } },
      },
      scales: {
        y: {
          min: scale.min,
          max: scale.max,
          ticks: { stepSize: 1, color: '#333333' },
          grid: { color: '#e6e6e6' },
        },
        x: { offset: true, ticks: { color: '#333333' }, grid: { display: false } },
      },
    },
    plugins: [whiteBackground],
  };
  const canvas = createCanvas(WIDTH, HEIGHT);
  const chart = new Chart(canvas.getContext('2d') as unknown as ChartItem, config);
  try {
    const png = await canvas.encode('png');
    return { png: new Uint8Array(png.buffer, png.byteOffset, png.byteLength), width: WIDTH, height: HEIGHT };
  } finally {
    chart.destroy();
  }
}
