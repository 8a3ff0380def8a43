import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isBoilerplate } from '../../src/content/boilerplate.ts';
import { markdownDocument } from '../../src/content/document.ts';
import { detectFormat, readDocument } from '../../src/content/input.ts';
import { loadLibrary } from '../../src/content/library.ts';
import { splitSentences } from '../../src/content/sentences.ts';
import { leadBaseline, summarise } from '../../src/content/summarise.ts';
import { hasCode } from '../../src/core/errors.ts';

const texts = (md: string) => splitSentences(markdownDocument(md)).map((s) => s.text);

describe('sentence splitting', () => {
  it('keeps abbreviations, initials and decimals inside their sentence', () => {
    expect(
      texts(
        'Dr. Smith said the U.S. rate was 3.5 per cent, i.e. higher than before. See Fig. 2 for details. J. R. Lewis agreed, e.g. in 2019. Mrs. Patel did not.',
      ),
    ).toEqual([
      'Dr. Smith said the U.S. rate was 3.5 per cent, i.e. higher than before.',
      'See Fig. 2 for details.',
      'J. R. Lewis agreed, e.g. in 2019.',
      'Mrs. Patel did not.',
    ]);
  });

  it('still ends a sentence after words that only look like abbreviations', () => {
    expect(
      texts(
        'Bring tea, biscuits, etc. The rest is up to you. The answer was no. She left at 9 a.m. Then it rained.',
      ),
    ).toEqual([
      'Bring tea, biscuits, etc.',
      'The rest is up to you.',
      'The answer was no.',
      'She left at 9 a.m.',
      'Then it rained.',
    ]);
  });

  it('treats headings as structure, list items as units, and soft line breaks as spaces', () => {
    const md =
      '# Title\n\nA paragraph that is\nwrapped over lines. Another one!\n\n## Part two\n- first item without a stop\n- second item\n  continues here.\n\n1. Numbered item. With two sentences.\n';
    const doc = markdownDocument(md);
    expect(doc.title).toBe('Title');
    const sentences = splitSentences(doc);
    expect(sentences.map((s) => [s.kind, s.text])).toEqual([
      ['paragraph', 'A paragraph that is\nwrapped over lines.'],
      ['paragraph', 'Another one!'],
      ['item', 'first item without a stop'],
      ['item', 'second item\n  continues here.'],
      ['item', 'Numbered item.'],
      ['item', 'With two sentences.'],
    ]);
    for (const s of sentences) expect(md.slice(s.start, s.end)).toBe(s.text);
  });

  it('skips fenced code, tables and rules', () => {
    expect(
      texts(
        'Real text here.\n\n```\nconst x = 1. Not prose.\n```\n\n| a | b |\n|---|---|\n\n---\n\nMore text here.',
      ),
    ).toEqual(['Real text here.', 'More text here.']);
  });
});

describe('boilerplate', () => {
  it.each([
    'We use cookies to improve your experience. Accept all cookies.',
    'Subscribe to our newsletter for weekly tips!',
    'Share on Facebook',
    'Home | News | Health | About us',
    'Advertisement: try our app free for 30 days!',
    'Copyright 2026 Example Ltd. All rights reserved.',
    'Read more',
    'Related articles',
  ])('drops %j', (line) => expect(isBoilerplate(line)).toBe(true));

  it.each([
    'Sleep experts recommend that adults regularly get seven or more hours a night.',
    'Talking therapies have good evidence for anxiety problems.',
    'If you share a bed, agree on a wake-up time together.',
  ])('keeps %j', (line) => expect(isBoilerplate(line)).toBe(false));
});

