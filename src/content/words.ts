/**
 * Words for ranking: lower-cased, with English function words removed and a light suffix trim,
 * so "sleeps", "sleeping" and "sleep" count as one. Other languages keep every word (the ranking
 * still works on repeated words; it is just less sharp).
 */
const STOPWORDS = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below ' +
    'between both but by can could did do does doing down during each even ever every few for from further ' +
    'get gets got had has have having he her here hers herself him himself his how however i if in into is it ' +
    'its itself just like made make makes may me might more most much must my myself no nor not now of off ' +
    'often on once one only or other our ours ourselves out over own per quite rather really same she should so ' +
    'some such than that the their theirs them themselves then there these they this those through thus to ' +
    'too under until up upon us very was way we well were what when where whether which while who whom whose ' +
    'why will with within without would yet you your yours yourself yourselves many people things thing ' +
    'something someone lot lots'
  ).split(' '),
);

const wordSegmenter = new Intl.Segmenter('en', { granularity: 'word' });

/** The word-like tokens of a text, lower-cased, in order. Works for scripts without spaces too. */
export function wordsOf(text: string): string[] {
  const out: string[] = [];
  for (const seg of wordSegmenter.segment(text)) {
    if (seg.isWordLike && /\p{L}/u.test(seg.segment)) out.push(seg.segment.toLowerCase());
  }
  return out;
}

/** A light English suffix trim; enough to join plural and -ing/-ed forms for overlap counting. */
export function stem(word: string): string {
  let w = word.replace(/['’]s$/, '');
  if (w.length > 5 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 4 && w.endsWith('es') && /(?:ss|sh|ch|x)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  return w;
}

/** Content words of a text: no function words, stemmed when the text is English. */
export function contentWords(text: string, english: boolean): string[] {
  const words = wordsOf(text);
  return english ? words.filter((w) => !STOPWORDS.has(w) && w.length > 1).map(stem) : words;
}

/**
 * Whether a text reads as English: in English prose roughly a third or more of the words are
 * function words; below 12% (or in another script) it is something else.
 */
export function looksEnglish(text: string): boolean {
  const words = wordsOf(text).slice(0, 2000);
  if (words.length < 5) return /^[\p{Script=Latin}\p{P}\p{N}\s]*$/u.test(text);
  const latin = words.filter((w) => /^[a-z'’-]+$/.test(w)).length / words.length;
  const ENGLISH_ONLY = /^(?:the|and|of|to|is|are|was|with|that|this|it|for|you|your|be|have|not|can)$/;
  const common = words.filter((w) => ENGLISH_ONLY.test(w)).length / words.length;
  return latin > 0.7 && common > 0.12;
}
