import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySummaryCache } from '../../src/content/cache.ts';
import { contentFeatures } from '../../src/content/feature.ts';
import { loadLibrary } from '../../src/content/library.ts';
import { PRESCRIBER_GUARDRAIL } from '../../src/content/medication.ts';
import { Transcript } from '../support/transcript.ts';

const library = loadLibrary(['dialogs']);
let server: Server;
let base: string;

beforeAll(async () => {
  const page = readFileSync('test/content/fixtures/article-page.html', 'utf8');
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(page);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const features = () =>
  contentFeatures({
    library,
    fetch: { timeoutMs: 3000, maxBytes: 500_000, allowAddress: (a) => a === '127.0.0.1' },
    cache: new MemorySummaryCache(60_000),
  });

describe('learn and summary through the bot core', () => {
  it('learn lists the library; summary answers a topic with the guardrail and the full-article option', async () => {
    const t = await new Transcript({ features: features() }).onboard();
    await t.send('learn');
    t.expectReply('Sleep and mood').expectReply('summary behavioural-activation');
    await t.send('summary sertraline');
    t.expectReply('How long-term antidepressant use changes the brain · 6 min read')
      .expectReply('Not yet clinically reviewed.')
      .expectReply(PRESCRIBER_GUARDRAIL)
      .expectReply('Read the full article: `summary antidepressants-and-the-brain full`');
    await t.send('summary antidepressants-and-the-brain full');
    t.expectReply('Why the effect takes weeks');
  });

  it('typed and native commands agree; unknown topics get help; links are summarised', async () => {
    const t = await new Transcript({ features: features() }).onboard();
    await t.command('summary', 'anxeity');
    t.expectReply('Understanding anxiety');
    expect(t.text).not.toContain(PRESCRIBER_GUARDRAIL);
    await t.send('tldr knitting');
    t.expectReply('I don\'t have an article on "knitting"');
    await t.send(`summary ${base}/light`);
    t.expectReply('Why morning light helps your sleep').expectReply('Read the full article');
  });

  it('a summary in the middle of a check-in does not lose the check-in', async () => {
    const t = await new Transcript({ features: features() }).onboard();
    await t.send('checkin');
    await t.click('Good');
    await t.send('summary sleep');
    t.expectReply('Sleep and mood · 4 min read');
    expect((await t.store.load(t.user)).conversation?.flowId).toBe('daily-checkin');
  });
});
