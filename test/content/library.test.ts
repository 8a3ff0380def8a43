import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadLibrary, readLibrary } from '../../src/content/library.ts';
import { hasCode } from '../../src/core/errors.ts';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A content folder with the given articles (file name → text). */
function contentDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'checkin-articles-'));
  temps.push(dir);
  mkdirSync(join(dir, 'articles'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'articles', name), text);
  return dir;
}

const article = (
  fields: Partial<Record<string, string>> = {},
  body = 'A first sentence of the body. A second one.',
) => {
  const f = {
    title: 'Breathing for calm',
    slug: 'breathing',
    topics: '[breathing, calm]',
    summary_sentences: '2',
    author: 'Test author',
    review: '\n  status: pending',
    reading_minutes: '2',
    medication: 'false',
    sources: '\n  - title: "A public source"\n    url: https://example.org/source',
    ...fields,
  };
  const yaml = Object.entries(f)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
  return `---\n${yaml}\n---\n\n${body}\n`;
};

describe('the built-in library', () => {
  const library = loadLibrary(['dialogs']);

  it('has the six required articles, each cited and honestly marked pending', () => {
    expect(library.articles.map((a) => a.slug).sort()).toEqual([
      'antidepressants-and-the-brain',
      'behavioural-activation',
      'sleep-and-mood',
      'stress-and-the-body',
      'thinking-traps',
      'understanding-anxiety',
    ]);
    for (const a of library.articles) {
      expect(a.review.status, a.slug).toBe('pending');
      expect(a.sources.length, a.slug).toBeGreaterThanOrEqual(3);
      for (const s of a.sources) expect(s.url).toMatch(/^https:\/\//);
    }
  });

  it('marks only the antidepressant article as a medication article', () => {
    expect(library.articles.filter((a) => a.medication).map((a) => a.slug)).toEqual([
      'antidepressants-and-the-brain',
    ]);
  });
});

describe('front matter errors', () => {
  it('names the file, the line and the field of a bad value', () => {
    const dir = contentDir({ 'bad.md': article({ reading_minutes: '"ten"' }) });
    const { problems } = readLibrary([dir]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: 'reading_minutes', line: 9 });
    expect(problems[0]?.file).toMatch(/articles\/bad\.md$/);
  });

  it('reports a missing field, an invented reviewer without a date, and YAML syntax', () => {
    const dir = contentDir({
      'a-missing.md': article({ author: undefined }),
      'b-review.md': article({ slug: 'b', review: '\n  status: reviewed\n  reviewed_by: Someone' }),
      'c-syntax.md': article({ slug: 'c', topics: '[unclosed' }),
    });
    const { problems } = readLibrary([dir]);
    const byFile = (name: string) => problems.filter((p) => p.file.endsWith(name));
    expect(byFile('a-missing.md').map((p) => p.path)).toEqual(['author']);
    expect(byFile('b-review.md').map((p) => p.path)).toEqual(['review.reviewed_on']);
    expect(byFile('c-syntax.md').length).toBeGreaterThan(0);
    expect(byFile('c-syntax.md')[0]?.line).toBeGreaterThanOrEqual(4);
  });

  it('refuses a file without front matter, and loadLibrary throws one error listing everything', () => {
    const dir = contentDir({ 'plain.md': 'Just text.\n', 'bad.md': article({ slug: 'Not A Slug' }) });
    try {
      loadLibrary([dir]);
      expect.unreachable();
    } catch (error) {
      expect(hasCode(error, 'invalid_content')).toBe(true);
      const message = (error as Error).message;
      expect(message).toMatch(/plain\.md:1:1 \(file\) expected front matter/);
      expect(message).toMatch(/bad\.md:3:\d+ slug expected lower-case words/);
    }
  });
});

describe('overlay folders', () => {
  it('replace an article by slug and add new ones', () => {
    const base = contentDir({ 'one.md': article({ title: 'Original title' }) });
    const overlay = contentDir({
      'renamed-file.md': article({ title: 'Corrected title' }),
      'two.md': article({ slug: 'extra', title: 'An extra article' }),
    });
    const library = loadLibrary([base, overlay]);
    expect(library.articles.map((a) => [a.slug, a.title])).toEqual([
      ['extra', 'An extra article'],
      ['breathing', 'Corrected title'],
    ]);
  });

  it('reports two articles with one slug inside one folder', () => {
    const dir = contentDir({ 'a.md': article(), 'b.md': article() });
    expect(readLibrary([dir]).problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/duplicate slug "breathing"/),
    ]);
  });
});
