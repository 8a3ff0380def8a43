import { CheckinError, ErrorCode } from '../core/errors.ts';
import { isBoilerplate } from './boilerplate.ts';
import type { SourceDocument } from './document.ts';
import { type Sentence, splitSentences } from './sentences.ts';
import { contentWords, looksEnglish, wordsOf } from './words.ts';

/** One sentence chosen for a summary, exactly as it stands in the source, and where. */
export interface SummarySentence {
  text: string;
  /** Position among the document's sentences, from 0. */
  index: number;
  /** Character offset in the source text (`SourceDocument.text`): `text === source.slice(start, end)`. */
  start: number;
  end: number;
  /** TextRank score (higher is more central). */
  score: number;
}

/** Something the reader should know about how the summary was made. */
export interface SummaryNotice {
  code: 'short' | 'list' | 'not_english';
  message: string;
}

export interface Summary {
  sentences: SummarySentence[];
  /** Sentences found in the source, and how many were eligible after boilerplate was removed. */
  totalSentences: number;
  candidates: number;
  notices: SummaryNotice[];
  english: boolean;
}

export interface SummariseOptions {
  /** How many sentences to return (default 5). */
  sentences?: number;
  /** Locale for sentence splitting (default `en`; the rules are largely language-neutral). */
  locale?: string;
  /**
   * Edge weight of the sentence graph (default `overlap`, the original TextRank measure, which
   * scored best of the three on the evaluation set; see docs/content.md).
   */
  similarity?: Similarity;
}

/** The fewest words a sentence needs to be worth quoting alone ("See below." is not). */
const MIN_WORDS = 4;
const DAMPING = 0.85;

/** The sentences of a document that may appear in a summary: real sentences, no furniture. */
export function candidateSentences(
  doc: SourceDocument,
  locale = 'en',
): { all: Sentence[]; candidates: Sentence[] } {
  const all = splitSentences(doc, locale);
  const candidates = all.filter((s) => {
    if (isBoilerplate(s.text)) return false;
    const words = wordsOf(s.text);
    // Scripts without spaces (Chinese, Japanese) produce many short words; count characters instead.
    return words.length >= MIN_WORDS || (words.length > 0 && s.text.length >= 12 && !/\s/.test(s.text));
  });
  return { all, candidates };
}

/**
 * Extractive summary by TextRank (Mihalcea & Tarau, 2004): sentences are nodes, edges are weighted
 * by how many content words two sentences share (normalised by their log lengths), and PageRank
 * finds the most central ones. The top N are returned in their
 * original order. Nothing is rewritten: every sentence is a slice of the source.
 */
export function summarise(doc: SourceDocument, options: SummariseOptions = {}): Summary {
  const n = options.sentences ?? 5;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`sentences must be a whole number ≥ 1, got ${n}`);
  const { all, candidates } = candidateSentences(doc, options.locale);
  if (candidates.length === 0) {
    throw new CheckinError(
      ErrorCode.InvalidContent,
      all.length === 0
        ? 'There is no text to summarise here: it is empty or only headings, code or markup.'
        : 'There is nothing to summarise here: the text is only page furniture (menus, cookie or sign-up notices) or fragments too short to quote.',
    );
  }
  const bodyText = candidates.map((s) => s.text).join(' ');
  const english = looksEnglish(bodyText);
  const notices: SummaryNotice[] = [];
  if (!english) {
    notices.push({
      code: 'not_english',
      message:
        'This text does not look like English. Sentences were ranked by shared words only, and the medication check knows only common Spanish, German and French names.',
    });
  }
  if (candidates.every((s) => s.kind === 'item')) {
    notices.push({
      code: 'list',
      message: 'This page is a list, so the summary shows its most representative items.',
    });
  }
  if (candidates.length <= n) {
    notices.push({ code: 'short', message: 'The text is short, so every sentence of it is shown.' });
  }
  const scores =
    candidates.length > 1
      ? textRank(
          candidates.map((s) => contentWords(s.text, english)),
          options.similarity,
        )
      : [1];
  const chosen = candidates
    .map((s, i) => ({ s, score: scores[i] ?? 0 }))
    .sort((a, b) => b.score - a.score || a.s.index - b.s.index)
    .slice(0, n)
    .sort((a, b) => a.s.index - b.s.index);
  return {
    sentences: chosen.map(({ s, score }) => pick(s, score)),
    totalSentences: all.length,
    candidates: candidates.length,
    notices,
    english,
  };
}

