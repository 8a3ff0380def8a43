import type { types } from '@slack/bolt';
import { encodeChoice } from '../../src/core/choice-token.ts';
import { renderMarkdown } from '../../src/core/markdown.ts';
import type { Block, CardBlock, ChoicesBlock, OutboundMessage, ScaleBlock } from '../../src/core/outbound.ts';
import { plainTextOf } from '../../src/core/outbound.ts';

/**
 * OutboundMessage → Block Kit. Pure functions: no Web API calls here, so every limit Slack
 * enforces (block counts, text lengths) is checked by unit tests, not discovered in production.
 */

export type SlackBlock = types.KnownBlock;

/** Slack's documented limits we split or truncate at. */
export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerHomeView: 100,
  sectionText: 3000,
  fieldsPerSection: 10,
  fieldText: 2000,
  elementsPerActions: 25,
  buttonText: 75,
  buttonValue: 2000,
  headerText: 150,
  notificationText: 3000,
} as const;

/** One Web API call's worth of a message: a post with blocks, or a file upload. */
export type SlackPart =
  | { kind: 'post'; blocks: SlackBlock[]; text: string }
  | { kind: 'upload'; filename: string; title: string; altText?: string; bytes: Uint8Array };

/** Prefix of every action_id we render; the receiver listens for exactly these. */
export const CHOICE_ACTION_PREFIX = 'ck:';

/** Slack mrkdwn control characters: escaping these is all it takes to keep text literal. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Our Markdown subset → Slack mrkdwn; every text run is escaped, so nothing typed becomes a mention. */
export function toMrkdwn(markdown: string): string {
  return renderMarkdown(markdown, {
    text: escapeMrkdwn,
    bold: (inner) => (inner.trim() ? `*${inner}*` : inner),
    italic: (inner) => (inner.trim() ? `_${inner}_` : inner),
    // `|` ends a Slack link target, so it is percent-encoded; the parser already refused < > and spaces.
    link: (url, inner) => `<${url.replace(/\|/g, '%7C')}|${inner || escapeMrkdwn(url)}>`,
    bullet: (line) => `• ${line}`,
  });
}

/** Cuts to `max` characters with an ellipsis, never leaving half an HTML entity behind. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max - 1).replace(/&[a-z]{0,4}$/, '')}…`;
}

/** Splits long mrkdwn at line breaks so each section stays within Slack's 3000 characters. */
function splitSectionText(mrkdwn: string): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const line of mrkdwn.split('\n')) {
    const candidate = current ? `${current}\n${line}` : line;
    if (candidate.length <= LIMITS.sectionText) {
      current = candidate;
      continue;
    }
    if (current) chunks.push(current);
    let rest = line;
    while (rest.length > LIMITS.sectionText) {
      const piece = truncate(rest, LIMITS.sectionText).slice(0, -1);
      chunks.push(piece);
      rest = rest.slice(piece.length);
    }
    current = rest;
  }
  if (current.trim()) chunks.push(current);
  return chunks;
}

function section(mrkdwn: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: mrkdwn } };
}

function buttons(block: ChoicesBlock | ScaleBlock, index: number): SlackBlock[] {
  const out: SlackBlock[] = [];
  for (let start = 0; start < block.options.length; start += LIMITS.elementsPerActions) {
    const slice = block.options.slice(start, start + LIMITS.elementsPerActions);
    out.push({
      type: 'actions',
      block_id: `ck_${index}_${start / LIMITS.elementsPerActions}`,
      elements: slice.map((option, i) => ({
        type: 'button' as const,
        action_id: `${CHOICE_ACTION_PREFIX}${index}:${start + i}`,
        text: { type: 'plain_text' as const, text: truncate(option.label, LIMITS.buttonText), emoji: true },
        value: encodeChoice(block.answer, option.value),
      })),
    });
  }
  return out;
}

