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

export function detectLanguage(raw: string, normalized: string): SafetyLanguage | undefined {
  const score: Record<SafetyLanguage, number> = { en: 0, es: 0, de: 0, fr: 0 };
  for (const word of normalized.split(/[^a-z]+/)) {
    if (!word) continue;
    for (const lang of Object.keys(STOPWORDS) as SafetyLanguage[])
      if (STOPWORDS[lang].has(word)) score[lang] += 1;
  }
  const lower = raw.toLowerCase();
  for (const [re, lang] of LETTERS) if (re.test(lower)) score[lang] += 1.5;
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
