/**
 * The shape of a text before it is split into sentences: which stretches are headings, paragraphs,
 * list items or code. Every block is a pair of offsets into the one source string, so anything
 * found later (a sentence) can point back to its exact place in the source.
 */
export type BlockKind = 'heading' | 'paragraph' | 'item' | 'code';

export interface Block {
  kind: BlockKind;
  /** Offset of the block's first character in `SourceDocument.text` (after any list or heading marker). */
  start: number;
  /** Offset just past the block's last character. */
  end: number;
}

export interface SourceDocument {
  /** The text every offset refers to: the file as read, or the text extracted from a web page. */
  text: string;
  blocks: Block[];
  /** A title, when the input names one (front matter, `# Heading`, HTML <title>). */
  title?: string;
}

const HEADING = /^ {0,3}(#{1,6})[ \t]+/;
const ITEM = /^[ \t]{0,6}(?:[-*+•]|\d{1,3}[.)])[ \t]+/;
const FENCE = /^ {0,3}(```|~~~)/;
const RULE = /^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const SETEXT = /^ {0,3}(?:=+|-+)[ \t]*$/;
const TABLE_OR_HTML = /^\s*(?:\||<\/?[a-zA-Z!])/;

/**
 * Finds the blocks of Markdown or plain text, starting at `from` (after front matter). Plain text
 * needs no other parser: its paragraphs, bullet lines and short title lines read the same way.
 */
export function markdownBlocks(text: string, from = 0): Block[] {
  const blocks: Block[] = [];
  let open: Block | null = null;
  let fence: string | null = null;
  const close = () => {
    if (open && open.end > open.start) blocks.push(open);
    open = null;
  };
  let pos = from;
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const lineEnd = nl === -1 ? text.length : nl;
    const line = text.slice(pos, lineEnd).replace(/\r$/, '');
    const contentEnd = pos + line.length;
    const next = nl === -1 ? text.length + 1 : nl + 1;
    if (fence) {
      if (line.trimStart().startsWith(fence)) fence = null;
      pos = next;
      continue;
    }
    const fenceMatch = FENCE.exec(line);
    if (fenceMatch) {
      close();
      fence = fenceMatch[1] ?? '```';
      pos = next;
      continue;
    }
    if (!line.trim()) {
      close();
    } else if (SETEXT.test(line) && open !== null && (open as Block).kind === 'paragraph') {
      (open as Block).kind = 'heading';
      close();
    } else if (RULE.test(line) || TABLE_OR_HTML.test(line)) {
      close();
    } else {
      const heading = HEADING.exec(line);
      const item = ITEM.exec(line);
      if (heading) {
        close();
        blocks.push({ kind: 'heading', start: pos + heading[0].length, end: contentEnd });
      } else if (item) {
        close();
        open = { kind: 'item', start: pos + item[0].length, end: contentEnd };
      } else if (open) {
        (open as Block).end = contentEnd;
      } else {
        const indent = line.length - line.trimStart().length;
        open = { kind: 'paragraph', start: pos + indent, end: contentEnd };
      }
    }
    if (nl === -1) break;
    pos = next;
  }
  close();
  return blocks
    .map((b) => trimBlock(text, b))
    .map((b) => (looksLikeTitle(text, b) ? { ...b, kind: 'heading' } : b));
}

function trimBlock(text: string, block: Block): Block {
  let { start, end } = block;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { ...block, start, end };
}

/** A one-line paragraph of a few words with no closing punctuation reads as a title (plain text). */
function looksLikeTitle(text: string, block: Block): boolean {
  if (block.kind !== 'paragraph') return false;
  const body = text.slice(block.start, block.end);
  return !body.includes('\n') && !/[.!?:;。！？"”’)]$/.test(body) && body.split(/\s+/).length <= 12;
}

/** The document of a Markdown or plain text (front matter, if any, is skipped by `from`). */
export function markdownDocument(text: string, from = 0, title?: string): SourceDocument {
  const blocks = markdownBlocks(text, from);
  const firstHeading = blocks.find((b) => b.kind === 'heading');
  const found = title ?? (firstHeading ? text.slice(firstHeading.start, firstHeading.end) : undefined);
  return found === undefined ? { text, blocks } : { text, blocks, title: found };
}
