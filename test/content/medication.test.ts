import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { digestDocument, viewSummary } from '../../src/content/digest.ts';
import { markdownDocument } from '../../src/content/document.ts';
import { readDocument } from '../../src/content/input.ts';
import { loadLibrary } from '../../src/content/library.ts';
import { judgeMedication, loadMedicationTerms } from '../../src/content/medication.ts';

const terms = loadMedicationTerms();

describe('the medication term list', () => {
  it('finds drug names, classes and general words, ignoring case, accents and plurals', () => {
    expect(terms.find('She takes Sertraline; SSRIs and beta-blockers are drug classes.')).toEqual([
      'sertraline',
      'ssri',
      'beta-blocker',
    ]);
    expect(
      terms.find('La fluoxétine es un antidepresivo. Das Antidepressivum wirkt. Un antidépresseur.'),
    ).toEqual(['fluoxetine', 'antidepresivo', 'antidepressivum', 'antidepresseur']);
    expect(terms.find('St John’s wort and mood stabilisers')).toEqual(["st john's wort", 'mood stabiliser']);
  });

  it('does not match inside other words or on everyday stimulants', () => {
    expect(terms.find('Caffeine is a stimulant. Redosing the garden. Pillows are soft.')).toEqual([]);
  });

  it('is cited', () => {
    const file = readFileSync('dialogs/medication-terms.yaml', 'utf8');
    expect(file).toMatch(/sources:\n\s+- title: .*\n\s+url: https:\/\//);
    expect(terms.count).toBeGreaterThan(150);
  });
});

describe('"prominently about medication"', () => {
  const filler = Array.from(
    { length: 12 },
    (_, i) => `Sleep habit number ${i} is about light and routine and rest.`,
  );

  it('holds for a medication title, a medication opening, a dense text, a flag, or a summary naming one', () => {
    expect(judgeMedication({ title: 'Starting lithium', sentences: filler, summary: [] }).reasons).toEqual([
      'title',
    ]);
    expect(
      judgeMedication({ sentences: ['Antidepressants take weeks to work.', ...filler], summary: [] }).reasons,
    ).toEqual(['opening']);
    const dense = [
      ...filler.slice(0, 4),
      'Sertraline and fluoxetine are SSRIs.',
      'Dose changes need care.',
      ...filler.slice(0, 2),
    ];
    expect(judgeMedication({ sentences: dense, summary: [] }).reasons).toEqual(['density']);
    expect(judgeMedication({ sentences: filler, summary: [], flagged: true }).reasons).toEqual(['flagged']);
    expect(
      judgeMedication({
        sentences: [...filler, 'Medication may help some people.'],
        summary: ['Medication may help some people.'],
      }).reasons,
    ).toEqual(['summary']);
  });

  it('does not hold for a text that mentions medication once, in passing, outside the summary', () => {
    const text = [...filler.slice(0, 6), 'Some people also use medication.', ...filler.slice(6)];
    const judgement = judgeMedication({ sentences: text, summary: filler.slice(0, 3) });
    expect(judgement).toMatchObject({ prominent: false, reasons: [], mentions: 1 });
  });

  it('the antidepressant article and the medication-questions text carry the guardrail; sleep does not', () => {
    const library = loadLibrary(['dialogs']);
    const view = (slug: string) => {
      const a = library.bySlug.get(slug)!;
      return viewSummary(
        digestDocument(markdownDocument(a.source, a.bodyStart, a.title), { flagged: a.medication }),
        a.summary_sentences,
      );
    };
    expect(view('antidepressants-and-the-brain').guardrail).toBe(true);
    expect(view('sleep-and-mood').guardrail).toBe(false);
    const questions = readDocument(readFileSync('eval/summaries/docs/new-medication-questions.md', 'utf8'));
    const digest = digestDocument(questions);
    expect(digest.medicationReasons).toEqual(expect.arrayContaining(['title', 'opening', 'density']));
    expect(viewSummary(digest, 1).guardrail).toBe(true);
  });
});
