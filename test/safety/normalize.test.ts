import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/safety/normalize.ts';

describe('normalize', () => {
  it.each([
    ['lower case and accents', 'Ich MÖCHTE nicht mehr Leben', 'ich mochte nicht mehr leben'],
    ['Spanish accents', 'Quiero quitarme la VIDA, ¿sabés?', 'quiero quitarme la vida, ¿sabes?'],
    ['ß', 'Straße', 'strasse'],
    ['leetspeak inside words', 'i want to k1ll mys3lf', 'i want to kill myself'],
    ['numbers stay numbers', 'took 30 pills and 2 beers', 'took 30 pills and 2 beers'],
    ['stretched letters', 'sooo tired i want to dieeee', 'so tired i want to die'],
    ['curly apostrophes and contractions', 'I’m not okay, I can’t go on', 'i am not okay, i can not go on'],
    [
      'contractions typed without apostrophes',
      'im done, i dont care, ive tried',
      'i am done, i do not care, i have tried',
    ],
    ['n’t in general', "I didn't and she wouldn't", 'i did not and she would not'],
    ['informal spellings', 'i wanna die, gonna do it tn', 'i want to die, going to do it tonight'],
    ['slang: kms', 'honestly kms', 'honestly kill myself'],
    ['slang: unalive myself', 'going to unalive myself', 'going to kill myself'],
    ['slang: unaliving', 'thinking about unaliving', 'thinking about suicide'],
    ['slang: sewerslide', 'sewerslide thoughts again', 'suicide thoughts again'],
    ["slang: od'd", "i think i od'd", 'i think i overdosed'],
    [
      'typos of lexicon words',
      'thinking about sucide, i am sucidal',
      'thinking about suicide, i am suicidal',
    ],
    ['"my self"', 'hurt my self', 'hurt myself'],
    ['French elision', "j'ai envie de mourir", 'j ai envie de mourir'],
    ['French texting', 'jveux mourir', 'je veux mourir'],
    ['hyphens split words', 'self-harm', 'self harm'],
  ])('%s', (_why, input, expected) => {
    expect(normalize(input)).toBe(expected);
  });

  it('keeps clause punctuation and emoji for the framing rules', () => {
    expect(normalize('So embarrassing!! I want to die 😂')).toBe('so embarrassing!! i want to die 😂');
  });
});
