import { describe, expect, it } from 'vitest';
import { assessText, createSafetyScreen, SEVERITY } from '../../src/safety/detector.ts';

/**
 * One table per rule family. Phrasings here are written for the tests (not copied from the
 * evaluation sets), so passing them says the family works, not that the sets were memorised.
 */
const level = (text: string) => assessText(text).level;
const verdict = (text: string) => {
  const v = assessText(text);
  return `${v.level}/${v.category ?? '-'}`;
};

describe('per-language lexicons', () => {
  it.each([
    ['en', 'honestly i just want to kill myself', 'crisis/suicidal_thoughts'],
    ['en', 'I keep cutting my wrists when nobody is home', 'crisis/self_harm'],
    ['en', 'swallowed a whole pack of paracetamol', 'crisis/overdose_or_emergency'],
    ['en', 'my stepfather beats me', 'crisis/abuse'],
    ['en', 'I purge after dinner every day', 'crisis/eating_disorder'],
    ['en', 'I am going to stab my coworker', 'crisis/harm_to_others'],
    ['en', 'I have been stockpiling my meds', 'crisis/plan_or_means'],
    ['es', 'no quiero seguir viviendo', 'crisis/suicidal_thoughts'],
    ['es', 'me autolesiono cuando estoy sola', 'crisis/self_harm'],
    ['es', 'me pegan en casa', 'crisis/abuse'],
    ['es', 'me tomé todo el frasco de pastillas', 'crisis/overdose_or_emergency'],
    ['de', 'ich will mich heute Nacht umbringen', 'crisis/plan_or_means'],
    ['de', 'ich ritze mich jeden tag', 'crisis/self_harm'],
    ['de', 'mein Freund schlägt mich', 'crisis/abuse'],
    ['de', 'habe eine Überdosis genommen', 'crisis/overdose_or_emergency'],
    ['fr', 'je veux en finir', 'crisis/suicidal_thoughts'],
    ['fr', 'mon père me frappe', 'crisis/abuse'],
    ['fr', 'je me fais vomir tous les soirs', 'crisis/eating_disorder'],
    ['fr', 'je vais me pendre', 'crisis/plan_or_means'],
  ])('%s: %s', (_lang, text, expected) => {
    expect(verdict(text)).toBe(expected);
  });

  it('concern-level phrases ask gently instead of alarming', () => {
    expect(verdict('sometimes i wish i had never been born')).toBe('concern/suicidal_thoughts');
    expect(verdict('my family would be better off without me')).toBe('concern/suicidal_thoughts');
    expect(verdict('ich bin allen eine Last')).toBe('concern/suicidal_thoughts');
  });
});

describe('normalisation reaches the lexicons', () => {
  it.each([
    'I WANT TO KILL MYSELF',
    'i want to kil myslef',
    'i w4nt to k1ll mys3lf',
    'kms',
    'gonna unalive myself',
  ])('%s', (text) => expect(level(text)).toBe('crisis'));
});

describe('negation scope', () => {
  it.each([
    "I'm not suicidal, I'm just exhausted",
    'I would never kill myself',
    'no intention of hurting myself',
    'no soy suicida',
    'ich bin nicht suizidal',
    'je ne suis pas suicidaire',
    'ich will mich nicht umbringen',
  ])('cancels: %s', (text) => expect(level(text)).toBe('none'));

  it('stays inside its clause', () => {
    expect(level("I'm not okay, I want to kill myself")).toBe('crisis');
  });
  it('ignores words that only look like negation', () => {
    expect(level("I can't stop thinking about killing myself")).toBe('crisis');
  });
  it('keeps phrases whose negation is the point', () => {
    expect(level("I don't want to live anymore")).toBe('crisis');
    expect(level('ya no quiero vivir')).toBe('crisis');
  });
});

describe('hyperbole and idiom', () => {
  it.each([
    'this commute is killing me',
    'my boss is going to kill me',
    'I could murder a burger',
    'I nearly died of embarrassment, I want to die',
    'diese Hitze bringt mich um',
    'me muero de sueño',
    'ce bruit me tue',
  ])('quiet on: %s', (text) => expect(level(text)).toBe('none'));

  it('a joke with laughter still gets a gentle check', () => {
    const v = assessText('lol i want to die');
    expect(v.level).toBe('concern');
    expect(v.framing).toBe('joking');
  });
  it('a trivial conditional threat is banter; with a weapon it is not', () => {
    expect(level("I'll kill my sister if she reads my diary")).toBe('none');
    expect(level("I'll kill my sister if she comes back, I have a knife")).toBe('crisis');
  });
});

describe('tech and gaming', () => {
  it.each([
    'kill the worker process and restart',
    'the daemon killed itself again',
    'my character overdosed on mana potions',
    'I died to the final boss twice',
    'purge the cache before deploying',
  ])('quiet on: %s', (text) => expect(level(text)).toBe('none'));
});

