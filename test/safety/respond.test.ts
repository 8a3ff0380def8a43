import { describe, expect, it } from 'vitest';
import { decodeChoice, encodeChoice } from '../../src/core/choice-token.ts';
import { COMMAND_TARGET, type OutboundMessage, plainTextOf } from '../../src/core/outbound.ts';
import { assessText } from '../../src/safety/detector.ts';
import { createSafetyService } from '../../src/safety/index.ts';
import {
  channelNotice,
  checkAnswerReply,
  concernReply,
  crisisReply,
  followUpReply,
  replyLanguage,
  SAFETY_CHECK_TARGET,
  sosReply,
} from '../../src/safety/respond.ts';

const all = (messages: OutboundMessage[]) => messages.map(plainTextOf).join('\n');
// The Markdown as sent, where links keep their URLs.
const raw = (messages: OutboundMessage[]) =>
  messages
    .flatMap((m) => m.blocks)
    .map((b) => (b.type === 'text' ? b.text : ''))
    .join('\n');
const choiceValues = (messages: OutboundMessage[]) =>
  messages
    .flatMap((m) => m.blocks)
    .flatMap((b) => (b.type === 'choices' ? b.options.map((o) => o.value) : []));

describe('crisis replies, by language and country', () => {
  it.each([
    ['en', 'US', 'I want to kill myself', ['988', '911', 'not an emergency service', 'plan', 'ground']],
    ['en', 'GB', 'I want to kill myself', ['Samaritans', '116 123', '999', 'not an emergency service']],
    ['en', 'AU', 'I want to kill myself', ['Lifeline', '13 11 14', '000']],
    ['es', 'ES', 'me quiero morir', ['024', '112', 'no un servicio de emergencias', 'plan', 'ground']],
    ['de', 'DE', 'ich will sterben', ['TelefonSeelsorge', '0800 111 0 111', '112', 'kein Notdienst']],
    ['fr', 'FR', 'je veux mourir', ['3114', '112', 'pas un service d’urgence']],
  ])('%s in %s', (_lang, country, userText, expected) => {
    const assessment = assessText(userText);
    const messages = crisisReply(assessment, {
      country,
      ...(assessment.language ? { language: assessment.language } : {}),
    });
    expect(messages.every((m) => m.urgent === true && m.private === true)).toBe(true);
    const text = all(messages);
    for (const fragment of expected) expect(text).toContain(fragment);
    // Nothing the person wrote is ever echoed back.
    expect(text.toLowerCase()).not.toContain(userText.toLowerCase());
  });

  it('answers in the language of the text even where the platform locale differs', () => {
    const text = all(
      crisisReply(assessText('me quiero morir'), { language: 'es', locale: 'en-US', country: 'US' }),
    );
    expect(text).toContain('Gracias por contármelo');
    expect(text).toContain('988');
  });

  it('an overdose says to call the emergency number now', () => {
    const text = all(crisisReply(assessText('I just took all my pills'), { country: 'GB' }));
    expect(text).toMatch(/Please call 999 or 112 now/);
  });

  it('abuse gets the abuse lead and the abuse line first', () => {
    const text = all(crisisReply(assessText('my husband hits me'), { country: 'US' }));
    expect(text).toContain('not your fault');
    expect(text.indexOf('Domestic Violence')).toBeLessThan(text.indexOf('988'));
  });

  it('unknown country: the international directory, the emergency number, and a question', () => {
    const text = all(crisisReply(assessText('I want to kill myself'), {}));
    expect(raw(crisisReply(assessText('I want to kill myself'), {}))).toContain(
      '(https://findahelpline.com)',
    );
    expect(text).toContain('112');
    expect(text).toMatch(/Which country are you in\?/);
    const de = all(crisisReply(assessText('ich will sterben'), { language: 'de', country: 'JP' }));
    expect(de).toMatch(/In welchem Land bist du\?/);
  });

  it('offers the safety plan and grounding as command buttons', () => {
    const messages = crisisReply(assessText('I want to kill myself'), { country: 'US' });
    expect(choiceValues(messages)).toEqual(['plan', 'ground']);
    const block = messages[0]!.blocks.find((b) => b.type === 'choices');
    expect(block?.type === 'choices' && block.answer).toEqual(COMMAND_TARGET);
  });
});

describe('sos', () => {
  it('is urgent, private and complete without any assessment', () => {
    const messages = sosReply({ country: 'IE', locale: 'en-IE' });
    expect(messages[0]?.urgent).toBe(true);
    expect(messages[0]?.private).toBe(true);
    expect(all(messages)).toContain('116 123');
    expect(all(messages)).toContain('112');
  });
  it('uses the locale language when there is no text', () => {
    expect(all(sosReply({ locale: 'fr-FR', country: 'FR' }))).toContain('3114');
    expect(all(sosReply({ locale: 'fr-FR', country: 'FR' }))).toContain('Voici de l’aide');
  });
});

