import { z } from 'zod';
import { type Problem, YamlSource } from '../engine/problems.ts';

/**
 * A library article: Markdown with YAML front matter. The front matter is checked with zod and
 * every problem is reported with its file, line and field, like the dialog files.
 */
export const articleMetaSchema = z
  .object({
    title: z.string().min(3).max(120),
    /** Lower-case words joined by hyphens; how people and overlays name the article. */
    slug: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected lower-case words joined by hyphens'),
    topics: z.array(z.string().min(2).max(40)).min(1).max(12),
    /** How many sentences the summary shows. */
    summary_sentences: z.number().int().min(1).max(10),
    sources: z
      .array(z.object({ title: z.string().min(3), url: z.url({ protocol: /^https?$/ }) }).strict())
      .min(1, 'every article cites at least one public source'),
    author: z.string().min(2),
    /**
     * `pending` until a named person has actually reviewed the article; never invented. Pending
     * articles are shown as "not yet clinically reviewed".
     */
    review: z.discriminatedUnion('status', [
      z.object({ status: z.literal('pending') }).strict(),
      z
        .object({
          status: z.literal('reviewed'),
          reviewed_by: z.string().min(3),
          reviewed_on: z.iso.date(),
        })
        .strict(),
    ]),
    reading_minutes: z.number().int().min(1).max(60),
    /** Medication articles always end with the prescriber guardrail. */
    medication: z.boolean(),
  })
  .strict();

export type ArticleMeta = z.infer<typeof articleMetaSchema>;

export interface Article extends ArticleMeta {
  /** The whole file as read; summary positions are offsets into this text. */
  source: string;
  /** Offset in `source` where the Markdown body starts (after the front matter). */
  bodyStart: number;
  /** Path the article was read from (relative to the working folder where possible). */
  file: string;
}

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** Splits `---` front matter from a Markdown text; `null` when there is none. */
export function splitFrontMatter(text: string): { yaml: string; bodyStart: number } | null {
  const match = FRONT_MATTER.exec(text);
  if (!match) return null;
  return { yaml: match[1] ?? '', bodyStart: match[0].length };
}

/** Parses one article file; returns the article or every problem found in it. */
export function parseArticle(file: string, text: string): { article: Article } | { problems: Problem[] } {
  const front = splitFrontMatter(text);
  if (!front) {
    return {
      problems: [
        { file, line: 1, col: 1, path: '', message: 'expected front matter between "---" lines at the top' },
      ],
    };
  }
  const yaml = new YamlSource(file, front.yaml);
  // The YAML starts on line 2 of the file, after the opening `---`.
  const shift = (p: Problem): Problem => ({ ...p, line: p.line + 1 });
  const syntax = yaml.syntaxProblems();
  if (syntax.length) return { problems: syntax.map(shift) };
  const parsed = articleMetaSchema.safeParse(yaml.toJS());
  if (!parsed.success) return { problems: yaml.zodProblems(parsed.error).map(shift) };
  if (!text.slice(front.bodyStart).trim()) {
    return {
      problems: [
        { file, line: 1, col: 1, path: '', message: 'the article has no text after its front matter' },
      ],
    };
  }
  return { article: { ...parsed.data, source: text, bodyStart: front.bodyStart, file } };
}
