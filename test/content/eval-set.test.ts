import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rouge1, rougeL } from '../../eval/summaries/rouge.ts';

const read = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map(
      (f) =>
        JSON.parse(readFileSync(join(dir, f), 'utf8')) as {
          document: string;
          sentences: number;
          reference: string;
        },
    );

describe('the summary evaluation set', () => {
  it('has references for at least 10 documents, covering every library article, plus a held-out text', () => {
    const refs = read('eval/summaries/references');
    expect(refs.length).toBeGreaterThanOrEqual(10);
    for (const r of refs) expect(existsSync(r.document), r.document).toBe(true);
    const articles = readdirSync('dialogs/articles').filter((f) => f.endsWith('.md'));
    for (const a of articles) expect(refs.map((r) => r.document)).toContain(`dialogs/articles/${a}`);
    const heldout = read('eval/summaries/heldout');
    expect(heldout).toHaveLength(1);
    expect(existsSync(heldout[0]!.document)).toBe(true);
  });
});

describe('ROUGE', () => {
  it('scores identical text 1, disjoint text 0, and partial overlap in between', () => {
    expect(rouge1('the cat sat', 'the cat sat')).toBe(1);
    expect(rougeL('the cat sat', 'a dog ran')).toBe(0);
    // 2 of 3 unigrams shared both ways: P = R = 2/3.
    expect(rouge1('the cat sat', 'the cat ran')).toBeCloseTo(2 / 3);
    // LCS of "a b c d" and "a c b d" is 3 ("a b d" or "a c d").
    expect(rougeL('a b c d', 'a c b d')).toBeCloseTo(3 / 4);
  });
});