describe('concern replies', () => {
  it('ask a gentle direct question with the two buttons and keep sos offered', () => {
    const messages = concernReply(assessText('I wish I had never been born'), { language: 'en' });
    expect(messages[0]?.private).toBe(true);
    expect(messages[0]?.urgent).toBeUndefined();
    const text = all(messages);
    expect(text).toContain('are you having thoughts of ending your life?');
    expect(text).toContain('I’m safe right now');
    expect(text).toContain('I’d like help');
    expect(text).toContain('sos');
    expect(choiceValues(messages)).toEqual(['safe', 'help']);
  });

  it('buttons encode into a valid choice token the bot can route', () => {
    const token = encodeChoice(SAFETY_CHECK_TARGET, 'safe');
    expect(decodeChoice(token)).toEqual({ ...SAFETY_CHECK_TARGET, value: 'safe' });
  });

  it('past, resolved history is acknowledged warmly', () => {
    const text = all(
      concernReply(assessText('two years ago I used to self harm, doing much better now'), {}),
    );
    expect(text).toContain('glad things are better now');
  });

  it('a likely figure of speech is named as such', () => {
    expect(all(concernReply(assessText('lol i want to die'), {}))).toContain('figure of speech');
  });

  it.each([
    ['es', 'a veces desearía no despertar', 'Ahora estoy a salvo'],
    ['de', 'alle wären besser dran ohne mich', 'Ich bin gerade sicher'],
    ['fr', 'tout le monde serait mieux sans moi', 'Je suis en sécurité'],
  ])('%s', (lang, userText, safeLabel) => {
    const a = assessText(userText);
    expect(a.language).toBe(lang);
    expect(all(concernReply(a, { language: a.language ?? '' }))).toContain(safeLabel);
  });
});

describe('answers to the check question', () => {
  it('"I\'d like help" opens the full help', () => {
    const messages = checkAnswerReply('help', { country: 'CA' });
    expect(messages[0]?.urgent).toBe(true);
    expect(all(messages)).toContain('988');
  });
  it('"I\'m safe right now" does not close anything: sos stays named', () => {
    const messages = checkAnswerReply('safe', { language: 'en' });
    expect(messages[0]?.private).toBe(true);
    expect(all(messages)).toContain('sos');
    expect(all(checkAnswerReply('safe', { language: 'de' }))).toContain('sos');
  });
});

describe('follow-up at the next check-in', () => {
  it('asks again gently, privately, in the person’s language, naming sos', () => {
    for (const [language, phrase] of [
      ['en', 'How are you doing with that today?'],
      ['es', '¿Cómo lo llevas hoy?'],
      ['de', 'Wie geht es dir heute damit?'],
      ['fr', 'Comment ça va aujourd’hui ?'],
    ] as const) {
      const message = followUpReply({ language });
      expect(message.private).toBe(true);
      expect(plainTextOf(message)).toContain(phrase);
      expect(plainTextOf(message)).toContain('sos');
    }
  });
});

describe('channel notice', () => {
  it('is one neutral line: no crisis words, no numbers, not private', () => {
    for (const language of ['en', 'es', 'de', 'fr']) {
      const notice = channelNotice({ language });
      const text = plainTextOf(notice);
      expect(notice.private).toBeUndefined();
      expect(notice.urgent).toBeUndefined();
      expect(text).toContain('/sos');
      expect(text).not.toMatch(/\d{3}|suicid|crisis|help ?line|danger/i);
      expect(text.split('\n')).toHaveLength(1);
    }
  });
});

describe('replyLanguage', () => {
  it('prefers the text, then the locale, then English', () => {
    expect(replyLanguage({ language: 'de', locale: 'fr-FR' })).toBe('de');
    expect(replyLanguage({ locale: 'es-MX' })).toBe('es');
    expect(replyLanguage({ language: 'pt', locale: 'ja-JP' })).toBe('en');
  });
});

describe('createSafetyService', () => {
  it('wires the detector and the directory into the bot’s SafetyService shape', () => {
    const service = createSafetyService();
    const assessment = service.screen.assess('I want to kill myself');
    expect(assessment.level).toBe('crisis');
    expect(all(service.replies.crisis(assessment, { country: 'GB' }))).toContain('116 123');
    expect(raw(service.replies.sos({}))).toContain('https://findahelpline.com');
    expect(all(service.checkAnswer('safe', {}))).toContain('sos');
  });
});

describe('markup', () => {
  it('every reply parses cleanly: no stray Markdown marks in any language, known or unknown country', () => {
    for (const language of ['en', 'es', 'de', 'fr']) {
      for (const country of ['US', 'DE', 'BE', undefined]) {
        const ctx = { language, ...(country ? { country } : {}) };
        const messages = [
          ...crisisReply({ level: 'crisis', category: 'overdose_or_emergency' }, ctx),
          ...crisisReply({ level: 'crisis', category: 'abuse' }, ctx),
          ...sosReply(ctx),
          ...concernReply({ level: 'concern', category: 'self_harm' }, ctx),
          ...checkAnswerReply('safe', ctx),
          followUpReply(ctx),
          channelNotice(ctx),
        ];
        const text = all(messages);
        expect(text, `${language}/${country}`).not.toMatch(/[*_]|\]\(|\\/);
        // Bold runs are well formed: never nested, never opening or closing on a space.
        for (const line of raw(messages).split('\n')) {
          const bold = line.split('**').filter((_, i) => i % 2 === 1);
          expect(line.split('**').length % 2, line).toBe(1);
          for (const run of bold) expect(run, line).toMatch(/^\S(.*\S)?$/);
        }
        expect(text).not.toContain('{');
      }
    }
  });
});
