import { describe, expect, it } from 'vitest';
import {
  COLOURS,
  discordMarkdown,
  escapeDiscord,
  LIMITS,
  renderMessage,
  splitContent,
  truncate,
  URGENT_MARK,
} from '../../../adapters/discord/render.ts';
import { decodeChoice } from '../../../src/core/choice-token.ts';
import { escapeMarkdown } from '../../../src/core/markdown.ts';
import type { OutboundMessage } from '../../../src/core/outbound.ts';

const answer = { flowId: 'checkin', stepId: 'mood', version: 3 };
const one = (m: OutboundMessage, ephemeral = false) => {
  const payloads = renderMessage(m, { ephemeral });
  expect(payloads).toHaveLength(1);
  return payloads[0]!;
};

describe('Discord escaping', () => {
  it('makes user text literal: no formatting, mentions, timestamps or masked links', () => {
    const typed = '**bold** _it_ ~~s~~ `code` ||spoiler|| <@123> <t:1:R> [x](https://evil.example) @everyone';
    const out = discordMarkdown(escapeMarkdown(typed));
    expect(out).toBe(
      '\\*\\*bold\\*\\* \\_it\\_ \\~\\~s\\~\\~ \\`code\\` \\|\\|spoiler\\|\\| \\<@123> \\<t:1:R> \\[x\\](https://evil.example) @\u200beveryone',
    );
  });

  it('escapes line-start markup (headings, quotes, lists) but keeps our bullets', () => {
    expect(discordMarkdown('# Title\n> quote\n1. one\n-# small\n- item')).toBe(
      '\\# Title\n\\> quote\n1\\. one\n\\-# small\n• item',
    );
  });

  it('renders our subset as Discord Markdown', () => {
    expect(discordMarkdown('**Hi** _there_, see [the guide](https://example.org/a_b)')).toBe(
      '**Hi** *there*, see [the guide](<https://example.org/a_b>)',
    );
    expect(escapeDiscord('@here')).toBe('@\u200bhere');
  });

  it('never cuts an escape in half when truncating or splitting', () => {
    expect(truncate('abc\\*def', 5)).toBe('abc…');
    const long = `${'a'.repeat(1999)}\\*tail`;
    const parts = splitContent(long);
    expect(parts.join('')).toBe(long);
    expect(parts[0]).toBe('a'.repeat(1999));
    expect(parts.every((p) => p.length <= LIMITS.content)).toBe(true);
  });
});

describe('renderMessage', () => {
  it('puts text in content with no mentions parsed and buttons whose ids decode back', () => {
    const p = one({
      blocks: [
        { type: 'text', text: 'How are you?' },
        {
          type: 'choices',
          prompt: 'Mood',
          options: [
            { value: 'good', label: '🙂 Good' },
            { value: 'bad', label: '🙁 Bad' },
          ],
          answer,
        },
      ],
    });
    expect(p.content).toBe('How are you?');
    expect(p.components).toHaveLength(1);
    const buttons = p.components[0]!.components;
    expect(buttons.map((b) => ('label' in b ? b.label : ''))).toEqual(['🙂 Good', '🙁 Bad']);
    const id = 'custom_id' in buttons[0]! ? buttons[0]!.custom_id : '';
    expect(decodeChoice(id)).toEqual({ ...answer, value: 'good' });
  });

  it('keeps a 0–10 scale within 5 buttons per row and labels within 80 characters', () => {
    const options = Array.from({ length: 11 }, (_, i) => ({
      value: String(i),
      label: `${i} ${'x'.repeat(i === 5 ? 100 : 1)}`,
    }));
    const p = one({ blocks: [{ type: 'scale', prompt: 'Rate', min: 0, max: 10, options, answer }] });
    expect(p.content).toBe('Rate');
    expect(p.components.map((r) => r.components.length)).toEqual([5, 5, 1]);
    for (const row of p.components) {
      for (const b of row.components)
        expect('label' in b && b.label!.length).toBeLessThanOrEqual(LIMITS.buttonLabel);
    }
  });

  it('spills more than 5 rows of buttons into a following message instead of dropping them', () => {
    const options = Array.from({ length: 30 }, (_, i) => ({ value: `v${i}`, label: `Option ${i}` }));
    const payloads = renderMessage(
      {
        blocks: [
          { type: 'text', text: 'Pick' },
          { type: 'choices', prompt: 'Pick', options, answer },
        ],
      },
      { ephemeral: false },
    );
    expect(payloads.map((p) => p.components.length)).toEqual([5, 1]);
    expect(payloads.flatMap((p) => p.components.flatMap((r) => r.components))).toHaveLength(30);
  });

  it('renders cards as embeds, images and files as attachments, and marks urgent messages', () => {
    const png = new Uint8Array([137, 80, 78, 71]);
    const payloads = renderMessage(
      {
        urgent: true,
        private: true,
        blocks: [
          { type: 'text', text: 'Please reach out now.' },
          {
            type: 'card',
            title: 'Samaritans',
            text: 'Free, **24/7**',
            fields: [{ label: 'Phone', value: '116 123' }],
          },
          { type: 'image', png, alt: 'Mood over 7 days', width: 10, height: 10, fallback: '▁▂▃' },
          {
            type: 'file',
            name: 'my data.json',
            mediaType: 'application/json',
            content: new Uint8Array([123, 125]),
          },
        ],
      },
      { ephemeral: true },
    );
    expect(payloads).toHaveLength(1);
    const p = payloads[0]!;
    expect(p.ephemeral).toBe(true);
    expect(p.content.startsWith(URGENT_MARK)).toBe(true);
    expect(p.embeds[0]).toMatchObject({
      title: `${URGENT_MARK} Samaritans`,
      color: COLOURS.urgent,
      description: 'Free, **24/7**',
      fields: [{ name: 'Phone', value: '116 123' }],
    });
    expect(p.files.map((f) => [f.name, f.description])).toEqual([
      ['image-1.png', 'Mood over 7 days'],
      ['my_data.json', undefined],
    ]);
  });

  it('splits long text over several messages, keeping buttons on the last', () => {
    const long = Array.from({ length: 60 }, (_, i) => `Line ${i} ${'word '.repeat(10)}`).join('\n');
    const payloads = renderMessage(
      {
        blocks: [
          { type: 'text', text: long },
          { type: 'choices', prompt: 'ok?', options: [{ value: 'y', label: 'Yes' }], answer },
        ],
      },
      { ephemeral: false },
    );
    expect(payloads.length).toBeGreaterThan(1);
    expect(payloads.map((p) => p.content).join('\n')).toBe(discordMarkdown(long));
    expect(payloads.at(-1)!.components).toHaveLength(1);
    expect(payloads.slice(0, -1).every((p) => p.components.length === 0)).toBe(true);
  });
});