/** A small seeded generator, so the property test is random yet repeatable. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('summaries never invent or alter a sentence', () => {
  const library = loadLibrary(['dialogs']);
  const evalDocs = readdirSync('eval/summaries/docs').map((f) => join('eval/summaries/docs', f));

  it('every summary sentence is a verbatim slice of its source, for all articles and random N', () => {
    const random = prng(8);
    const sources = [
      ...library.articles.map((a) => ({
        name: a.slug,
        doc: markdownDocument(a.source, a.bodyStart, a.title),
      })),
      ...evalDocs.map((file) => {
        const text = readFileSync(file, 'utf8');
        return { name: file, doc: readDocument(text, detectFormat(text, file)) };
      }),
    ];
    let checked = 0;
    for (const { name, doc } of sources) {
      for (let round = 0; round < 8; round++) {
        const n = 1 + Math.floor(random() * 12);
        const summary = summarise(doc, { sentences: n });
        expect(summary.sentences.length, name).toBe(Math.min(n, summary.candidates));
        let previous = -1;
        for (const s of summary.sentences) {
          expect(doc.text.slice(s.start, s.end), `${name} N=${n}`).toBe(s.text);
          expect(doc.text.includes(s.text)).toBe(true);
          expect(s.index).toBeGreaterThan(previous); // original order, no repeats
          previous = s.index;
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('library articles: offsets point into the file exactly as stored on disk', () => {
    for (const a of library.articles) {
      const onDisk = readFileSync(a.file, 'utf8');
      const summary = summarise(markdownDocument(a.source, a.bodyStart), { sentences: a.summary_sentences });
      for (const s of summary.sentences) {
        expect(s.start).toBeGreaterThanOrEqual(a.bodyStart);
        expect(onDisk.slice(s.start, s.end)).toBe(s.text);
      }
    }
  });
});

describe('summaries of awkward inputs', () => {
  it('ranks central sentences rather than the first ones', () => {
    const text = readFileSync('dialogs/articles/behavioural-activation.md', 'utf8');
    const doc = readDocument(text);
    const ours = summarise(doc, { sentences: 4 }).sentences.map((s) => s.index);
    const lead = leadBaseline(doc, 4).map((s) => s.index);
    expect(ours).not.toEqual(lead);
  });

  it('shows a short text whole, with a notice', () => {
    const summary = summarise(markdownDocument('Breathing slowly can help. Try it for two minutes today.'), {
      sentences: 5,
    });
    expect(summary.sentences.map((s) => s.text)).toEqual([
      'Breathing slowly can help.',
      'Try it for two minutes today.',
    ]);
    expect(summary.notices.map((n) => n.code)).toEqual(['short']);
  });

  it('summarises a list-only page by its items, and says so', () => {
    const md = Array.from(
      { length: 8 },
      (_, i) => `- Tip ${i + 1}: keep a regular sleep schedule with morning light number ${i}`,
    ).join('\n');
    const summary = summarise(markdownDocument(`# Sleep tips\n\n${md}`), { sentences: 3 });
    expect(summary.sentences).toHaveLength(3);
    expect(summary.notices.map((n) => n.code)).toContain('list');
  });

  it('summarises non-English text and says it is not English', () => {
    const de =
      'Schlaf und Stimmung hängen eng zusammen. Wer schlecht schläft, reagiert am nächsten Tag oft stärker auf Stress. ' +
      'Regelmäßige Aufstehzeiten helfen vielen Menschen. Tageslicht am Morgen stabilisiert den inneren Rhythmus. ' +
      'Koffein am Nachmittag kann den Schlaf stören. Bei anhaltenden Schlafproblemen ist ein Gespräch mit der Ärztin sinnvoll.';
    const summary = summarise(markdownDocument(de), { sentences: 2 });
    expect(summary.english).toBe(false);
    expect(summary.notices.map((n) => n.code)).toEqual(['not_english']);
    expect(summary.sentences).toHaveLength(2);
    for (const s of summary.sentences) expect(de).toContain(s.text);
  });

  it('handles a script without spaces (Japanese)', () => {
    const ja =
      '睡眠と気分は深く関係しています。毎朝同じ時間に起きることが役立ちます。朝の光を浴びると体内時計が整います。';
    const summary = summarise(markdownDocument(ja), { sentences: 2 });
    expect(summary.sentences).toHaveLength(2);
    for (const s of summary.sentences) expect(ja).toContain(s.text);
  });

  it('leaves boilerplate out of any input', () => {
    const text = [
      'Subscribe to our newsletter for weekly tips!',
      '',
      'Walking every day improves mood for many people who try it.',
      'Walking outdoors adds daylight, which helps sleep and mood.',
      'Share on Facebook',
      '',
      'We use cookies to improve your experience on this site.',
    ].join('\n');
    const summary = summarise(markdownDocument(text), { sentences: 5 });
    expect(summary.sentences.map((s) => s.text)).toEqual([
      'Walking every day improves mood for many people who try it.',
      'Walking outdoors adds daylight, which helps sleep and mood.',
    ]);
  });

  it('gives a clear error when there is nothing to summarise', () => {
    for (const empty of [
      '',
      '# Only a heading\n\n## And another',
      'Home | About | Contact\n\nSubscribe now',
    ]) {
      try {
        summarise(markdownDocument(empty));
        expect.unreachable();
      } catch (error) {
        expect(hasCode(error, 'invalid_content')).toBe(true);
        expect((error as Error).message).toMatch(/nothing to summarise|no text to summarise/);
      }
    }
  });
});