function pick(s: Sentence, score: number): SummarySentence {
  return { text: s.text, index: s.index, start: s.start, end: s.end, score };
}

/** The first N eligible sentences: the baseline every summary is measured against. */
export function leadBaseline(doc: SourceDocument, n: number, locale = 'en'): SummarySentence[] {
  return candidateSentences(doc, locale)
    .candidates.slice(0, n)
    .map((s) => pick(s, 0));
}

/** How two sentences' words are compared to weight the edge between them. */
export type Similarity = 'cosine' | 'overlap' | 'bm25';

/** Edge weights of the sentence graph (symmetric for cosine and overlap; directed for BM25). */
export function similarityMatrix(sentences: string[][], similarity: Similarity): number[][] {
  const count = sentences.length;
  const df = new Map<string, number>();
  for (const words of sentences) for (const w of new Set(words)) df.set(w, (df.get(w) ?? 0) + 1);
  // Inverse sentence frequency: a word in every sentence says little about any one of them.
  const idf = (w: string) => Math.log(1 + count / (df.get(w) ?? 1));
  const tfs = sentences.map((words) => {
    const tf = new Map<string, number>();
    for (const w of words) tf.set(w, (tf.get(w) ?? 0) + 1);
    return tf;
  });
  const norms = tfs.map((tf) => Math.sqrt([...tf].reduce((n, [w, f]) => n + (f * idf(w)) ** 2, 0)));
  const avgLength = sentences.reduce((n, s) => n + s.length, 0) / Math.max(1, count);
  const weights: number[][] = Array.from({ length: count }, () => new Array<number>(count).fill(0));
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < count; j++) {
      if (i === j) continue;
      const a = tfs[i]!;
      const b = tfs[j]!;
      let w = 0;
      if (similarity === 'bm25') {
        // BM25 of sentence i as the query against sentence j as the document (Barrios et al., 2016).
        const k1 = 1.2;
        const bb = 0.75;
        const len = sentences[j]!.length;
        for (const [word] of a) {
          const f = b.get(word);
          if (f) w += (idf(word) * (f * (k1 + 1))) / (f + k1 * (1 - bb + (bb * len) / avgLength));
        }
      } else if (j > i) {
        let shared = 0;
        let dot = 0;
        for (const [word, f] of a) {
          const g = b.get(word);
          if (!g) continue;
          shared++;
          dot += f * g * idf(word) ** 2;
        }
        if (similarity === 'overlap') {
          // Mihalcea & Tarau (2004): shared words over the log lengths, so long sentences are not favoured blindly.
          const denom = Math.log(sentences[i]!.length + 1) + Math.log(sentences[j]!.length + 1);
          w = denom > 0 ? shared / denom : 0;
        } else {
          w = norms[i] && norms[j] ? dot / (norms[i]! * norms[j]!) : 0;
        }
        weights[j]![i] = w;
      } else continue;
      weights[i]![j] = w;
    }
  }
  return weights;
}

/** PageRank over the sentence-similarity graph; returns one score per sentence. */
export function textRank(sentences: string[][], similarity: Similarity = 'overlap'): number[] {
  const count = sentences.length;
  const weights = similarityMatrix(sentences, similarity);
  const outSum = weights.map((row) => row.reduce((s, x) => s + x, 0));
  const teleport = 1 / count;
  let scores = new Array<number>(count).fill(1 / count);
  for (let iter = 0; iter < 100; iter++) {
    const next = new Array<number>(count).fill((1 - DAMPING) * teleport);
    // A sentence sharing no words with any other spreads its score evenly (standard PageRank).
    let dangling = 0;
    for (let j = 0; j < count; j++) if (!outSum[j]) dangling += scores[j]!;
    for (let i = 0; i < count; i++) {
      let sum = dangling * teleport;
      const row = weights[i]!;
      for (let j = 0; j < count; j++) if (row[j]) sum += (row[j]! / outSum[j]!) * scores[j]!;
      next[i] = (next[i] ?? 0) + DAMPING * sum;
    }
    const delta = next.reduce((d, x, i) => d + Math.abs(x - scores[i]!), 0);
    scores = next;
    if (delta < 1e-7) break;
  }
  return scores;
}
