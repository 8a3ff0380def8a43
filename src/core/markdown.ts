/**
 * The Markdown subset every adapter renders. Parsing happens once, here, into plain data, so each
 * adapter escapes every text run for its own platform and user-typed text can never become markup.
 *
 * Supported: **bold**, _italic_, [label](http(s) url), `- ` bullets, newlines. A backslash escapes
 * any of \ * _ [ ] ( ) ` so `escapeMarkdown` makes arbitrary text literal.
 */
export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'bold'; children: Inline[] }
  | { kind: 'italic'; children: Inline[] }
  | { kind: 'link'; url: string; children: Inline[] };

export type Line = { bullet: boolean; content: Inline[] };

const SPECIAL = /[\\*_[\]()`]/g;

/** Makes arbitrary text (anything a user typed) literal inside our Markdown subset. */
export function escapeMarkdown(raw: string): string {
  return raw.replace(SPECIAL, (c) => `\\${c}`);
}

/** Parses Markdown-subset text into lines of inline runs. Never throws: unmatched marks are text. */
export function parseMarkdown(source: string): Line[] {
  return source.split('\n').map((line) => {
    const bullet = BULLET.test(line);
    const body = bullet ? line.replace(BULLET, '') : line;
    return { bullet, content: parseInline(body) };
  });
}

/** Characters that can start markup inside a line; text without them is one plain run. */
const INLINE_MARK = /[\\*_[]/;
const BULLET = /^\s*[-•] /;
const WORD_CHAR = /\w/;

function parseInline(src: string): Inline[] {
  if (!INLINE_MARK.test(src)) return src ? [{ kind: 'text', text: src }] : [];
  const out: Inline[] = [];
  let buffer = '';
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\\' && i + 1 < src.length) {
      buffer += src[i + 1];
      i += 2;
      continue;
    }
    if (c === '*' && src[i + 1] === '*') {
      const end = findClose(src, i + 2, '**');
      if (end > i + 2) {
        if (buffer) out.push({ kind: 'text', text: buffer });
        buffer = '';
        out.push({ kind: 'bold', children: parseInline(src.slice(i + 2, end)) });
        i = end + 2;
        continue;
      }
    }
    if (c === '_') {
      const end = findClose(src, i + 1, '_');
      // Intra-word underscores (snake_case) stay text, as in CommonMark.
      const before = i === 0 ? ' ' : src[i - 1]!;
      if (end > i + 1 && !WORD_CHAR.test(before)) {
        if (buffer) out.push({ kind: 'text', text: buffer });
        buffer = '';
        out.push({ kind: 'italic', children: parseInline(src.slice(i + 1, end)) });
        i = end + 1;
        continue;
      }
    }
    if (c === '[') {
      const close = findClose(src, i + 1, ']');
      if (close > i + 1 && src[close + 1] === '(') {
        const urlEnd = findClose(src, close + 2, ')');
        const url = src.slice(close + 2, urlEnd);
        if (urlEnd > close + 2 && /^https?:\/\/[^\s<>"]+$/.test(url)) {
          if (buffer) out.push({ kind: 'text', text: buffer });
          buffer = '';
          out.push({ kind: 'link', url, children: parseInline(src.slice(i + 1, close)) });
          i = urlEnd + 1;
          continue;
        }
      }
    }
    // Not markup here: take it and everything up to the next possible mark in one slice.
    const stop = nextMark(src, i + 1);
    buffer += src.slice(i, stop);
    i = stop;
  }
  if (buffer) out.push({ kind: 'text', text: buffer });
  return out;
}

/** Index of the next character that may start markup (\\ * _ [) at or after `from`, or the length. */
function nextMark(src: string, from: number): number {
  for (let i = from; i < src.length; i++) {
    const code = src.charCodeAt(i);
    if (code === 92 || code === 42 || code === 95 || code === 91) return i;
  }
  return src.length;
}

/** Index of the next unescaped `mark` at or after `from`, or -1. */
function findClose(src: string, from: number, mark: string): number {
  for (let i = from; i < src.length; i++) {
    if (src[i] === '\\') {
      i += 1;
      continue;
    }
    if (src.startsWith(mark, i)) return i;
  }
  return -1;
}

/** The text with all markup removed (for alt text, notifications, logs-free previews). */
export function markdownToPlain(source: string): string {
  // No mark and no bullet: the text is its own plain form (most prompts and replies).
  if (!PLAIN_MARK.test(source)) return source;
  return parseMarkdown(source)
    .map((l) => (l.bullet ? '• ' : '') + plainOf(l.content))
    .join('\n');
}

/** Anything that could be markup or a bullet; a looser test than parsing, never a stricter one. */
const PLAIN_MARK = /[\\*_[\-•]/;

function plainOf(nodes: Inline[]): string {
  let out = '';
  for (const n of nodes) out += n.kind === 'text' ? n.text : plainOf(n.children);
  return out;
}

/**
 * Renders parsed Markdown with per-platform functions; adapters pass escapers for their markup.
 * Keeps every adapter's renderer a few lines and guarantees text runs are always escaped.
 */
export function renderMarkdown(
  source: string,
  r: {
    text: (t: string) => string;
    bold: (inner: string) => string;
    italic: (inner: string) => string;
    link: (url: string, inner: string) => string;
    bullet: (line: string) => string;
    lineBreak?: string;
  },
): string {
  const inline = (nodes: Inline[]): string =>
    nodes
      .map((n) => {
        switch (n.kind) {
          case 'text':
            return r.text(n.text);
          case 'bold':
            return r.bold(inline(n.children));
          case 'italic':
            return r.italic(inline(n.children));
          case 'link':
            return r.link(n.url, inline(n.children));
        }
      })
      .join('');
  return parseMarkdown(source)
    .map((l) => (l.bullet ? r.bullet(inline(l.content)) : inline(l.content)))
    .join(r.lineBreak ?? '\n');
}
