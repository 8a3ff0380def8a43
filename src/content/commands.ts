import { ErrorCode, hasCode } from '../core/errors.ts';
import { escapeMarkdown } from '../core/markdown.ts';
import { type Block, commandChoices, type OutboundMessage } from '../core/outbound.ts';
import { type Clock, systemClock } from '../core/ports.ts';
import type { Article } from './article.ts';
import { type CachedSummary, normaliseUrl, type SummaryCache } from './cache.ts';
import { type Digest, digestDocument, type SummaryView, viewSummary } from './digest.ts';
import { markdownDocument } from './document.ts';
import { extractHtml } from './extract.ts';
import { FetchError, type FetchOptions, fetchPage } from './fetch.ts';
import type { Library } from './library.ts';
import { matchArticle } from './match.ts';
import { PRESCRIBER_GUARDRAIL } from './medication.ts';

/**
 * What the bot's `learn` and `summary` commands answer. Pure functions of the library where
 * possible; a link is fetched, extracted, summarised and cached. Everything shown from a source is
 * escaped, so a page can never inject markup, mentions or links into a message.
 */

export { autocomplete } from './match.ts';

/** `summary <slug> full` (or `summary full <slug>`): the whole article instead of its summary. */
const FULL_WORD = /^(?:full\s+(.+)|(.+?)\s+full)$/i;

/** Default summary length for web pages (library articles carry their own). */
export const DEFAULT_PAGE_SENTENCES = 5;

/** The `learn` reply: every article with its reading time, and the topics they cover. */
export function learnReply(library: Library, options: { buttons?: boolean } = {}): OutboundMessage[] {
  if (!library.articles.length)
    return [{ blocks: [{ type: 'text', text: 'There are no articles in the library yet.' }] }];
  const lines = library.articles.map(
    (a) => `- **${escapeMarkdown(a.title)}** (${a.reading_minutes} min): \`summary ${a.slug}\``,
  );
  const topics = [...new Set(library.articles.flatMap((a) => a.topics))].sort();
  const blocks: Block[] = [
    {
      type: 'text',
      text: `**Short reads about mood, sleep, stress and more**\n${lines.join('\n')}\n\nTopics: ${topics.map(escapeMarkdown).join(', ')}\n\nType \`summary <topic>\` for a short summary, or \`summary <link>\` for a web page. These articles are general information, not a substitute for care from a professional.`,
    },
  ];
  if (options.buttons) {
    blocks.push(
      commandChoices(
        'Which would you like a summary of?',
        library.articles
          .slice(0, 25)
          .map((a) => ({ value: `summary ${a.slug}`, label: a.title.slice(0, 75) })),
      ),
    );
  }
  return [{ blocks }];
}

export interface SummaryDeps {
  library: Library;
  /** Fetch limits for `summary <url>`; links are refused when absent. */
  fetch?: FetchOptions;
  /** URL summary cache; without one every link is fetched anew. */
  cache?: SummaryCache;
  clock?: Clock;
  /**
   * Offer "read the full article" as a command button (value `summary <slug> full`, sent to
   * COMMAND_TARGET); otherwise the typed form is shown.
   */
  buttons?: boolean;
  /** Sentences for a web page summary (default 5). */
  pageSentences?: number;
}

/** Whether a `summary` argument is a link rather than a topic. */
export function looksLikeUrl(query: string): boolean {
  return /^(?:https?:\/\/|www\.)\S+$/i.test(query.trim());
}

/**
 * The `summary <topic, slug or link>` reply. A topic or slug is matched loosely (typos, topics,
 * medication names) against the library; nothing matching lists suggestions. A link is fetched
 * safely and summarised (see fetch.ts), using the cache when it holds the page.
 */
export async function summaryReply(query: string, deps: SummaryDeps): Promise<OutboundMessage[]> {
  const q = query.trim();
  if (!q) {
    return [
      say(
        'Tell me what to summarise: a topic such as `summary sleep`, or a link. Type `learn` to see every article.',
      ),
    ];
  }
  if (looksLikeUrl(q)) return pageReply(/^www\./i.test(q) ? `https://${q}` : q, deps);
  const full = FULL_WORD.exec(q);
  if (full) {
    const match = matchArticle(full[1] ?? full[2] ?? '', deps.library);
    if (match.article) return fullArticleReply(match.article);
  }
  const match = matchArticle(q, deps.library);
  if (!match.article) {
    const suggestions = match.suggestions.map(
      (a) => `- **${escapeMarkdown(a.title)}**: \`summary ${a.slug}\``,
    );
    return [
      say(
        suggestions.length
          ? `I don't have an article on "${escapeMarkdown(q)}". Did you mean one of these?\n${suggestions.join('\n')}`
          : `I don't have an article on "${escapeMarkdown(q)}". Type \`learn\` to see the topics I cover.`,
      ),
    ];
  }
  return articleSummaryReply(match.article, { buttons: deps.buttons ?? false, related: match.related });
}

/** Articles do not change while the process runs, so each is ranked once. */
const articleDigests = new WeakMap<Article, Digest>();
function articleDigest(article: Article): Digest {
  let digest = articleDigests.get(article);
  if (!digest) {
    const doc = markdownDocument(article.source, article.bodyStart, article.title);
    digest = digestDocument(doc, { flagged: article.medication });
    articleDigests.set(article, digest);
  }
  return digest;
}

