import { randomBytes } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CHOICE_DATA_KEY } from '../../../adapters/teams/receive.ts';
import {
  adaptiveCard,
  escapeTeams,
  FILE_CONSENT_TYPE,
  MAX_CONSENT_FILE_BYTES,
  MAX_INLINE_IMAGE_BYTES,
  renderActivity,
  toTeamsMarkdown,
} from '../../../adapters/teams/render.ts';
import { decodeChoice } from '../../../src/core/choice-token.ts';
import { escapeMarkdown } from '../../../src/core/markdown.ts';
import type { OutboundMessage } from '../../../src/core/outbound.ts';
import { actionsOf, cardElements, textOf } from './driver.ts';

const answer = { flowId: 'daily-checkin', stepId: 'mood', version: 3 };

describe('Teams rendering', () => {
  it('renders our Markdown subset as card Markdown and keeps typed text literal', () => {
    expect(toTeamsMarkdown('**Hi** _there_, see [the guide](https://example.org/a_b?x=1)')).toBe(
      '**Hi** _there_, see [the guide](https://example.org/a_b?x=1)',
    );
    expect(toTeamsMarkdown('- one\n- two')).toBe('- one\n\n- two');
    const typed = escapeMarkdown(
      '<at>Everyone</at> **not bold** [x](https://evil.test) {{DATE(2026-01-01T00:00:00Z)}}',
    );
    const out = toTeamsMarkdown(`You said: ${typed}`);
    expect(out).not.toMatch(/<at>/);
    expect(out).not.toMatch(/(^|[^\\])\*\*/);
    expect(out).not.toMatch(/(^|[^\\])\[x\]/);
    expect(out).not.toContain('{{');
    expect(escapeTeams('- not a list\n1. nor this')).toBe('\\- not a list\n1\\. nor this');
  });

  it('renders choices as Action.Submit buttons carrying the choice token, in sets of five', () => {
    const message: OutboundMessage = {
      blocks: [
        { type: 'text', text: 'How are you?' },
        {
          type: 'scale',
          prompt: 'How are you?',
          min: 0,
          max: 10,
          options: Array.from({ length: 11 }, (_, i) => ({ value: String(i), label: String(i) })),
          answer,
        },
      ],
    };
    const activity = renderActivity(message);
    const sets = cardElements(activity.attachments![0]!.content).filter((e) => e.type === 'ActionSet');
    expect(sets.map((s) => s.actions.length)).toEqual([5, 5, 1]);
    const buttons = actionsOf(activity);
    expect(buttons.every((b) => b.type === 'Action.Submit')).toBe(true);
    expect(decodeChoice(buttons[7]!.data[CHOICE_DATA_KEY])).toEqual({ ...answer, value: '7' });
    expect(activity.summary).toContain('How are you?');

    const execute = renderActivity(message, { actions: 'execute', cards: true });
    expect(actionsOf(execute).every((b) => b.type === 'Action.Execute' && b.verb === 'checkin.answer')).toBe(
      true,
    );
  });

  it('falls back to text with suggested actions where cards cannot go', () => {
    const activity = renderActivity(
      {
        blocks: [
          { type: 'text', text: 'Pick **one**' },
          { type: 'choices', prompt: 'Pick', options: [{ value: 'a', label: 'Apple' }], answer },
        ],
      },
      { actions: 'submit', cards: false },
    );
    expect(activity.attachments).toBeUndefined();
    expect(activity.text).toBe('Pick **one**');
    expect(activity.suggestedActions).toEqual({
      actions: [{ type: 'imBack', title: 'Apple', value: 'Apple' }],
    });
  });

  it('frames urgent help in an attention container and puts dividers as separators', () => {
    const card = adaptiveCard({
      urgent: true,
      blocks: [
        { type: 'text', text: 'Call **112**' },
        { type: 'divider' },
        {
          type: 'card',
          title: 'Helpline',
          text: 'Open _now_',
          fields: [{ label: 'Phone', value: '0800 111 0 111' }],
        },
      ],
    });
    expect(card.body).toHaveLength(1);
    expect(card.body[0]).toMatchObject({ type: 'Container', style: 'attention' });
    const inner = card.body[0].items;
    expect(inner[0]).toMatchObject({ text: 'Urgent help', color: 'attention' });
    expect(inner[2]).toMatchObject({ type: 'Container', separator: true });
    expect(cardElements(card).find((e) => e.type === 'FactSet').facts).toEqual([
      { title: 'Phone', value: '0800 111 0 111' },
    ]);
    expect(adaptiveCard({ blocks: [{ type: 'text', text: 'calm' }] }).body[0].type).toBe('TextBlock');
  });

  it('inlines small images as data URIs and replaces large ones with their fallback', () => {
    const small = new Uint8Array([137, 80, 78, 71, 1, 2, 3]);
    const image = (png: Uint8Array) =>
      adaptiveCard({
        blocks: [{ type: 'image', png, alt: 'Mood chart', width: 300, height: 100, fallback: 'mood ▁▃▅' }],
      });
    expect(image(small).body[0]).toMatchObject({
      type: 'Image',
      altText: 'Mood chart',
      url: `data:image/png;base64,${Buffer.from(small).toString('base64')}`,
    });
    const large = image(new Uint8Array(MAX_INLINE_IMAGE_BYTES + 1));
    expect(large.body[0].type).toBe('TextBlock');
    expect(textOf({ attachments: [{ content: large }] })).toContain('mood ▁▃▅');
  });

  it('offers small files through a consent card in personal chats, and says where to ask elsewhere', () => {
    const file = (content: Uint8Array): OutboundMessage => ({
      blocks: [
        { type: 'text', text: 'Your data' },
        { type: 'file', name: 'data.json', mediaType: 'application/json', content },
      ],
    });
    const on = { actions: 'execute', cards: true, files: true } as const;
    const small = new Uint8Array(10).fill(65);
    const personal = renderActivity(file(small), on);
    expect(personal.attachments!.map((a) => a.contentType)).toEqual([
      'application/vnd.microsoft.card.adaptive',
      FILE_CONSENT_TYPE,
    ]);
    const consent = personal.attachments![1]!.content;
    expect(consent).toMatchObject({
      sizeInBytes: 10,
      acceptContext: { name: 'data.json', type: 'application/json', enc: 'deflate-raw' },
    });
    expect(inflateRawSync(Buffer.from(consent.acceptContext.data, 'base64')).toString()).toBe('A'.repeat(10));
    // A large but repetitive export still fits once deflated; random bytes of the limit do not.
    const repetitive = new TextEncoder().encode(JSON.stringify(Array(5000).fill({ mood: 3, note: 'ok' })));
    expect(repetitive.byteLength).toBeGreaterThan(MAX_CONSENT_FILE_BYTES * 5);
    expect(renderActivity(file(repetitive), on).attachments).toHaveLength(2);
    const large = renderActivity(file(randomBytes(MAX_CONSENT_FILE_BYTES + 1)), on);
    expect(large.attachments).toHaveLength(1);
    expect(textOf(large)).toMatch(/too large/);

    const channel = renderActivity(file(small), { actions: 'execute', cards: true });
    expect(channel.attachments).toHaveLength(1);
    expect(textOf(channel)).toMatch(/only be sent in your 1:1 chat/);
  });
});
