import { describe, expect, it } from 'vitest';
import { markdownToHtml, renderMessage } from '../../adapters/local/render.ts';
import { readTurn } from '../../adapters/local/webchat.ts';
import { decodeChoice } from '../../src/core/choice-token.ts';
import { escapeMarkdown } from '../../src/core/markdown.ts';

describe('web chat rendering', () => {
  it('renders the Markdown subset as HTML and escapes everything else', () => {
    expect(markdownToHtml('**Hi** _there_ <script>alert("x")</script> & co')).toBe(
      '<strong>Hi</strong> <em>there</em> &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co',
    );
    expect(markdownToHtml('[help](https://findahelpline.com)\n- one')).toBe(
      '<a href="https://findahelpline.com" target="_blank" rel="noopener noreferrer">help</a><br><span class="bullet">•&nbsp;one</span>',
    );
    // A javascript: link is not a link in the subset: it stays visible text.
    expect(markdownToHtml('[x](javascript:alert(1))')).not.toContain('<a');
    // What a person typed, escaped by the core, arrives as literal text.
    expect(markdownToHtml(escapeMarkdown('**<b>me</b>**'))).toBe('**&lt;b&gt;me&lt;/b&gt;**');
  });

  it('turns choices and scales into button tokens that decode to the question they answer', () => {
    const answer = { flowId: 'daily-checkin', stepId: 'mood', version: 3 };
    const view = renderMessage(
      {
        urgent: true,
        blocks: [
          {
            type: 'scale',
            prompt: 'How is your **mood**?',
            min: 1,
            max: 3,
            answer,
            options: [1, 2, 3].map((n) => ({ value: String(n), label: `${n}` })),
          },
          {
            type: 'image',
            png: new Uint8Array([137, 80, 78, 71]),
            alt: 'Mood over 7 days',
            width: 10,
            height: 5,
            fallback: '▁▂▃',
          },
          { type: 'card', title: 'Week <1>', text: '_avg_ 3', fields: [{ label: 'Days', value: '<7>' }] },
        ],
      },
      'm1',
    );
    expect(view.urgent).toBe(true);
    const scale = view.blocks[0]!;
    if (scale.type !== 'scale') throw new Error('expected a scale');
    expect(scale.prompt).toBe('How is your mood?');
    expect(scale.options.map((o) => decodeChoice(o.token))).toEqual(
      ['1', '2', '3'].map((value) => ({ ...answer, value })),
    );
    expect(view.blocks[1]).toEqual({
      type: 'image',
      src: 'data:image/png;base64,iVBORw==',
      alt: 'Mood over 7 days',
      width: 10,
      height: 5,
    });
    // Card titles and field values are plain strings: the page inserts them as text, not HTML.
    expect(view.blocks[2]).toEqual({
      type: 'card',
      title: 'Week <1>',
      html: '<em>avg</em> 3',
      fields: [{ label: 'Days', value: '<7>' }],
    });
  });
});

describe('web chat turn requests', () => {
  it('accepts text and our button tokens, and says what is wrong with anything else', () => {
    expect(readTurn({ text: 'hello', id: 'abcdef123' })).toEqual({
      id: 'abcdef123',
      input: { kind: 'text', text: 'hello' },
    });
    expect(readTurn({ choice: 'c1|daily-checkin|mood|2|4' })).toEqual({
      input: { kind: 'choice', flowId: 'daily-checkin', stepId: 'mood', version: 2, value: '4' },
    });
    expect(readTurn({ choice: 'forged' })).toEqual({
      error: expect.stringContaining('not one this chat made'),
    });
    expect(readTurn({ text: '   ' })).toEqual({ error: 'Type a message first.' });
    expect(readTurn({ text: 'x'.repeat(4001) })).toEqual({
      error: 'That message is 4001 characters; the limit is 4000.',
    });
    expect(readTurn({ text: 'hi', id: 'no spaces allowed' })).toEqual({
      error: expect.stringContaining('"id"'),
    });
    expect(readTurn([1])).toEqual({ error: expect.stringContaining('JSON object') });
    expect(readTurn({ text: 'hi', locale: 'en-GB', timeZone: 'Europe/London' })).toMatchObject({
      locale: 'en-GB',
      timeZone: 'Europe/London',
    });
    expect(readTurn({ text: 'hi', locale: '<x>', timeZone: 'a b' })).toEqual({
      input: { kind: 'text', text: 'hi' },
    });
  });
});