/** The summary of one library article, with its title, reading time, review status and sources. */
export function articleSummaryReply(
  article: Article,
  options: { buttons?: boolean; related?: readonly Article[] } = {},
): OutboundMessage[] {
  const related = options.related ?? [];
  const view = viewSummary(articleDigest(article), article.summary_sentences);
  // The summary (ending with the guardrail where it applies) is one message; where it came from
  // and what to read next is a second, so neither outgrows a platform's message limit.
  const summary = [
    `**${escapeMarkdown(article.title)}** · ${article.reading_minutes} min read`,
    reviewLine(article),
    '',
    ...summaryLines(view),
  ];
  const more = [
    `Sources:`,
    ...article.sources.map((s) => `- [${escapeMarkdown(s.title)}](${linkUrl(s.url)})`),
  ];
  if (related.length) more.push(`Related: ${related.map((a) => `\`summary ${a.slug}\``).join(', ')}`);
  const blocks: Block[] = [{ type: 'text', text: more.join('\n') }];
  if (options.buttons) {
    blocks.push(
      commandChoices('Want the whole article?', [
        { value: `summary ${article.slug} full`, label: 'Read the full article' },
      ]),
    );
  } else {
    blocks.push({ type: 'text', text: `Read the full article: \`summary ${article.slug} full\`` });
  }
  return [say(summary.join('\n')), { blocks }];
}

function reviewLine(article: Article): string {
  return article.review.status === 'reviewed'
    ? `_Clinically reviewed by ${escapeMarkdown(article.review.reviewed_by)} on ${article.review.reviewed_on}._`
    : '_Not yet clinically reviewed._';
}

function summaryLines(view: SummaryView): string[] {
  // Sentences are quoted exactly; only line breaks inside one are shown as spaces.
  const lines = view.sentences.map((s) => `- ${escapeMarkdown(s.text.replace(/\s+/g, ' '))}`);
  for (const notice of view.notices) lines.push(`_${escapeMarkdown(notice.message)}_`);
  if (view.guardrail) lines.push(`**${PRESCRIBER_GUARDRAIL}**`);
  return lines;
}

/** Limit per message so every platform (Discord: 2,000 characters) takes each one whole. */
const MESSAGE_LIMIT = 1800;

/** The whole article as Markdown-subset messages, split at paragraph boundaries. */
export function fullArticleReply(article: Article): OutboundMessage[] {
  const doc = markdownDocument(article.source, article.bodyStart, article.title);
  const paragraphs = [
    `**${escapeMarkdown(article.title)}** · ${article.reading_minutes} min read`,
    reviewLine(article),
  ];
  for (const block of doc.blocks) {
    const text = escapeMarkdown(doc.text.slice(block.start, block.end).replace(/\s+/g, ' '));
    if (block.kind === 'heading') {
      if (text !== escapeMarkdown(article.title)) paragraphs.push(`**${text}**`);
    } else if (block.kind === 'item') paragraphs.push(`- ${text}`);
    else if (block.kind === 'paragraph') paragraphs.push(text);
  }
  if (article.medication) paragraphs.push(`**${PRESCRIBER_GUARDRAIL}**`);
  paragraphs.push(
    `Sources: ${article.sources.map((s) => `[${escapeMarkdown(s.title)}](${linkUrl(s.url)})`).join(' · ')}`,
  );
  const messages: OutboundMessage[] = [];
  let current = '';
  for (const p of paragraphs) {
    // Consecutive bullets stay on adjacent lines; other blocks get a blank line between them.
    const joiner = current && p.startsWith('- ') && /(?:^|\n)- [^\n]*$/.test(current) ? '\n' : '\n\n';
    if (current && current.length + joiner.length + p.length > MESSAGE_LIMIT) {
      messages.push(say(current));
      current = p;
    } else current = current ? current + joiner + p : p;
  }
  if (current) messages.push(say(current));
  return messages;
}

async function pageReply(url: string, deps: SummaryDeps): Promise<OutboundMessage[]> {
  if (!deps.fetch)
    return [say('Summaries of web links are switched off here. Type `learn` to see the articles I have.')];
  if (!URL.canParse(url))
    return [say('That does not look like a web address. Links should start with https://.')];
  let cached: CachedSummary | null;
  try {
    const key = normaliseUrl(url);
    cached = (await deps.cache?.get(key)) ?? null;
    if (!cached) {
      const page = await fetchPage(key, deps.fetch);
      const digest: Digest = digestDocument(extractHtml(page.html, page.finalUrl));
      cached = { url: key, finalUrl: page.finalUrl, digest, fetchedAt: (deps.clock ?? systemClock).now() };
      await deps.cache?.set(cached);
    }
  } catch (error) {
    if (error instanceof FetchError) return [say(error.message)];
    if (hasCode(error, ErrorCode.InvalidContent))
      return [say(`I could not find any article text on that page. ${error.message}`)];
    throw error;
  }
  const view = viewSummary(cached.digest, deps.pageSentences ?? DEFAULT_PAGE_SENTENCES);
  const title = cached.digest.title
    ? `**${escapeMarkdown(cached.digest.title)}**`
    : '**Summary of the page**';
  const lines = [
    title,
    '_Sentences quoted from the page, picked automatically; not reviewed by us._',
    '',
    ...summaryLines(view),
    '',
    `[Read the full article](${linkUrl(cached.finalUrl)})`,
  ];
  return [say(lines.join('\n'))];
}

/** A URL safe inside `[label](url)`: brackets and spaces percent-encoded (DOIs contain parentheses). */
function linkUrl(url: string): string {
  return url.replace(
    /[()\s<>"\\]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

function say(text: string): OutboundMessage {
  return { blocks: [{ type: 'text', text }] };
}