function card(block: CardBlock): SlackBlock[] {
  const head = [`*${escapeMrkdwn(block.title)}*`, block.text ? toMrkdwn(block.text) : '']
    .filter(Boolean)
    .join('\n');
  const out: SlackBlock[] = splitSectionText(head).map(section);
  for (let start = 0; start < block.fields.length; start += LIMITS.fieldsPerSection) {
    out.push({
      type: 'section',
      fields: block.fields.slice(start, start + LIMITS.fieldsPerSection).map((f) => ({
        type: 'mrkdwn' as const,
        text: truncate(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}`, LIMITS.fieldText),
      })),
    });
  }
  return out;
}

/** Blocks for everything but uploads; `inline` turns images and files into text (Home tab). */
function blocksFor(
  block: Block,
  index: number,
  precededByText: boolean,
  inline: boolean,
): SlackBlock[] | null {
  switch (block.type) {
    case 'text':
      return splitSectionText(toMrkdwn(block.text)).map(section);
    case 'choices':
    case 'scale': {
      const prompt =
        precededByText || !block.prompt ? [] : splitSectionText(toMrkdwn(block.prompt)).map(section);
      return [...prompt, ...buttons(block, index)];
    }
    case 'card':
      return card(block);
    case 'divider':
      return [{ type: 'divider' }];
    case 'image':
      return inline
        ? [
            {
              type: 'context',
              elements: [{ type: 'mrkdwn', text: truncate(escapeMrkdwn(block.fallback), 3000) }],
            },
          ]
        : null;
    case 'file':
      return inline ? [] : null;
  }
}

/** The text shown in notifications and by clients that cannot show blocks. */
function notificationText(message: OutboundMessage): string {
  const plain = plainTextOf({ blocks: message.blocks.filter((b) => b.type !== 'divider') });
  return truncate(
    escapeMrkdwn(`${message.urgent ? '⚠️ ' : ''}${plain}`.trim() || ' '),
    LIMITS.notificationText,
  );
}

/** Marks crisis resources so they stand out: a warning sign on the first section and rules around them. */
function markUrgent(blocks: SlackBlock[]): SlackBlock[] {
  const first = blocks.findIndex((b) => b.type === 'section' && b.text?.type === 'mrkdwn');
  const marked = blocks.map((b, i) =>
    i === first && b.type === 'section' && b.text
      ? { ...b, text: { ...b.text, text: `:warning: ${b.text.text}` } }
      : b,
  );
  return [{ type: 'divider' }, ...marked, { type: 'divider' }];
}

/**
 * Renders one message as the posts and uploads that carry it, in order. Long messages are split
 * into several posts (50 blocks each); images and files become uploads between them.
 */
export function renderMessage(message: OutboundMessage): SlackPart[] {
  const parts: SlackPart[] = [];
  let pending: SlackBlock[] = [];
  const text = notificationText(message);
  const flush = () => {
    if (!pending.length) return;
    const blocks = message.urgent ? markUrgent(pending) : pending;
    for (let i = 0; i < blocks.length; i += LIMITS.blocksPerMessage) {
      parts.push({ kind: 'post', blocks: blocks.slice(i, i + LIMITS.blocksPerMessage), text });
    }
    pending = [];
  };
  message.blocks.forEach((block, index) => {
    const precededByText = index > 0 && message.blocks[index - 1]?.type === 'text';
    const blocks = blocksFor(block, index, precededByText, false);
    if (blocks) {
      pending.push(...blocks);
      return;
    }
    flush();
    if (block.type === 'image') {
      parts.push({
        kind: 'upload',
        filename: 'image.png',
        title: block.alt,
        altText: block.alt,
        bytes: block.png,
      });
    } else if (block.type === 'file') {
      parts.push({ kind: 'upload', filename: block.name, title: block.name, bytes: block.content });
    }
  });
  flush();
  return parts;
}

/** The whole message as one post (for chat.update and the Home tab): images become their text. */
export function renderInline(
  message: OutboundMessage,
  maxBlocks: number = LIMITS.blocksPerMessage,
): {
  blocks: SlackBlock[];
  text: string;
} {
  const blocks = message.blocks.flatMap((block, index) => {
    const precededByText = index > 0 && message.blocks[index - 1]?.type === 'text';
    return blocksFor(block, index, precededByText, true) ?? [];
  });
  const marked = message.urgent ? markUrgent(blocks) : blocks;
  return { blocks: marked.slice(0, maxBlocks), text: notificationText(message) };
}

/** True when a message carries uploads, which cannot be ephemeral. */
export function hasUploads(message: OutboundMessage): boolean {
  return message.blocks.some((b) => b.type === 'image' || b.type === 'file');
}
