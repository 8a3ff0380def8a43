import type { SafetyLanguage } from './rules/types.ts';

/**
 * Which of our languages a message is written in, so the reply uses it. A count of very common
 * words is enough for chat-length text and costs microseconds; letters typical of one language
 * (ñ, á, ß, ç) break ties. "a" is not counted as English: Spanish and French use it as much.
 * Returns undefined when nothing points anywhere (e.g. "kms").
 */
const STOPWORDS: Record<SafetyLanguage, Set<string>> = {
  en: new Set(
    'the and i to is my me it you of a that in this am not want be have just so feel what with do'.split(' '),
  ),
  es: new Set(
    'el la que de y no me mi quiero por con es una los las estoy mas ya para muy yo todo esto cuando soy'.split(
      ' ',
    ),
  ),
  de: new Set(
    'ich und die der das nicht mich mir ist ein eine mein meine will bin habe zu es mit auf wieder mehr heute'.split(
      ' ',
    ),
  ),
  fr: new Set(
    'je j le la les de et pas ne me mon ma un une est suis veux ai pour ce c moi tout du envie'.split(' '),
  ),
};
const LETTERS: Array<[RegExp, SafetyLanguage]> = [
  [/[ñ¿¡áíóú]/, 'es'],
  [/[äöüß]/, 'de'],
  [/[çèêœàù]/, 'fr'],
];

// One lookup per word instead of one per word and language: the languages each stopword counts for.
const WORD_LANGS = new Map<string, SafetyLanguage[]>();
for (const lang of Object.keys(STOPWORDS) as SafetyLanguage[])
  for (const word of STOPWORDS[lang]) WORD_LANGS.set(word, [...(WORD_LANGS.get(word) ?? []), lang]);
const WORD = /[a-z]+/g;
const NON_ASCII = /[^\p{ASCII}]/u;

export function detectLanguage(raw: string, normalized: string): SafetyLanguage | undefined {
  const score: Record<SafetyLanguage, number> = { en: 0, es: 0, de: 0, fr: 0 };
  WORD.lastIndex = 0;
  for (let m = WORD.exec(normalized); m; m = WORD.exec(normalized)) {
    const langs = WORD_LANGS.get(m[0]);
    if (langs) for (const lang of langs) score[lang] += 1;
  }
  // The typical letters are all outside ASCII: most chat text can skip them.
  if (NON_ASCII.test(raw)) {
    const lower = raw.toLowerCase();
    for (const [re, lang] of LETTERS) if (re.test(lower)) score[lang] += 1.5;
  }
  let best: SafetyLanguage | undefined;
  let bestScore = 0;
  for (const lang of Object.keys(score) as SafetyLanguage[]) {
    if (score[lang] > bestScore) {
      best = lang;
      bestScore = score[lang];
    }
  }
  return best;
}
