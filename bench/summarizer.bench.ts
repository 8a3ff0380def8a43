import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { markdownDocument } from '../src/content/document.ts';
import { detectFormat, readDocument } from '../src/content/input.ts';
import { loadLibrary } from '../src/content/library.ts';
import { leadBaseline, summarise } from '../src/content/summarise.ts';
import type { Benchmark, Figure } from './types.ts';

/**
 * Summarisation time per document, next to the lead-N baseline measured in the same run (lead-N
 * splits and filters sentences the same way but does no ranking, so the gap is TextRank's cost).
 * Documents: the library and the evaluation texts, plus every one of them joined into a single
 * long page to show how the quadratic sentence graph scales.
 */
const bench: Benchmark = {
  name: 'summarizer',
  description: 'TextRank summary time per article vs the lead-N baseline (same run)',
  async run({ quick }) {
    const library = loadLibrary(['dialogs']);
    const docs = [
      ...library.articles.map((a) => markdownDocument(a.source, a.bodyStart, a.title)),
      ...readdirSync('eval/summaries/docs').map((f) => {
        const text = readFileSync(join('eval/summaries/docs', f), 'utf8');
        return readDocument(text, detectFormat(text, f));
      }),
    ];
    const joined = markdownDocument(library.articles.map((a) => a.source.slice(a.bodyStart)).join('\n\n'));
    const rounds = quick ? 1 : 30;

    const time = (fn: () => unknown, repeat: number): number => {
      fn(); // warm-up: first-call compilation is not what a steady bot pays
      const start = performance.now();
      for (let i = 0; i < repeat; i++) fn();
      return (performance.now() - start) / repeat;
    };
    const perDoc = (fn: (d: (typeof docs)[number]) => unknown) =>
      docs.reduce((sum, d) => sum + time(() => fn(d), rounds), 0) / docs.length;

    const ours = perDoc((d) => summarise(d, { sentences: 5 }));
    const lead = perDoc((d) => leadBaseline(d, 5));
    const bigOurs = time(() => summarise(joined, { sentences: 5 }), quick ? 1 : 5);
    const bigLead = time(() => leadBaseline(joined, 5), quick ? 1 : 5);
    const figures: Record<string, Figure> = {
      [`per document (mean of ${docs.length})`]: {
        value: ours,
        unit: 'ms',
        baseline: lead,
        baselineLabel: 'lead-N',
        target: '≤ 50 ms per article (a chat reply budget)',
      },
      [`all articles as one page (${joined.text.length} chars)`]: {
        value: bigOurs,
        unit: 'ms',
        baseline: bigLead,
        baselineLabel: 'lead-N',
        target: '≤ 500 ms',
      },
    };
    return figures;
  },
};
export default bench;
