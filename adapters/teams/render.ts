import { deflateRawSync } from 'node:zlib';
import { encodeChoice } from '../../src/core/choice-token.ts';
import { renderMarkdown } from '../../src/core/markdown.ts';
import type { Block, ChoicesBlock, OutboundMessage, ScaleBlock } from '../../src/core/outbound.ts';
import { plainTextOf } from '../../src/core/outbound.ts';
import { CHOICE_DATA_KEY } from './receive.ts';

/**
 * OutboundMessage → Bot Framework activities carrying Adaptive Cards. Pure data, no SDK import:
 * the activity shape is the Bot Framework wire format, which the SDK's successor speaks too.
 */

/** Attachment content type of an Adaptive Card. */
export const ADAPTIVE_CARD_TYPE = 'application/vnd.microsoft.card.adaptive';
/** Action.Execute needs schema 1.4; Teams renders up to 1.5. */
const CARD_VERSION = '1.4';
/** Teams shows at most six actions per set before an overflow menu; five keeps scales readable. */
const ACTIONS_PER_SET = 5;
/**
 * Teams refuses messages over ~40 KB (base64 images excluded, but not every client agrees), so
 * larger images go as their text fallback.
 */
export const MAX_INLINE_IMAGE_BYTES = 24_000;
/** Verb of our Action.Execute buttons. */
export const ANSWER_VERB = 'checkin.answer';

// biome-ignore lint/suspicious/noExplicitAny: Adaptive Card JSON is open-ended.
export type CardElement = Record<string, any>;

/** An outgoing activity as the connector receives it (a subset of the SDK's Partial<Activity>). */
export interface TeamsActivity {
  type: 'message';
  text?: string;
  textFormat?: 'markdown' | 'plain';
  summary?: string;
  attachments?: Array<{ contentType: string; content: CardElement; name?: string }>;
  suggestedActions?: { to?: string[]; actions: Array<{ type: 'imBack'; title: string; value: string }> };
}

export interface RenderOptions {
  /** `submit` (Action.Submit, works everywhere incl. the Emulator) or `execute` (Universal Actions). */
  actions: 'submit' | 'execute';
  /** False where cards cannot go: text plus suggested actions (answered by typing the label). */
  cards: boolean;
  /** True in a Teams personal chat, the only place bots can send files (via a file consent card). */
  files?: boolean;
}

/** Cards with Action.Submit buttons; the adapter picks per conversation. */
export const DEFAULT_RENDER: RenderOptions = { actions: 'submit', cards: true };

/** Attachment content type of Teams' file consent card. */
export const FILE_CONSENT_TYPE = 'application/vnd.microsoft.teams.card.file.consent';
/**
 * A file travels deflated inside its consent card's `acceptContext` (Teams hands it back on
 * acceptance), so any process can finish the upload. Teams counts a message's size as UTF-16 and
 * refuses more than 40 KB, so the deflated file may take at most 12 KB (16 K base64 characters).
 */
export const MAX_CONSENT_FILE_BYTES = 12_000;

/** What a file consent card carries back when the person accepts: name, media type, bytes. */
export interface FileContext {
  name: string;
  type: string;
  /** base64 of the raw-deflated file. */
  data: string;
  enc: 'deflate-raw';
}

const packed = new WeakMap<Uint8Array, Buffer>();
function deflated(content: Uint8Array): Buffer {
  let out = packed.get(content);
  if (!out) {
    out = deflateRawSync(content);
    packed.set(content, out);
  }
  return out;
}

const sendable = (block: Block, o: RenderOptions) =>
  block.type === 'file' && o.files === true && deflated(block.content).byteLength <= MAX_CONSENT_FILE_BYTES;

function consentCard(block: Extract<Block, { type: 'file' }>) {
  const context: FileContext = {
    name: block.name,
    type: block.mediaType,
    data: deflated(block.content).toString('base64'),
    enc: 'deflate-raw',
  };
  return {
    contentType: FILE_CONSENT_TYPE,
    name: block.name,
    content: {
      description: `${block.name} (${block.content.byteLength} bytes)`,
      sizeInBytes: block.content.byteLength,
      acceptContext: context,
      declineContext: { name: block.name },
    },
  };
}

/**
 * Makes a text run literal in Teams' card Markdown: Markdown punctuation is backslash-escaped,
 * `<` `>` cannot open a tag (`<at>` mentions need entities we never add, and cards render no HTML,
 * but the escape keeps copies of the text inert too), and `{{` cannot start a DATE/TIME function.
 */
