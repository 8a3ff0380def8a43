import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySummaryCache } from '../../src/content/cache.ts';
import { learnReply, summaryReply } from '../../src/content/commands.ts';
import { loadLibrary } from '../../src/content/library.ts';
import { autocomplete, matchArticle } from '../../src/content/match.ts';
import { PRESCRIBER_GUARDRAIL } from '../../src/content/medication.ts';
import { markdownToPlain, parseMarkdown } from '../../src/core/markdown.ts';
import { COMMAND_TARGET, type OutboundMessage, plainTextOf } from '../../src/core/outbound.ts';

const library = loadLibrary(['dialogs']);
const plain = (messages: OutboundMessage[]) => messages.map(plainTextOf).join('\n');

describe('learn', () => {
  it('lists every article with its reading time and the topics', () => {
    const text = plain(learnReply(library));
    for (const a of library.articles) {
      expect(text).toContain(a.title);
      expect(text).toContain(`summary ${a.slug}`);
    }
    expect(text).toMatch(/Topics: .*behavioural activation.*sleep/);
  });

  it('offers the articles as command buttons when asked', () => {
    const choices = learnReply(library, { buttons: true })[0]!.blocks.find((b) => b.type === 'choices');
    expect(choices).toMatchObject({ answer: COMMAND_TARGET });
    expect(choices?.type === 'choices' && choices.options.map((o) => o.value)).toContain(
      'summary sleep-and-mood',
    );
  });
});

describe('summary of a library article', () => {
  it('shows title, reading time, review status, the summary, the guardrail, sources and the full-article option', async () => {
    const reply = await summaryReply('antidepressants', { library });
    const [summary, more] = reply.map(plainTextOf);
    expect(summary).toMatch(
      /^How long-term antidepressant use changes the brain · 6 min read\nNot yet clinically reviewed\./,
    );
    expect(summary?.trim().endsWith(PRESCRIBER_GUARDRAIL)).toBe(true);
    expect(more).toMatch(/^Sources:\n• NHS: Antidepressants - overview/);
    expect(more).toContain('Read the full article: `summary antidepressants-and-the-brain full`');
    // Links survive the Markdown subset, parentheses in DOIs included.
    expect(reply[1]!.blocks[0]!.type === 'text' && reply[1]!.blocks[0]!.text).toContain(
      '(https://doi.org/10.1016/S2215-0366%2819%2930032-X)',
    );
  });

  it('quotes each summary sentence exactly as the article has it', async () => {
    const article = library.bySlug.get('stress-and-the-body')!;
    const bullets = plainTextOf((await summaryReply('stress', { library }))[0]!)
      .split('\n')
      .filter((l) => l.startsWith('• '))
      .map((l) => l.slice(2));
    expect(bullets).toHaveLength(article.summary_sentences);
    for (const b of bullets) expect(article.source.replace(/\s+/g, ' ')).toContain(b);
  });

  it('has no guardrail where medication plays no part', async () => {
    expect(plain(await summaryReply('sleep', { library }))).not.toContain(PRESCRIBER_GUARDRAIL);
  });

  it('matches loosely: slugs, typos, topics and medication names', () => {
    const slugOf = (q: string) => {
      const m = matchArticle(q, library);
      return m.article?.slug ?? null;
    };
    expect(slugOf('sleep-and-mood')).toBe('sleep-and-mood');
    expect(slugOf('anxeity')).toBe('understanding-anxiety');
    expect(slugOf('CBT')).toBe('thinking-traps');
    expect(slugOf('Behavioral activation')).toBe('behavioural-activation');
    expect(slugOf('sertraline')).toBe('antidepressants-and-the-brain');
    expect(slugOf('knitting')).toBeNull();
  });

  it('suggests near misses, or points to learn when nothing is close', async () => {
    expect(plain(await summaryReply('knitting', { library }))).toMatch(
      /I don't have an article on "knitting"\. Type `learn`/,
    );
    const near = plain(await summaryReply('thinking', { library }));
    expect(near).toMatch(/Common thinking traps/);
  });

  it('escapes what the person typed, so it cannot become a link or formatting', async () => {
    const typed = '[click](https://evil.example) **now**';
    const block = (await summaryReply(typed, { library }))[0]!.blocks[0]!;
    const raw = block.type === 'text' ? block.text : '';
    const kinds = parseMarkdown(raw).flatMap((line) => line.content.map((node) => node.kind));
    expect(kinds).toEqual(['text']);
    expect(markdownToPlain(raw)).toContain(typed);
  });

  it('gives the whole article on request, split to fit a message', async () => {
    const reply = await summaryReply('antidepressants-and-the-brain full', { library });
    expect(reply.length).toBeGreaterThan(1);
    for (const m of reply) expect(plainTextOf(m).length).toBeLessThanOrEqual(1800);
    const text = plain(reply);
    expect(text).toContain('Discontinuation symptoms are not the same as relapse');
    expect(text).toContain(PRESCRIBER_GUARDRAIL);
  });
});

describe('autocomplete', () => {
  it('lists every article for an empty query and the best match first otherwise', () => {
    expect(autocomplete('', library)).toHaveLength(library.articles.length);
    expect(autocomplete('anx', library)[0]).toEqual({
      name: 'Understanding anxiety (5 min)',
      value: 'understanding-anxiety',
    });
    expect(autocomplete('zzzz', library)).toEqual([]);
  });
});

describe('summary of a link', () => {
  const page = readFileSync('test/content/fixtures/article-page.html', 'utf8');
  let server: Server;
  let base: string;
  let hits = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits++;
      if (req.url === '/pdf') {
        res.writeHead(200, { 'content-type': 'application/pdf' });
        return void res.end('%PDF-1.7');
      }
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(page);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const fetch = { timeoutMs: 3000, maxBytes: 500_000, allowAddress: (a: string) => a === '127.0.0.1' };

  it('fetches, extracts, summarises and caches by URL', async () => {
    const cache = new MemorySummaryCache(60_000);
    hits = 0;
    const first = plain(await summaryReply(`${base}/light`, { library, fetch, cache, pageSentences: 3 }));
    expect(first).toMatch(/^Why morning light helps your sleep/);
    expect(first).toContain('Sentences quoted from the page');
    expect(first.split('\n').filter((l) => l.startsWith('• '))).toHaveLength(3);
    expect(first).toContain('Read the full article');
    const again = plain(await summaryReply(`${base}/light#top`, { library, fetch, cache, pageSentences: 3 }));
    expect(again).toBe(first);
    expect(hits).toBe(1);
  });

  it('answers refusals with a clear message and without throwing', async () => {
    expect(plain(await summaryReply(`${base}/pdf`, { library, fetch }))).toMatch(
      /That link is a PDF, not a web page/,
    );
    expect(plain(await summaryReply('http://10.0.0.1/x', { library, fetch }))).toMatch(
      /private or local network address/,
    );
    expect(plain(await summaryReply('https://example.org/x', { library }))).toMatch(/switched off/);
    expect(plain(await summaryReply('https://exa mple', { library, fetch }))).toMatch(
      /Type `learn`|don't have an article/,
    );
    expect(plain(await summaryReply('https://[oops', { library, fetch }))).toMatch(
      /does not look like a web address/,
    );
    expect(plain(await summaryReply('ftp://example.org/file', { library, fetch }))).toMatch(
      /don't have an article/,
    );
  });
});