describe('quotes, plots and discussion', () => {
  it.each([
    'in the movie the hero says "I want to kill myself" and then walks away',
    'we had a lecture on suicide prevention',
    'the podcast was about domestic violence',
    'her uncle died by suicide years ago',
  ])('quiet on: %s', (text) => expect(level(text)).toBe('none'));

  it('a clause after the plot still counts', () => {
    expect(level('I watched the movie, and now I want to kill myself')).toBe('crisis');
  });
});

describe('accidents', () => {
  it.each(['cut myself chopping onions', 'burned myself on the oven door'])('quiet on: %s', (text) =>
    expect(level(text)).toBe('none'),
  );
  it('on purpose overrides', () => {
    expect(level('burned myself on the oven door on purpose')).toBe('crisis');
  });
});

describe('past, resolved history', () => {
  it('is acknowledged (concern, past_resolved), not escalated', () => {
    const v = assessText(
      'I used to cut myself in high school, but I have been clean for years and I am happy now',
    );
    expect(v.level).toBe('concern');
    expect(v.category).toBe('self_harm');
    expect(v.framing).toBe('past_resolved');
  });
  it('recent past is not history', () => {
    expect(level('I cut myself an hour ago')).toBe('crisis');
  });
  it('past without resolution is still asked about', () => {
    expect(assessText('years ago I tried to kill myself').framing).toBe('past');
  });
});

describe('farewell detection', () => {
  it.each([
    'This is my final goodbye to all of you.',
    'When you read this I will be gone',
    'ich sage euch: lebt wohl',
  ])('raises plan-level risk: %s', (text) => expect(verdict(text)).toBe('crisis/plan_or_means'));
  it.each([
    'Goodbye for now, see you Monday!',
    'goodbye to my old flat, hello new city',
    'tschüss, bis morgen',
  ])('quiet on ordinary goodbyes: %s', (text) => expect(level(text)).toBe('none'));
});

describe('severity ordering', () => {
  it('lists the categories most severe first', () => {
    expect(SEVERITY[0]).toBe('overdose_or_emergency');
    expect(SEVERITY[1]).toBe('plan_or_means');
  });
  it('the most severe category wins', () => {
    expect(verdict('I want to kill myself and I already took all my pills')).toBe(
      'crisis/overdose_or_emergency',
    );
    expect(verdict('my dad hits me and I want to kill myself')).toBe('crisis/suicidal_thoughts');
  });
  it('crisis outranks concern whatever the category', () => {
    expect(verdict('I feel like a burden and my husband chokes me')).toBe('crisis/abuse');
  });
  it('a time set turns thoughts into a plan', () => {
    expect(verdict('going to kill myself tonight')).toBe('crisis/plan_or_means');
  });
});

describe('the SafetyScreen port', () => {
  const screen = createSafetyScreen();
  it('returns category null exactly when the level is none', () => {
    for (const text of ['hello there', 'I want to kill myself', 'I wish I was never born']) {
      const a = screen.assess(text);
      expect(a.category === null).toBe(a.level === 'none');
    }
  });
  it('reports the language the text was written in', () => {
    expect(screen.assess('me quiero morir').language).toBe('es');
    expect(screen.assess('ich will sterben').language).toBe('de');
    expect(screen.assess('je veux mourir').language).toBe('fr');
    expect(screen.assess('I want to die').language).toBe('en');
  });
  it('handles empty and very long input', () => {
    expect(screen.assess('').level).toBe('none');
    expect(screen.assess(`${'fine today. '.repeat(2000)}I want to kill myself`).level).toBe('crisis');
  });
});

describe('broadened families (fresh phrasings)', () => {
  it.each([
    ['I necked a full packet of ibuprofen', 'crisis/overdose_or_emergency'],
    ['been searching for ways to end my life', 'crisis/plan_or_means'],
    ['about to step in front of a bus', 'crisis/plan_or_means'],
    ['held a pistol to my head last night', 'crisis/plan_or_means'],
    ['goodbye everyone, it was nice knowing you', 'crisis/plan_or_means'],
    ['my coach made me do sexual things', 'crisis/abuse'],
    ['my ex follows me home every night', 'concern/abuse'],
    ['I am bringing a gun to school', 'crisis/harm_to_others'],
    ['I hope a truck hits me', 'concern/suicidal_thoughts'],
    ["i can't go on like this", 'concern/suicidal_thoughts'],
    ['me tragué un montón de pastillas', 'crisis/overdose_or_emergency'],
    ['niemand würde mich vermissen', 'concern/suicidal_thoughts'],
    ["I don't know if I want to live anymore", 'concern/suicidal_thoughts'],
    ['not sure whether i can go on', 'concern/suicidal_thoughts'],
    ['personne ne me regretterait', 'concern/suicidal_thoughts'],
  ])('%s', (text, expected) => expect(verdict(text)).toBe(expected));

  it.each([
    'I was walking in front of the bus station',
    'bringing a knife to work for the birthday cake',
    'looked up ways to die in the game so I can avoid them',
    'goodbye everyone, see you tomorrow',
    'took every precaution before the hike',
  ])('quiet on: %s', (text) => expect(level(text)).toBe('none'));
});
