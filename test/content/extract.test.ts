import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractHtml } from '../../src/content/extract.ts';
import { summarise } from '../../src/content/summarise.ts';

const page = readFileSync('test/content/fixtures/article-page.html', 'utf8');

describe('main-text extraction', () => {
  const doc = extractHtml(page, 'https://news.example/sleep/light');

  it('keeps the article and drops navigation, cookie notice, adverts, sign-up, sidebar and footer', () => {
    expect(doc.title).toMatch(/^Why morning light helps your sleep/);
    expect(doc.text).toContain('Your body keeps time with an internal clock');
    expect(doc.text).toContain('Together they help the clock');
    for (const furniture of [
      'Accept all cookies',
      'Home',
      'Related articles',
      'Follow us',
      'All rights reserved',
      'window.dataLayer',
      'Ten foods',
    ]) {
      expect(doc.text).not.toContain(furniture);
    }
  });

  it('keeps headings as structure, so they are never quoted as sentences', () => {
    const headings = doc.blocks
      .filter((b) => b.kind === 'heading')
      .map((b) => doc.text.slice(b.start, b.end));
    expect(headings).toContain('How much light is enough?');
  });

  it('summaries of the page quote only article sentences, each traceable to the extracted text', () => {
    const summary = summarise(doc, { sentences: 4 });
    expect(summary.sentences).toHaveLength(4);
    for (const s of summary.sentences) {
      expect(doc.text.slice(s.start, s.end)).toBe(s.text);
      expect(s.text).not.toMatch(/cookie|subscribe|newsletter|advert|% off|share on/i);
    }
  });

  it('falls back to the page body, minus furniture, when there is no article to find', () => {
    const small =
      '<html><body><nav>Home | About | Blog</nav><div class="content"><p>One short note about rest and recovery after work.</p></div><footer>Copyright 2026 Someone. All rights reserved.</footer></body></html>';
    const fallback = extractHtml(small);
    expect(fallback.text).toBe('One short note about rest and recovery after work.');
  });
});
