import { describe, expect, it } from 'vitest';
import { LIMITS, renderInline, renderMessage, toMrkdwn, truncate } from '../../../adapters/slack/render.ts';
import { parseSlashText, slashUsage } from '../../../adapters/slack/slash-command.ts';
import { decodeChoice } from '../../../src/core/choice-token.ts';
import { COMMANDS } from '../../../src/core/commands.ts';
import { escapeMarkdown } from '../../../src/core/markdown.ts';
import type { OutboundMessage } from '../../../src/core/outbound.ts';

const target = { flowId: 'daily', stepId: 'mood', version: 3 };

// biome-ignore lint/suspicious/noExplicitAny: tests walk Block Kit JSON of many shapes
type AnyBlock = Record<string, any>;
const posts = (message: OutboundMessage) =>
  renderMessage(message).filter((p): p is Extract<typeof p, { kind: 'post' }> => p.kind === 'post');

describe('mrkdwn', () => {
  it('renders the Markdown subset as Slack mrkdwn', () => {
    expect(toMrkdwn('**Hi** _there_ [docs](https://example.org/a|b)\n- one')).toBe(
      '*Hi* _there_ <https://example.org/a%7Cb|docs>\n• one',
    );
  });

  it('keeps typed text literal: no mentions, broadcasts or links can be injected', () => {
    const typed = '<!channel> <@U123> <https://evil.example|click> & co';
    const out = toMrkdwn(`You said: ${escapeMarkdown(typed)}`);
    expect(out).toBe('You said: &lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example|click&gt; &amp; co');
    expect(out).not.toMatch(/<[!@#]/);
  });

  it('truncates without leaving half an entity', () => {
    expect(truncate('ab&amp;cd', 5)).toBe('ab…');
    expect(truncate('short', 10)).toBe('short');
  });
});

describe('renderMessage', () => {
  it('renders choices as buttons whose values decode to the answer target', () => {
    const [post] = posts({
      blocks: [
        { type: 'text', text: 'How are you?' },
        {
          type: 'choices',
          prompt: 'How are you?',
          options: [
            { value: 'ok', label: 'OK' },
            { value: 'low', label: 'Low' },
          ],
          answer: target,
        },
      ],
    });
    const blocks = post!.blocks as AnyBlock[];
    // The prompt is not repeated when the text above already asks the question.
    expect(blocks.map((b) => b.type)).toEqual(['section', 'actions']);
    const buttons = blocks[1]!.elements as AnyBlock[];
    expect(buttons.map((b) => b.text.text)).toEqual(['OK', 'Low']);
    expect(decodeChoice(buttons[1]!.value)).toEqual({ ...target, value: 'low' });
    expect(new Set(buttons.map((b) => b.action_id)).size).toBe(2);
  });

  it('splits more than 25 buttons over several actions blocks and cuts long labels to 75', () => {
    const options = Array.from({ length: 30 }, (_, i) => ({
      value: `v${i}`,
      label: `${'x'.repeat(80)}${i}`,
    }));
    const [post] = posts({
      blocks: [{ type: 'scale', prompt: 'Rate', min: 0, max: 29, options, answer: target }],
    });
    const blocks = post!.blocks as AnyBlock[];
    expect(blocks[0]!.type).toBe('section'); // the prompt, since no text precedes the scale
    const actions = blocks.filter((b) => b.type === 'actions');
    expect(actions.map((a) => a.elements.length)).toEqual([25, 5]);
    for (const a of actions) {
      for (const button of a.elements) {
        expect(button.text.text.length).toBeLessThanOrEqual(LIMITS.buttonText);
        expect(button.value.length).toBeLessThanOrEqual(LIMITS.buttonValue);
      }
    }
    expect(new Set(actions.flatMap((a) => a.block_id)).size).toBe(2);
  });

  it('renders a card as sections with at most 10 fields each, every field within 2000 characters', () => {
    const fields = Array.from({ length: 12 }, (_, i) => ({
      label: `L${i}`,
      value: i === 0 ? 'y'.repeat(2500) : `v${i}`,
    }));
    const [post] = posts({ blocks: [{ type: 'card', title: 'Week <1>', text: 'Summary', fields }] });
    const blocks = post!.blocks as AnyBlock[];
    expect(blocks[0]!.text.text).toBe('*Week &lt;1&gt;*\nSummary');
    const withFields = blocks.filter((b) => b.fields);
    expect(withFields.map((b) => b.fields.length)).toEqual([10, 2]);
    expect(withFields[0]!.fields[0].text.length).toBeLessThanOrEqual(LIMITS.fieldText);
  });

  it('turns images and files into uploads, in order between posts', () => {
    const png = new Uint8Array([137, 80, 78, 71]);
    const parts = renderMessage({
      blocks: [
        { type: 'text', text: 'Your week' },
        { type: 'image', png, alt: 'Mood over 7 days', width: 10, height: 10, fallback: '▁▂▃' },
        { type: 'text', text: 'Export:' },
        {
          type: 'file',
          name: 'export.json',
          mediaType: 'application/json',
          content: new Uint8Array([123, 125]),
        },
      ],
    });
    expect(parts.map((p) => p.kind)).toEqual(['post', 'upload', 'post', 'upload']);
    expect(parts[1]).toMatchObject({
      kind: 'upload',
      filename: 'image.png',
      altText: 'Mood over 7 days',
      bytes: png,
    });
    expect(parts[3]).toMatchObject({ kind: 'upload', filename: 'export.json' });
  });

  it('splits long text into sections of at most 3000 characters and posts of at most 50 blocks', () => {
    const long = Array.from({ length: 200 }, (_, i) => `line ${i} ${'z'.repeat(900)}`).join('\n');
    const parts = posts({ blocks: [{ type: 'text', text: long }] });
    const all = parts.flatMap((p) => p.blocks) as AnyBlock[];
    expect(all.every((b) => b.text.text.length <= LIMITS.sectionText)).toBe(true);
    expect(parts.every((p) => p.blocks.length <= LIMITS.blocksPerMessage)).toBe(true);
    expect(parts.length).toBeGreaterThan(1);
    expect(all.map((b) => b.text.text).join('\n')).toBe(long);
  });

  it('makes urgent messages visibly distinct', () => {
    const [plain] = posts({ blocks: [{ type: 'text', text: 'Call 112' }] });
    const [urgent] = posts({ blocks: [{ type: 'text', text: 'Call 112' }], urgent: true });
    const blocks = urgent!.blocks as AnyBlock[];
    expect(blocks[0]!.type).toBe('divider');
    expect(blocks.at(-1)!.type).toBe('divider');
    expect(blocks[1]!.text.text).toBe(':warning: Call 112');
    expect(urgent!.text.startsWith('⚠️')).toBe(true);
    expect((plain!.blocks as AnyBlock[])[0]!.type).toBe('section');
  });

  it('inlines images as their fallback text where uploads cannot go (updates, Home tab)', () => {
    const { blocks } = renderInline({
      blocks: [
        { type: 'image', png: new Uint8Array(), alt: 'chart', width: 1, height: 1, fallback: 'mood ▁▃▅ <b>' },
      ],
    });
    expect(blocks).toEqual([{ type: 'context', elements: [{ type: 'mrkdwn', text: 'mood ▁▃▅ &lt;b&gt;' }] }]);
  });
});

describe('/checkin subcommands', () => {
  it('maps every command and alias of the registry, and /checkin alone to checkin', () => {
    expect(parseSlashText('')).toEqual({
      ok: true,
      input: { kind: 'command', name: 'checkin', argsText: '' },
    });
    for (const command of COMMANDS) {
      for (const word of [command.name, ...command.aliases]) {
        const parsed = parseSlashText(`${word} some args`);
        expect(parsed).toEqual({
          ok: true,
          input: { kind: 'command', name: command.name, argsText: 'some args' },
        });
      }
    }
    expect(parseSlashText('frobnicate now')).toEqual({ ok: false, word: 'frobnicate' });
  });

  it('lists one line per registry command in the usage', () => {
    const usage = slashUsage('/checkin');
    for (const command of COMMANDS) expect(usage).toContain(`/checkin ${command.name}`);
    expect(usage.split('\n')).toHaveLength(COMMANDS.length + 1);
  });
});
