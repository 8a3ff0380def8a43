import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type AttachmentPayload,
  ButtonStyle,
  ComponentType,
} from 'discord.js';
import { encodeChoice } from '../../src/core/choice-token.ts';
import { markdownToPlain, renderMarkdown } from '../../src/core/markdown.ts';
import type { Block, ChoicesBlock, OutboundMessage, ScaleBlock } from '../../src/core/outbound.ts';

/**
 * OutboundMessage → Discord message payloads (content, embeds, buttons, attachments). One neutral
 * message may need several Discord messages when it exceeds a limit (2,000 characters of content,
 * 5 rows of 5 buttons, 10 embeds, 10 files): nothing is dropped, the overflow follows in order.
 */

/** Discord's documented limits (https://discord.com/developers/docs/resources/message, taken 2026-11). */
export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  rows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  files: 10,
  attachmentDescription: 1024,
} as const;

/** Brand colour for cards; urgent (crisis) cards are red so they stand out. */
export const COLOURS = { card: 0x5865f2, urgent: 0xed4245 } as const;
export const URGENT_MARK = '⚠️';

/** One Discord message to send. `ephemeral` is applied only where Discord supports it (interactions). */
export interface DiscordPayload {
  content: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  files: AttachmentPayload[];
  /** Only the clicking/commanding person sees it (flags 64); meaningful in servers. */
  ephemeral: boolean;
}

/** Mentions are never parsed from our content: no @everyone, role or user pings, ever. */
export const NO_MENTIONS = { parse: [] as never[] };

