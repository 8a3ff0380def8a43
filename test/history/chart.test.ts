import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import type { ImageBlock, OutboundMessage } from '../../src/core/outbound.ts';
import type { HistoryEntry } from '../../src/core/state.ts';
import { CHART_HEIGHT, CHART_WIDTH } from '../../src/history/chart.ts';
import { historyReply } from '../../src/history/reply.ts';

const DAY = 86_400_000;
// 26 Nov 2026, 18:00 in Berlin (UTC+1).
const NOW = Date.UTC(2026, 10, 26, 17, 0);

/** A 30-day history at 09:00 Berlin time each day, from the given mood per day (null = no check-in). */
function history(moods: Array<number | null>): HistoryEntry[] {
  return moods.flatMap((mood, i) =>
    mood === null
      ? []
      : [{ at: NOW - (moods.length - 1 - i) * DAY - 9 * 3_600_000, kind: 'mood', data: { mood, energy: 3 } }],
  );
}

function imageOf(messages: OutboundMessage[]): ImageBlock {
  const block = messages.flatMap((m) => m.blocks).find((b): b is ImageBlock => b.type === 'image');
  if (!block) throw new Error('no image block');
  return block;
}

/** Width and height from the IHDR chunk, after checking the 8-byte PNG signature. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  expect(new TextDecoder().decode(png.subarray(12, 16))).toBe('IHDR');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Mean y of pixels in the mood line's colour within a horizontal slice of the image. */
async function moodLineY(png: Uint8Array, fromX: number, toX: number): Promise<number> {
  const image = await loadImage(Buffer.from(png));
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const { data } = ctx.getImageData(fromX, 0, toX - fromX, image.height);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < data.length; i += 4) {
    // #1f7a8c, the mood colour, allowing for anti-aliasing.
    if (
      Math.abs(data[i]! - 0x1f) < 24 &&
      Math.abs(data[i + 1]! - 0x7a) < 24 &&
      Math.abs(data[i + 2]! - 0x8c) < 24
    ) {
      sum += Math.floor(i / 4 / (toX - fromX));
      count += 1;
    }
  }
  expect(count).toBeGreaterThan(20);
  return sum / count;
}

// Falls from 5 to 1 over 30 days, with three missed days.
const FALLING = [
  5,
  5,
  5,
  4,
  5,
  4,
  null,
  4,
  4,
  4,
  4,
  3,
  4,
  3,
  null,
  3,
  3,
  3,
  3,
  2,
  3,
  2,
  2,
  null,
  2,
  2,
  1,
  2,
  1,
  1,
];

describe('history chart', () => {
  it('renders a known 30-day history as a PNG of the expected size whose alt text says falling', async () => {
    const messages = await historyReply(history(FALLING), { days: 30, timeZone: 'Europe/Berlin', now: NOW });
    const image = imageOf(messages);
    expect(pngSize(image.png)).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
    expect({ width: image.width, height: image.height }).toEqual({ width: 800, height: 400 });
    expect(image.alt).toMatch(/^Line chart of your mood over the last 30 days/);
    expect(image.alt).toContain('27 of 30 days recorded');
    expect(image.alt).toMatch(/Trend: falling, from about (4\.[5-9]|5) to 1(\.[0-5])?\./);
    expect(image.alt).toContain('hardest 1 on Thu 26 Nov');
    expect(image.alt).toContain('Energy is drawn as a dashed line');
    // The picture agrees with the words: the line sits higher (smaller y) on the left than the right.
    const left = await moodLineY(image.png, 60, 280);
    const right = await moodLineY(image.png, 560, 790);
    expect(left).toBeLessThan(right - 100);
    expect(messages.every((m) => m.private === true)).toBe(true);
  });

  it.each([
    ['rising', [...FALLING].reverse(), /Trend: rising, from about 1(\.[0-5])? to (4\.[5-9]|5)\./],
    [
      'steady',
      [3, 3, 4, 3, 3, 3, 3, null, 3, 4, 3, 3, 3, 3, 3, 3, 3, 3, 4, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3],
      /Trend: steady, around 3\.\d/,
    ],
    ['mixed', Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? 1 : 5)), /Trend: mixed, going up and down/],
  ])('names a %s series', async (_name, moods, trend) => {
    const image = imageOf(
      await historyReply(history(moods), { days: 30, timeZone: 'Europe/Berlin', now: NOW }),
    );
    expect(image.alt).toMatch(trend);
  });

  it('renders a 7-day chart with a sparkline fallback that shows missed days as gaps', async () => {
    const week = history([4, null, 3, 2, null, 4, 5]);
    const messages = await historyReply(week, { days: 7, timeZone: 'Europe/Berlin', now: NOW });
    const image = imageOf(messages);
    expect(pngSize(image.png)).toEqual({ width: 800, height: 400 });
    expect(image.fallback.split('\n')[1]).toBe('▆·▅▃·▆█'); // 1▁ 2▃ 3▅ 4▆ 5█;
  });
});
