import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  type Plugin,
  PointElement,
  Title,
} from 'chart.js';

/**
 * Chart.js set up once for server-side drawing on a Skia canvas (@napi-rs/canvas): the pieces the
 * mood history and the pulse results use, the font, and a white background. Import `Chart` from
 * here so every chart in the project renders the same way.
 */
Chart.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  LinearScale,
  CategoryScale,
  Legend,
  Title,
);
// DejaVu is on Debian images (fonts-dejavu-core); the generic fallback keeps text drawn elsewhere.
Chart.defaults.font.family = 'DejaVu Sans, Helvetica, Arial, sans-serif';

/** Chat apps in dark mode would show a transparent PNG's dark text on dark: paint white first. */
export const whiteBackground: Plugin = {
  id: 'whiteBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

export { Chart };
