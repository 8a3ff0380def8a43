import { describe, expect, it } from 'vitest';
import { decodeChoice, encodeChoice } from '../../src/core/choice-token.ts';
import { findCommand, parseTypedCommand } from '../../src/core/commands.ts';
import { hasCode } from '../../src/core/errors.ts';
import { escapeMarkdown, markdownToPlain, parseMarkdown, renderMarkdown } from '../../src/core/markdown.ts';
import { installScopeOf, parseUserKey, userKey } from '../../src/core/user-key.ts';

describe('user keys', () => {
  it('round-trips the canonical forms', () => {
    expect(userKey({ platform: 'slack', team: 'T1', user: 'U2' })).toBe('slack:T1:U2');
    expect(parseUserKey('teams:72f988bf-86f1:29b6-aad')).toEqual({
      platform: 'teams',
      tenant: '72f988bf-86f1',
      user: '29b6-aad',
    });
    expect(parseUserKey('discord:80351110224678912')).toEqual({
      platform: 'discord',
      user: '80351110224678912',
    });
    expect(installScopeOf(userKey({ platform: 'slack', team: 'T1', user: 'U2' }))).toBe('slack:T1');
    expect(installScopeOf(userKey({ platform: 'discord', user: '1' }))).toBeNull();
  });

  it('rejects malformed keys with a message that says what to type', () => {
    for (const bad of ['slack:T1', 'discord:1:2', 'irc:x', 'slack:T 1:U', '']) {
      try {
        parseUserKey(bad);
        expect.unreachable(`accepted ${bad}`);
      } catch (error) {
        expect(hasCode(error, 'invalid_user_key')).toBe(true);
        expect((error as Error).message).toContain('slack:<team>:<user>');
      }
    }
  });
});

describe('markdown subset', () => {
  it('parses bold, italic, links and bullets', () => {
    expect(parseMarkdown('- **hi** _there_ [x](https://a.example/b)')).toEqual([
      {
        bullet: true,
        content: [
          { kind: 'bold', children: [{ kind: 'text', text: 'hi' }] },
          { kind: 'text', text: ' ' },
          { kind: 'italic', children: [{ kind: 'text', text: 'there' }] },
          { kind: 'text', text: ' ' },
          { kind: 'link', url: 'https://a.example/b', children: [{ kind: 'text', text: 'x' }] },
        ],
      },
    ]);
  });

  it('makes anything a user typed literal: no injected links or formatting', () => {
    const typed = '**urgent** [click](https://evil.example) _x_ \\ <!channel> @everyone';
    const lines = parseMarkdown(escapeMarkdown(typed));
    expect(lines).toEqual([{ bullet: false, content: [{ kind: 'text', text: typed }] }]);
    // Renderers escape every text run for their platform.
    const slackish = renderMarkdown(escapeMarkdown(typed), {
      text: (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
      bold: (i) => `*${i}*`,
      italic: (i) => `_${i}_`,
      link: (u, i) => `<${u}|${i}>`,
      bullet: (l) => `• ${l}`,
    });
    expect(slackish).not.toContain('<!channel>');
    expect(slackish).not.toContain('<https://evil.example');
  });

  it('refuses non-http links and keeps snake_case as text', () => {
    expect(markdownToPlain('[x](javascript:alert(1)) a_b_c')).toBe('[x](javascript:alert(1)) a_b_c');
  });
});

describe('choice tokens', () => {
  it('round-trip and reject foreign payloads', () => {
    const token = encodeChoice({ flowId: 'daily-checkin', stepId: 'mood', version: 12 }, '4');
    expect(token.length).toBeLessThanOrEqual(100);
    expect(decodeChoice(token)).toEqual({ flowId: 'daily-checkin', stepId: 'mood', version: 12, value: '4' });
    expect(decodeChoice('something-else')).toBeNull();
    expect(decodeChoice('c1|a|b|-1|x')).toBeNull();
  });
});

describe('command registry', () => {
  it('finds commands by name and alias, with a slash or not', () => {
    expect(findCommand('/Checkin')?.name).toBe('checkin');
    expect(findCommand('54321')?.name).toBe('ground');
    expect(parseTypedCommand('remind at 8:30 on weekdays', { universalOnly: false })).toEqual({
      name: 'remind',
      argsText: 'at 8:30 on weekdays',
    });
  });

  it('inside free text only takes a universal word alone on the line', () => {
    expect(parseTypedCommand('help me sleep', { universalOnly: true })).toBeNull();
    expect(parseTypedCommand('history', { universalOnly: true })).toBeNull();
    expect(parseTypedCommand(' SOS ', { universalOnly: true })?.name).toBe('sos');
    expect(parseTypedCommand('stop.', { universalOnly: true })?.name).toBe('stop');
  });
});
