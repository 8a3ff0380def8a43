/**
 * `npm run eval:summaries`: scores the summariser against the reference summaries, next to the
 * lead-N baseline (the first N sentences), per document and on average. The held-out text is
 * reported on its own line and never counts towards the target. Exits 1 when the summariser does
 * not beat lead-N on average for both ROUGE-1 and ROUGE-L.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { detectFormat, readDocument } from '../../src/content/input.ts';
import { leadBaseline, summarise } from '../../src/content/summarise.ts';
import { rouge1, rougeL } from './rouge.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');

const referenceSchema = z.object({
  document: z.string(),
  sentences: z.number().int().min(1),
  reference: z.string().min(20),
  heldout: z.boolean().optional(),
});

interface Row {
  name: string;
  r1: number;
  rl: number;
  leadR1: number;
  leadRL: number;
}

function score(file: string): Row {
  const ref = referenceSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const text = readFileSync(join(root, ref.document), 'utf8');
  const doc = readDocument(text, detectFormat(text, ref.document));
  const ours = summarise(doc, { sentences: ref.sentences })
    .sentences.map((s) => s.text)
    .join(' ');
  const lead = leadBaseline(doc, ref.sentences)
    .map((s) => s.text)
    .join(' ');
  return {
    name: basename(file, '.json'),
    r1: rouge1(ours, ref.reference),
    rl: rougeL(ours, ref.reference),
    leadR1: rouge1(lead, ref.reference),
    leadRL: rougeL(lead, ref.reference),
  };
}

const jsonIn = (dir: string) =>
  readdirSync(join(here, dir))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(here, dir, f));

const rows = jsonIn('references').map(score);
// `--tuning` hides the held-out text, so it cannot influence choices made while tuning.
const tuning = process.argv.includes('--tuning');
const heldout = tuning ? [] : jsonIn('heldout').map(score);

const pct = (x: number) => (x * 100).toFixed(1).padStart(6);
const line = (r: Row) =>
  `${r.name.padEnd(32)} ${pct(r.r1)} ${pct(r.leadR1)}   ${pct(r.rl)} ${pct(r.leadRL)}   ${r.r1 > r.leadR1 ? '+' : r.r1 < r.leadR1 ? '-' : '='}`;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const avg: Row = {
  name: `average (${rows.length} documents)`,
  r1: mean(rows.map((r) => r.r1)),
  rl: mean(rows.map((r) => r.rl)),
  leadR1: mean(rows.map((r) => r.leadR1)),
  leadRL: mean(rows.map((r) => r.leadRL)),
};

process.stdout.write(`ROUGE F1 (%)                       R-1 ours  lead-N   R-L ours  lead-N\n`);
for (const r of rows) process.stdout.write(`${line(r)}\n`);
process.stdout.write(`${'-'.repeat(82)}\n${line(avg)}\n`);
if (!tuning) {
  process.stdout.write(`\nHeld out (not used for tuning; not part of the target):\n`);
  for (const r of heldout) process.stdout.write(`${line(r)}\n`);
}

const beats = avg.r1 > avg.leadR1 && avg.rl > avg.leadRL;
process.stdout.write(
  `\nTarget: beat lead-N on average (ROUGE-1 and ROUGE-L): ${beats ? 'met' : 'NOT met'} ` +
    `(R-1 ${pct(avg.r1).trim()} vs ${pct(avg.leadR1).trim()}, R-L ${pct(avg.rl).trim()} vs ${pct(avg.leadRL).trim()})\n`,
);
process.exitCode = beats ? 0 : 1;
