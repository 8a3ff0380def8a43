import { parse as parseYaml } from 'yaml';
import { splitFrontMatter } from './article.ts';
import { markdownDocument, type SourceDocument } from './document.ts';
import { extractHtml } from './extract.ts';

/** How a text is read: HTML is extracted, Markdown and plain text are read as they stand. */
export type InputFormat = 'html' | 'markdown' | 'text';

/** Guesses the format from a file name, a content type or the text itself. */
export function detectFormat(text: string, hint?: string): InputFormat {
  if (hint && /\.x?html?$|text\/html|xhtml/i.test(hint)) return 'html';
  if (hint && /\.(?:md|markdown)$|text\/markdown/i.test(hint)) return 'markdown';
  if (hint && /\.txt$|text\/plain/i.test(hint)) return 'text';
  const head = text.slice(0, 2000).trimStart();
  if (/^<!doctype html|^<html[\s>]|^<\?xml[^>]*>\s*<html/i.test(head)) return 'html';
  if ((head.match(/<\/(?:p|div|h[1-6]|li|body|span|a)>/gi) ?? []).length >= 3) return 'html';
  return 'markdown';
}

/**
 * Turns any accepted input into a document. Markdown front matter is skipped (its `title` is
 * used when present); the front matter of a file need not be a valid article here.
 */
export function readDocument(
  text: string,
  format: InputFormat = detectFormat(text),
  url?: string,
): SourceDocument {
  if (format === 'html') return extractHtml(text, url);
  const front = splitFrontMatter(text);
  if (!front) return markdownDocument(text, 0);
  let title: string | undefined;
  try {
    const meta = parseYaml(front.yaml) as unknown;
    if (meta && typeof meta === 'object' && 'title' in meta && typeof meta.title === 'string')
      title = meta.title;
  } catch {
    // Unreadable front matter is still skipped; the body is what gets summarised.
  }
  return markdownDocument(text, front.bodyStart, title);
}
