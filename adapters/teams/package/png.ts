import { deflateSync } from 'node:zlib';
import { crc32 } from './crc32.ts';

/**
 * A minimal PNG encoder (8-bit RGBA, no interlace) and the two app icons Teams asks for, drawn in
 * code so the package needs no image files or native canvas.
 */

const SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes `rgba` (width × height × 4 bytes, row by row) as a PNG file. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  if (rgba.length !== width * height * 4) throw new RangeError(`expected ${width * height * 4} RGBA bytes`);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8 bits per channel, RGBA, deflate, adaptive filter, no interlace
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Distance from point p to segment a–b, all in unit coordinates. */
function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** The mark: a ring with a check inside, as coverage 0..1 at a unit-square point. */
function insideMark(x: number, y: number): boolean {
  const r = Math.hypot(x - 0.5, y - 0.5);
  if (r > 0.34 && r < 0.42) return true;
  const check =
    segmentDistance(x, y, 0.33, 0.52, 0.45, 0.64) < 0.045 ||
    segmentDistance(x, y, 0.45, 0.64, 0.68, 0.38) < 0.045;
  return check;
}

/** Draws the mark at `size` pixels, 4×4 supersampled, over `background` (null: transparent). */
function drawIcon(
  size: number,
  background: [number, number, number] | null,
  ink: [number, number, number],
): Buffer {
  const rgba = new Uint8Array(size * size * 4);
  const samples = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let sy = 0; sy < samples; sy++)
        for (let sx = 0; sx < samples; sx++)
          if (insideMark((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size)) hits += 1;
      const cover = hits / (samples * samples);
      const i = (py * size + px) * 4;
      if (background) {
        for (let c = 0; c < 3; c++) rgba[i + c] = Math.round(background[c]! * (1 - cover) + ink[c]! * cover);
        rgba[i + 3] = 255;
      } else {
        rgba.set(ink, i);
        rgba[i + 3] = Math.round(cover * 255);
      }
    }
  }
  return encodePng(size, size, rgba);
}

/** The accent colour behind the colour icon (and the manifest's accentColor). */
export const ACCENT: [number, number, number] = [0x2e, 0x7d, 0x6b];

export function hexColor(rgb: [number, number, number]): string {
  return `#${rgb
    .map((c) => c.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase()}`;
}

/** Teams' full-colour icon: 192 × 192, opaque. */
export function colorIcon(): Buffer {
  return drawIcon(192, ACCENT, [255, 255, 255]);
}

/** Teams' outline icon: 32 × 32, white on transparent only. */
export function outlineIcon(): Buffer {
  return drawIcon(32, null, [255, 255, 255]);
}
