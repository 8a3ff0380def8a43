/**
 * The platform-neutral outbound message. Adapters map every block to their native form (Block Kit,
 * Discord components and embeds, Adaptive Cards) and degrade gracefully where a platform lacks one.
 *
 * Text is written in a small Markdown subset, parsed by `markdown.ts`: **bold**, _italic_,
 * [label](https://link), `- ` bullet lines, and blank-line paragraphs. Anything a user typed is
 * escaped (`escapeMarkdown`) before it is put into text, so it arrives as plain text on every
 * platform: no mentions, links or formatting can be injected.
 */

/** One option of a choice list; `value` is what the answer records, `label` what is shown. */
export interface ChoiceOption {
  value: string;
  label: string;
}

/** Which question a button answers; adapters encode it into the button with `choice-token.ts`. */
export interface AnswerTarget {
  flowId: string;
  stepId: string;
  version: number;
}

export interface TextBlock {
  type: 'text';
  text: string;
}

export interface ChoicesBlock {
  type: 'choices';
  /** Short prompt repeated beside the buttons on platforms that need one (Teams cards). */
  prompt: string;
  options: ChoiceOption[];
  answer: AnswerTarget;
}

export interface ScaleBlock {
  type: 'scale';
  prompt: string;
  min: number;
  max: number;
  /** One entry per point of the scale, in order; labels may carry an emoji. */
  options: ChoiceOption[];
  answer: AnswerTarget;
}

export interface CardBlock {
  type: 'card';
  title: string;
  /** Markdown-subset text under the title. */
  text?: string;
  fields: Array<{ label: string; value: string }>;
}

export interface ImageBlock {
  type: 'image';
  /** PNG bytes. */
  png: Uint8Array;
  /** Says in words what the image shows (screen readers, and platforms that cannot show it). */
  alt: string;
  width: number;
  height: number;
  /** Text shown instead of the image where images cannot go (e.g. a sparkline). */
  fallback: string;
}

export interface FileBlock {
  type: 'file';
  name: string;
  mediaType: string;
  content: Uint8Array;
}

export interface DividerBlock {
  type: 'divider';
}

export type Block = TextBlock | ChoicesBlock | ScaleBlock | CardBlock | ImageBlock | FileBlock | DividerBlock;

export interface OutboundMessage {
  blocks: Block[];
  /** Only the person may see it: a DM, or an ephemeral reply where the platform has one. */
  private?: boolean;
  /** Crisis resources: rendered visibly distinct, never collapsed, delayed or batched. */
  urgent?: boolean;
}

/**
 * What one turn produces: messages to send, and optionally a replacement for the message whose
 * button was clicked (showing the chosen answer with its buttons removed, so it cannot be answered
 * twice). Adapters know which message that is from the inbound event.
 */
export interface TurnReply {
  messages: OutboundMessage[];
  updateAnswered?: OutboundMessage;
}

/**
 * Buttons that run a command instead of answering a question (menus, "make a safety plan").
 * The flow id `~cmd` cannot clash with a real flow id, which must start with a letter.
 */
export const COMMAND_TARGET: AnswerTarget = Object.freeze({ flowId: '~cmd', stepId: 'run', version: 0 });

export function commandChoices(prompt: string, options: ChoiceOption[]): ChoicesBlock {
  return { type: 'choices', prompt, options, answer: COMMAND_TARGET };
}

/** Shown in a shared channel when a reply had to go privately and no private route exists. */
export const PRIVATE_FALLBACK_NOTICE =
  'I’ve got something just for you — please message me directly, or use the sos command there.';

export const EMPTY_REPLY: TurnReply = Object.freeze({ messages: [] }) as TurnReply;

export function text(markdown: string, flags: Omit<OutboundMessage, 'blocks'> = {}): OutboundMessage {
  return { blocks: [{ type: 'text', text: markdown }], ...flags };
}

import { markdownToPlain } from './markdown.ts';

/** Plain text of a message (Markdown removed), for the console, tests and fallbacks. */
export function plainTextOf(message: OutboundMessage): string {
  return message.blocks
    .map((block) => {
      switch (block.type) {
        case 'text':
          return markdownToPlain(block.text);
        case 'choices':
        case 'scale':
          // The prompt is already in the message's text; a button row reads as its labels.
          return block.options.map((o) => `[${o.label}]`).join(' ');
        case 'card':
          return [
            block.title,
            markdownToPlain(block.text ?? ''),
            ...block.fields.map((f) => `${f.label}: ${f.value}`),
          ]
            .filter(Boolean)
            .join('\n');
        case 'image':
          return block.fallback;
        case 'file':
          return `(file ${block.name})`;
        case 'divider':
          return '---';
      }
    })
    .join('\n');
}
