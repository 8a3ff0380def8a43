import type { Article } from './article.ts';
import type { Library } from './library.ts';
import { fold, loadMedicationTerms } from './medication.ts';

/** How well a query names an article, from 0 (not at all) to 1 (its slug or title exactly). */
export interface ArticleMatch {
  article: Article;
  score: number;
}

/** A score at or above which a query is taken to name an article. */
export const MATCH_THRESHOLD = 0.6;
/** Below this a near-miss is not worth suggesting. */
export const SUGGESTION_THRESHOLD = 0.35;

function normalise(text: string): string {
  return fold(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function bigrams(text: string): string[] {
  const t = ` ${text} `;
  const out: string[] = [];
  for (let i = 0; i < t.length - 1; i++) out.push(t.slice(i, i + 2));
  return out;
}

/** Dice coefficient of character bigrams: tolerant of typos ("anxeity" ~ "anxiety"). */
export function dice(a: string, b: string): number {
  if (!a || !b) return 0;
  if (a === b) return 1;
  const left = bigrams(a);
  const right = new Map<string, number>();
  for (const g of bigrams(b)) right.set(g, (right.get(g) ?? 0) + 1);
  let shared = 0;
  for (const g of left) {
    const n = right.get(g) ?? 0;
    if (n > 0) {
      shared++;
      right.set(g, n - 1);
    }
  }
  return (2 * shared) / (left.length + bigrams(b).length);
}

/** Edit distance with adjacent transpositions (optimal string alignment), for typo tolerance. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** Whether a typed word means a field word: equal, a prefix of it, or one or two typos away. */
function wordMatches(q: string, f: string): boolean {
  if (f === q || (q.length >= 3 && f.startsWith(q))) return true;
  if (q.length < 4) return false;
  return editDistance(q, f) <= (q.length >= 7 ? 2 : 1);
}

/** One field (slug, title or a topic) against the query. */
function fieldScore(query: string, field: string): number {
  if (!field) return 0;
  if (field === query) return 1;
  const qWords = query.split(' ');
  const fWords = field.split(' ');
  // Every query word found in the field (exactly, as a prefix, or with a small typo).
  const wordHits = qWords.filter((q) => fWords.some((f) => wordMatches(q, f))).length;
  const coverage = wordHits / qWords.length;
  const fieldCoverage = wordHits / fWords.length;
  return Math.max(dice(query, field) * 0.9, coverage * (0.7 + 0.2 * fieldCoverage));
}

/** Score given to a medication article for a query that names a medication or drug class. */
const MEDICATION_QUERY_SCORE = 0.8;

/**
 * Every article scored against `query`, best first (ties keep library order). `exact` marks a
 * query that is the article's slug or title.
 */
export function rankArticles(query: string, library: Library): Array<ArticleMatch & { exact: boolean }> {
  const q = normalise(query);
  if (!q) return library.articles.map((article) => ({ article, score: 0, exact: false }));
  const namesMedication = loadMedicationTerms().find(query).length > 0;
  return library.articles
    .map((article) => {
      if (q === normalise(article.slug) || q === normalise(article.title))
        return { article, score: 1, exact: true };
      const fields = [normalise(article.slug), normalise(article.title), ...article.topics.map(normalise)];
      let score = Math.max(...fields.map((f) => fieldScore(q, f)));
      // "sertraline" or "SSRIs" should find the medication article even though no topic says so.
      if (namesMedication && article.medication) score = Math.max(score, MEDICATION_QUERY_SCORE);
      return { article, score, exact: false };
    })
    .sort((a, b) => b.score - a.score);
}

/**
 * The article a query names, if one does clearly; otherwise up to three suggestions. When several
 * articles share the best score (a topic many articles cover), the first is chosen and the rest are
 * offered as related.
 */
export function matchArticle(
  query: string,
  library: Library,
): { article: Article; related: Article[] } | { article: null; suggestions: Article[] } {
  const ranked = rankArticles(query, library);
  const best = ranked[0];
  if (best && best.score >= MATCH_THRESHOLD) {
    const related = best.exact ? [] : ranked.slice(1).filter((m) => m.score >= best.score - 1e-9);
    return { article: best.article, related: related.map((m) => m.article) };
  }
  return {
    article: null,
    suggestions: ranked
      .filter((m) => m.score >= SUGGESTION_THRESHOLD)
      .slice(0, 3)
      .map((m) => m.article),
  };
}

/** Discord autocomplete: up to 25 `{ name, value }` pairs, best match first (every article when empty). */
export function autocomplete(query: string, library: Library): Array<{ name: string; value: string }> {
  const ranked = normalise(query)
    ? rankArticles(query, library).filter((m) => m.score >= SUGGESTION_THRESHOLD)
    : rankArticles('', library);
  return ranked.slice(0, 25).map(({ article }) => ({
    name: `${article.title} (${article.reading_minutes} min)`.slice(0, 100),
    value: article.slug,
  }));
}
