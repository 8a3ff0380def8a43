import { encodeChoice } from '../../src/core/choice-token.ts';
import { markdownToPlain, renderMarkdown } from '../../src/core/markdown.ts';
import type { Block, OutboundMessage } from '../../src/core/outbound.ts';

/**
 * Turns outbound messages into the small JSON views the chat page draws. Markdown becomes HTML here,
 * on the server, with every text run escaped; everything else (labels, alt text, field values) is
 * sent as plain strings that the page inserts with `textContent`. So nothing a person typed can
 * become markup in the page.
 */
export type BlockView =
  | { type: 'text'; html: string }
  | { type: 'choices' | 'scale'; prompt: string; options: Array<{ label: string; token: string }> }
  | { type: 'card'; title: string; html: string; fields: Array<{ label: string; value: string }> }
  | { type: 'image'; src: string; alt: string; width: number; height: number }
  | { type: 'file'; name: string; href: string }
  | { type: 'divider' };

export interface MessageView {
  /** Page-unique id, so a later `update` can replace this message. */
  id: string;
  urgent: boolean;
  blocks: BlockView[];
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** The Markdown subset as HTML; links open in a new tab without handing it our window. */
export function markdownToHtml(source: string): string {
  return renderMarkdown(source, {
    text: escapeHtml,
    bold: (inner) => `<strong>${inner}</strong>`,
    italic: (inner) => `<em>${inner}</em>`,
    link: (url, inner) =>
      `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${inner}</a>`,
    bullet: (line) => `<span class="bullet">•&nbsp;${line}</span>`,
    lineBreak: '<br>',
  });
}

export function renderMessage(message: OutboundMessage, id: string): MessageView {
  return { id, urgent: message.urgent === true, blocks: message.blocks.map(renderBlock) };
}

function renderBlock(block: Block): BlockView {
  switch (block.type) {
    case 'text':
      return { type: 'text', html: markdownToHtml(block.text) };
    case 'choices':
    case 'scale':
      return {
        type: block.type,
        prompt: markdownToPlain(block.prompt),
        options: block.options.map((o) => ({ label: o.label, token: encodeChoice(block.answer, o.value) })),
      };
    case 'card':
      return {
        type: 'card',
        title: block.title,
        html: block.text ? markdownToHtml(block.text) : '',
        fields: block.fields.map((f) => ({ label: f.label, value: f.value })),
      };
    case 'image':
      return {
        type: 'image',
        src: `data:image/png;base64,${Buffer.from(block.png).toString('base64')}`,
        alt: block.alt,
        width: block.width,
        height: block.height,
      };
    case 'file':
      return {
        type: 'file',
        name: block.name,
        href: `data:${block.mediaType};base64,${Buffer.from(block.content).toString('base64')}`,
      };
    case 'divider':
      return { type: 'divider' };
  }
}
