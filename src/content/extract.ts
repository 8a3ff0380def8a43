import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { Block, BlockKind, SourceDocument } from './document.ts';

/**
 * Main-text extraction for web pages. Mozilla's Readability (the engine of Firefox Reader View)
 * picks the article and drops navigation, sidebars and footers; the result is then flattened into
 * one plain text with a block per paragraph, heading or list item. Summary positions refer to that
 * text. Where Readability finds no article, the page body is used with its obvious furniture
 * (nav, header, footer, aside, forms, and elements named like menus, banners or adverts) removed.
 */
export function extractHtml(html: string, url?: string): SourceDocument {
  const pageTitle = titleOf(html);
  const article = readable(html, url);
  const root = article
    ? parseHTML(`<!doctype html><html><body>${article.content}</body></html>`).document.body
    : fallbackBody(html);
  const doc = flatten(root as unknown as DomNode);
  const title = (article?.title || pageTitle || '').trim();
  return title ? { ...doc, title } : doc;
}

function readable(html: string, url?: string): { title: string; content: string } | null {
  try {
    const { document } = parseHTML(html);
    // Readability resolves relative links against the document's URL; linkedom has none of its own.
    if (url) Object.defineProperty(document, 'documentURI', { value: url, configurable: true });
    const parsed = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], {
      charThreshold: 200,
    }).parse();
    if (!parsed?.content || !parsed.textContent || parsed.textContent.trim().length < 200) return null;
    return { title: parsed.title ?? '', content: parsed.content };
  } catch {
    return null;
  }
}

const FURNITURE_TAGS = 'script,style,noscript,template,nav,header,footer,aside,form,iframe,svg,button,select';
const FURNITURE_NAMES =
  /(?:^|[\s_-])(?:nav|navbar|menu|footer|header|cookie|consent|banner|subscribe|newsletter|share|social|advert|ads?|promo|related|sidebar|comments?|breadcrumbs?)(?:$|[\s_-])/i;

function fallbackBody(html: string): unknown {
  const { document } = parseHTML(html);
  for (const el of document.querySelectorAll(FURNITURE_TAGS)) el.remove();
  for (const el of document.querySelectorAll('[class],[id],[role]')) {
    const names = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''} ${el.getAttribute('role') ?? ''}`;
    if (FURNITURE_NAMES.test(names) || /navigation|banner|contentinfo/.test(el.getAttribute('role') ?? ''))
      el.remove();
  }
  return document.body ?? document.documentElement;
}

function titleOf(html: string): string | undefined {
  const match = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html);
  if (!match?.[1]) return undefined;
  return parseHTML(`<p>${match[1]}</p>`).document.querySelector('p')?.textContent?.trim() || undefined;
}

/** The little of the DOM that flattening needs (linkedom's node types are not exported as types). */
interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}

const BLOCK_KIND: Record<string, BlockKind> = {
  P: 'paragraph',
  BLOCKQUOTE: 'paragraph',
  FIGCAPTION: 'paragraph',
  DD: 'paragraph',
  DT: 'paragraph',
  TD: 'paragraph',
  TH: 'paragraph',
  LI: 'item',
  H1: 'heading',
  H2: 'heading',
  H3: 'heading',
  H4: 'heading',
  H5: 'heading',
  H6: 'heading',
  PRE: 'code',
};
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'BUTTON']);
const CONTAINERS = new Set([
  'DIV',
  'SECTION',
  'ARTICLE',
  'MAIN',
  'BODY',
  'UL',
  'OL',
  'DL',
  'TABLE',
  'TBODY',
  'THEAD',
  'TR',
  'FIGURE',
  'HTML',
]);

/** Walks the DOM and writes each block's text on its own paragraph of one plain text. */
function flatten(root: DomNode): SourceDocument {
  let text = '';
  const blocks: Block[] = [];
  const emit = (kind: BlockKind, raw: string) => {
    const clean = raw.replace(/\s+/g, ' ').trim();
    if (!clean) return;
    if (text) text += '\n\n';
    blocks.push({ kind, start: text.length, end: text.length + clean.length });
    text += clean;
  };
  const walk = (node: DomNode) => {
    let inline = '';
    const flushInline = () => {
      emit('paragraph', inline);
      inline = '';
    };
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) {
        inline += child.textContent ?? '';
        continue;
      }
      if (child.nodeType !== 1) continue;
      const tag = child.nodeName.toUpperCase();
      if (SKIP.has(tag)) continue;
      const kind = BLOCK_KIND[tag];
      if (kind && !hasBlockChild(child)) {
        flushInline();
        emit(kind, child.textContent ?? '');
      } else if (kind || CONTAINERS.has(tag)) {
        flushInline();
        walk(child);
      } else if (tag === 'BR') {
        inline += ' ';
      } else {
        inline += child.textContent ?? '';
      }
    }
    flushInline();
  };
  walk(root);
  return { text, blocks };
}

function hasBlockChild(node: DomNode): boolean {
  return Array.from(node.childNodes).some(
    (c) =>
      c.nodeType === 1 &&
      (BLOCK_KIND[c.nodeName.toUpperCase()] !== undefined || CONTAINERS.has(c.nodeName.toUpperCase())),
  );
}