// Characters Discord reads as markup anywhere in a line. `(`/`)` need no escape once `[` is escaped.
const INLINE_SPECIAL = /[\\*_~`|<[\]]/g;
// Markup Discord reads only at the start of a line: headings, quotes, lists, subtext.
const LINE_START = /^(\s*)(?:([#>+-])|(\d+)\.)/;

/** Makes text literal in Discord Markdown: no formatting, links, mentions or timestamps. */
export function escapeDiscord(raw: string): string {
  return raw.replace(INLINE_SPECIAL, (c) => `\\${c}`).replace(/@(everyone|here)/gi, '@\u200b$1');
}

/** Our Markdown subset → Discord Markdown, every text run escaped. */
export function discordMarkdown(source: string): string {
  const rendered = renderMarkdown(source, {
    text: escapeDiscord,
    bold: (inner) => `**${inner}**`,
    italic: (inner) => `*${inner}*`,
    // Angle brackets keep Discord from unfurling a preview for every link we send.
    link: (url, inner) => `[${inner}](<${url}>)`,
    bullet: (line) => `• ${line}`,
  });
  return (
    rendered
      .split('\n')
      // A backslash escapes punctuation only, so an ordered list is escaped at its dot: `1\.`.
      .map((line) =>
        line.replace(LINE_START, (_m, space: string, mark?: string, digits?: string) =>
          mark ? `${space}\\${mark}` : `${space}${digits}\\.`,
        ),
      )
      .join('\n')
  );
}

/** Cuts to `max` characters with an ellipsis, never leaving half of a `\x` escape. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  const trailing = /\\+$/.exec(cut)?.[0].length ?? 0;
  if (trailing % 2 === 1) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** Splits content into ≤ `max`-character pieces at line breaks (or, for one huge line, anywhere safe). */
export function splitContent(text: string, max: number = LIMITS.content): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const candidate = current ? `${current}\n${line}` : line;
    if (candidate.length <= max) {
      current = candidate;
      continue;
    }
    if (current) pieces.push(current);
    let rest = line;
    while (rest.length > max) {
      let cut = max;
      const trailing = /\\+$/.exec(rest.slice(0, cut))?.[0].length ?? 0;
      if (trailing % 2 === 1) cut -= 1;
      pieces.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    current = rest;
  }
  if (current || pieces.length === 0) pieces.push(current);
  return pieces;
}

function buttonRows(
  block: ChoicesBlock | ScaleBlock,
  seen: Set<string>,
): APIActionRowComponent<APIButtonComponent>[] {
  const buttons: APIButtonComponent[] = [];
  for (const option of block.options) {
    const customId = encodeChoice(block.answer, option.value);
    // Discord rejects a message with two equal custom_ids; a repeated value is the same answer anyway.
    if (seen.has(customId)) continue;
    seen.add(customId);
    buttons.push({
      type: ComponentType.Button,
      style: block.type === 'scale' ? ButtonStyle.Primary : ButtonStyle.Secondary,
      label: truncate(markdownToPlain(option.label).trim() || option.value, LIMITS.buttonLabel),
      custom_id: customId,
    });
  }
  const rows: APIActionRowComponent<APIButtonComponent>[] = [];
  for (let i = 0; i < buttons.length; i += LIMITS.buttonsPerRow) {
    rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + LIMITS.buttonsPerRow) });
  }
  return rows;
}

function cardEmbed(block: Extract<Block, { type: 'card' }>, urgent: boolean): APIEmbed {
  const title = markdownToPlain(block.title).trim();
  const embed: APIEmbed = {
    title: truncate(urgent ? `${URGENT_MARK} ${title}` : title, LIMITS.embedTitle),
    color: urgent ? COLOURS.urgent : COLOURS.card,
  };
  if (block.text) embed.description = truncate(discordMarkdown(block.text), LIMITS.embedDescription);
  if (block.fields.length) {
    embed.fields = block.fields.slice(0, LIMITS.embedFields).map((f) => ({
      name: truncate(markdownToPlain(f.label).trim() || '\u200b', LIMITS.fieldName),
      value: truncate(discordMarkdown(f.value).trim() || '\u200b', LIMITS.fieldValue),
    }));
  }
  return embed;
}

function safeFileName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '');
  return cleaned.slice(-100) || 'file';
}

/** Renders one neutral message as one or more Discord payloads, in sending order. */
export function renderMessage(message: OutboundMessage, options: { ephemeral: boolean }): DiscordPayload[] {
  const urgent = message.urgent === true;
  const textParts: string[] = [];
  const embeds: APIEmbed[] = [];
  const rows: APIActionRowComponent<APIButtonComponent>[] = [];
  const files: AttachmentPayload[] = [];
  const seenIds = new Set<string>();
  const hasText = message.blocks.some((b) => b.type === 'text');
  let images = 0;

  for (const block of message.blocks) {
    switch (block.type) {
      case 'text':
        textParts.push(discordMarkdown(block.text));
        break;
      case 'choices':
      case 'scale':
        // The prompt repeats the question the text already asked; show it only when nothing else does.
        if (!hasText && block.prompt) textParts.push(discordMarkdown(block.prompt));
        rows.push(...buttonRows(block, seenIds));
        break;
      case 'card':
        embeds.push(cardEmbed(block, urgent));
        break;
      case 'image':
        images += 1;
        files.push({
          attachment: Buffer.from(block.png),
          name: `image-${images}.png`,
          description: truncate(block.alt, LIMITS.attachmentDescription),
        });
        break;
      case 'file':
        files.push({ attachment: Buffer.from(block.content), name: safeFileName(block.name) });
        break;
      case 'divider':
        textParts.push('────────');
        break;
    }
  }

  let content = textParts.join('\n\n');
  if (urgent) content = content ? `${URGENT_MARK} ${content}` : URGENT_MARK;
  const chunks = content ? splitContent(content) : [];

  const payloads: DiscordPayload[] = chunks.map((chunk) => ({
    content: chunk,
    embeds: [],
    components: [],
    files: [],
    ephemeral: options.ephemeral,
  }));
  const last = (): DiscordPayload => {
    let target = payloads[payloads.length - 1];
    if (!target) {
      target = { content: '', embeds: [], components: [], files: [], ephemeral: options.ephemeral };
      payloads.push(target);
    }
    return target;
  };
  const spill = (pick: (p: DiscordPayload) => unknown[], limit: number, items: unknown[]) => {
    for (const item of items) {
      let target = last();
      if (pick(target).length >= limit) {
        target = { content: '', embeds: [], components: [], files: [], ephemeral: options.ephemeral };
        payloads.push(target);
      }
      pick(target).push(item);
    }
  };
  spill((p) => p.embeds, LIMITS.embeds, embeds);
  spill((p) => p.files, LIMITS.files, files);
  // Buttons last, so they sit under everything they answer.
  spill((p) => p.components, LIMITS.rows, rows);
  if (payloads.length === 0) last().content = '\u200b';
  return payloads;
}