export function escapeTeams(text: string): string {
  return text
    .replace(/[\\`*_[\]~<>]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([-+#])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/gm, '$1\\$2')
    .replace(/\{\{/g, '{\u2060{');
}

/** Our Markdown subset → Teams card Markdown; every text run is escaped. */
export function toTeamsMarkdown(markdown: string): string {
  return renderMarkdown(markdown, {
    text: escapeTeams,
    bold: (inner) => (inner.trim() ? `**${inner}**` : inner),
    italic: (inner) => (inner.trim() ? `_${inner}_` : inner),
    // The parser admits only http(s) URLs without spaces or brackets; `)` is percent-encoded.
    link: (url, inner) => `[${inner || escapeTeams(url)}](${url.replace(/\)/g, '%29')})`,
    bullet: (line) => `- ${line}`,
    // Card Markdown needs a blank line (or `\n\n`) for a visible break between paragraphs.
    lineBreak: '\n\n',
  });
}

function textBlock(markdown: string, extra: CardElement = {}): CardElement {
  return { type: 'TextBlock', text: toTeamsMarkdown(markdown), wrap: true, ...extra };
}

function actionFor(
  block: ChoicesBlock | ScaleBlock,
  option: { value: string; label: string },
  o: RenderOptions,
): CardElement {
  const data = { [CHOICE_DATA_KEY]: encodeChoice(block.answer, option.value) };
  return o.actions === 'execute'
    ? { type: 'Action.Execute', title: option.label, verb: ANSWER_VERB, data }
    : { type: 'Action.Submit', title: option.label, data };
}

function actionSets(block: ChoicesBlock | ScaleBlock, o: RenderOptions): CardElement[] {
  const sets: CardElement[] = [];
  for (let i = 0; i < block.options.length; i += ACTIONS_PER_SET) {
    const actions = block.options.slice(i, i + ACTIONS_PER_SET).map((opt) => actionFor(block, opt, o));
    sets.push({ type: 'ActionSet', actions });
  }
  return sets;
}

function elementsOf(block: Block, o: RenderOptions): CardElement[] {
  switch (block.type) {
    case 'text':
      return [textBlock(block.text)];
    case 'choices':
      return actionSets(block, o);
    case 'scale':
      return [
        textBlock(`${block.options[0]?.label ?? block.min} … ${block.options.at(-1)?.label ?? block.max}`, {
          isSubtle: true,
          size: 'small',
        }),
        ...actionSets(block, o),
      ];
    case 'card':
      return [
        {
          type: 'Container',
          style: 'emphasis',
          items: [
            {
              type: 'TextBlock',
              text: escapeTeams(block.title),
              weight: 'bolder',
              size: 'medium',
              wrap: true,
            },
            ...(block.text ? [textBlock(block.text)] : []),
            ...(block.fields.length
              ? [
                  {
                    type: 'FactSet',
                    facts: block.fields.map((f) => ({
                      title: escapeTeams(f.label),
                      value: escapeTeams(f.value),
                    })),
                  },
                ]
              : []),
          ],
        },
      ];
    case 'image':
      if (block.png.byteLength > MAX_INLINE_IMAGE_BYTES) return [textBlock(block.fallback)];
      return [
        {
          type: 'Image',
          url: `data:image/png;base64,${Buffer.from(block.png).toString('base64')}`,
          altText: block.alt,
          ...(block.width <= 400 ? { width: `${block.width}px` } : {}),
        },
      ];
    case 'file':
      // Sent as a file consent card beside this one (personal chats); elsewhere only a note.
      if (sendable(block, o)) return [];
      return [
        textBlock(
          o.files
            ? `_(${block.name} is too large to send in Teams. Ask an operator for a copy.)_`
            : `_(${block.name}: files can only be sent in your 1:1 chat with me. Ask there again.)_`,
          { isSubtle: true },
        ),
      ];
    case 'divider':
      return [];
  }
}

/** The card body of a message: blocks in order; a divider puts a separator line above what follows. */
export function cardBody(message: OutboundMessage, o: RenderOptions): CardElement[] {
  const body: CardElement[] = [];
  let separate = false;
  for (const block of message.blocks) {
    if (block.type === 'divider') {
      separate = body.length > 0;
      continue;
    }
    const elements = elementsOf(block, o);
    const first = elements[0];
    if (separate && first) first.separator = true;
    separate = false;
    body.push(...elements);
  }
  if (!message.urgent) return body;
  // Urgent help stands out: a full-width attention container with a heading nobody can miss.
  return [
    {
      type: 'Container',
      style: 'attention',
      bleed: true,
      items: [
        { type: 'TextBlock', text: 'Urgent help', weight: 'bolder', color: 'attention', wrap: true },
        ...body,
      ],
    },
  ];
}

/** The Adaptive Card of a message, for activities and for Action.Execute invoke responses. */
export function adaptiveCard(message: OutboundMessage, o: RenderOptions = DEFAULT_RENDER): CardElement {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: CARD_VERSION,
    body: cardBody(message, o),
    msteams: { width: 'Full' },
  };
}

const SUMMARY_MAX = 200;

/** One activity per message: a card, or text with suggested actions where cards cannot go. */
export function renderActivity(message: OutboundMessage, o: RenderOptions = DEFAULT_RENDER): TeamsActivity {
  const plain = plainTextOf(message);
  const summary = plain.length > SUMMARY_MAX ? `${plain.slice(0, SUMMARY_MAX - 1)}…` : plain;
  if (o.cards) {
    const files = message.blocks.flatMap((b) =>
      b.type === 'file' && sendable(b, o) ? [consentCard(b)] : [],
    );
    return {
      type: 'message',
      summary,
      attachments: [{ contentType: ADAPTIVE_CARD_TYPE, content: adaptiveCard(message, o) }, ...files],
    };
  }
  const lines: string[] = [];
  const actions: Array<{ type: 'imBack'; title: string; value: string }> = [];
  if (message.urgent) lines.push('**Urgent help**');
  for (const block of message.blocks) {
    if (block.type === 'text') lines.push(toTeamsMarkdown(block.text));
    else if (block.type === 'choices' || block.type === 'scale')
      actions.push(
        ...block.options.map((opt) => ({ type: 'imBack' as const, title: opt.label, value: opt.label })),
      );
    else if (block.type !== 'divider') lines.push(escapeTeams(plainTextOf({ blocks: [block] })));
  }
  return {
    type: 'message',
    textFormat: 'markdown',
    text: lines.join('\n\n'),
    summary,
    ...(actions.length ? { suggestedActions: { actions } } : {}),
  };
}
