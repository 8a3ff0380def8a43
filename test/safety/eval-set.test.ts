import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateSet, parseEvalSet, partOf } from '../../eval/safety/metrics.ts';

const datasetRaw = readFileSync('eval/safety/dataset.jsonl');
const holdoutRaw = readFileSync('eval/safety/holdout.jsonl');
const freshRaw = readFileSync('eval/safety/fresh.jsonl');
const probeRaw = readFileSync('eval/safety/probe.jsonl');
const PROBE_SHA = '266d62e64cfb7df713a87880ed13d71862d9f4d073bb3d15b397d9ad417a5e55';

describe('the frozen evaluation sets', () => {
  it('are the files committed before tuning (hash pinned; changing them must be deliberate)', () => {
    expect(createHash('sha256').update(datasetRaw).digest('hex')).toBe(
      '67b2e8f31bfb4e784c437318d8d766f3cb7437ac5dc8b5bf7043ba72cf9ccf4c',
    );
    expect(createHash('sha256').update(holdoutRaw).digest('hex')).toBe(
      'd811da763ab9f3ed6e2931b0dff693f3440a226faa72e3d90c83a500666b3883',
    );
    expect(createHash('sha256').update(freshRaw).digest('hex')).toBe(
      'cc25a095614e78797fdcb576e9b0db53e10f4a1153d6ba9a6b8f8268d856465c',
    );
    expect(createHash('sha256').update(probeRaw).digest('hex')).toBe(PROBE_SHA);
  });

  it('the fresh set covers every category in every language, with hard negatives', () => {
    const items = parseEvalSet(freshRaw.toString('utf8'), 'fresh.jsonl');
    expect(items.length).toBeGreaterThanOrEqual(200);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    for (const lang of ['en', 'es', 'de', 'fr']) {
      const crisis = items.filter((i) => i.lang === lang && i.expected_level === 'crisis');
      expect(new Set(crisis.map((i) => i.expected_category)).size, lang).toBe(7);
    }
    expect(items.filter((i) => i.expected_level === 'none').length).toBeGreaterThanOrEqual(100);
  });

  it('cover every category and language, with at least as many negatives as crises', () => {
    const items = parseEvalSet(datasetRaw.toString('utf8'), 'dataset.jsonl');
    expect(items.length).toBeGreaterThanOrEqual(300);
    const crisis = items.filter((i) => i.expected_level === 'crisis');
    const negatives = items.filter((i) => i.expected_level === 'none');
    expect(negatives.length).toBeGreaterThanOrEqual(crisis.length);
    for (const lang of ['en', 'es', 'de', 'fr']) {
      const cats = new Set(crisis.filter((i) => i.lang === lang).map((i) => i.expected_category));
      expect(cats.size, lang).toBe(7);
    }
  });

  it('split by a fixed rule into two parts of similar size', () => {
    const items = parseEvalSet(datasetRaw.toString('utf8'), 'dataset.jsonl');
    const report = items.filter((i) => partOf(i.id) === 'report').length;
    expect(report).toBeGreaterThan(items.length * 0.4);
    expect(report).toBeLessThan(items.length * 0.6);
    expect(partOf('en-sui-01')).toBe(partOf('en-sui-01'));
  });

  it('a malformed line is reported with its line number', () => {
    expect(() =>
      parseEvalSet(
        '{"id":"a","text":"x","lang":"en","expected_level":"none","expected_category":null}\n{"id":"b"}',
        'x.jsonl',
      ),
    ).toThrow(/x\.jsonl:2:/);
  });
});

describe('the evaluator', () => {
  const items = parseEvalSet(
    [
      { id: '1', text: 'a', lang: 'en', expected_level: 'crisis', expected_category: 'plan_or_means' },
      { id: '2', text: 'b', lang: 'en', expected_level: 'crisis', expected_category: 'suicidal_thoughts' },
      { id: '3', text: 'c', lang: 'en', expected_level: 'none', expected_category: null },
      { id: '4', text: 'd', lang: 'en', expected_level: 'none', expected_category: null },
    ]
      .map((o) => JSON.stringify(o))
      .join('\n'),
    't',
  );

  it('passes a perfect screen', () => {
    const labels: Record<string, 'crisis' | 'none'> = { a: 'crisis', b: 'crisis', c: 'none', d: 'none' };
    const r = evaluateSet(items, (t) => ({
      level: labels[t]!,
      category: labels[t] === 'none' ? null : 'plan_or_means',
    }));
    expect(r.pass).toBe(true);
    expect(r.recall).toBe(1);
  });

  it('fails a screen that misses a plan or alarms on negatives', () => {
    const r = evaluateSet(items, (t) =>
      t === 'a' ? { level: 'none', category: null } : { level: 'crisis', category: 'suicidal_thoughts' },
    );
    expect(r.pass).toBe(false);
    expect(r.neverNoneMisses).toBe(1);
    expect(r.missesByCategory).toEqual({ plan_or_means: 1 });
    expect(r.crisisOnNegatives).toBe(1);
    expect(r.failures.join()).toMatch(/recall 50\.0%/);
  });
});
