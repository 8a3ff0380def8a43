/**
 * Normalisation: every rule is written once, against one canonical spelling, instead of once per
 * way people type. People in distress type fast, on phones, in lower case, without accents or
 * apostrophes, with stretched letters and community slang (including words chosen to dodge
 * moderation filters, such as "unalive" and "sewerslide"). Missing any of these would miss exactly
 * the disclosures that matter most.
 *
 * The output keeps sentence punctuation (. , ; : ! ? and double quotes) because negation scope and
 * framing rules work per clause and per sentence.
 */

// Leetspeak digits and symbols, replaced only inside words that also contain letters ("k1ll",
// "su1c1dal"), so quantities such as "30 pills" stay numbers.
const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
};

// Whole-word replacements: contractions typed without apostrophes, common typos of the words the
// lexicons rely on, and slang. Kept as one table so a new spelling is a one-line addition.
const WORDS: Record<string, string> = {
  // English contractions without apostrophes
  dont: 'do not',
  cant: 'can not',
  cannot: 'can not',
  wont: 'will not',
  didnt: 'did not',
  doesnt: 'does not',
  isnt: 'is not',
  im: 'i am',
  ive: 'i have',
  havent: 'have not',
  hasnt: 'has not',
  wasnt: 'was not',
  arent: 'are not',
  couldnt: 'could not',
  wouldnt: 'would not',
  shouldnt: 'should not',
  whats: 'what is',
  thats: 'that is',
  idk: 'i do not know',
  // informal spellings
  wanna: 'want to',
  gonna: 'going to',
  gotta: 'got to',
  tryna: 'trying to',
  u: 'you',
  ur: 'your',
  rn: 'right now',
  tn: 'tonight',
  tonite: 'tonight',
  '2nite': 'tonight',
  tmrw: 'tomorrow',
  tmr: 'tomorrow',
  tomorow: 'tomorrow',
  bf: 'boyfriend',
  gf: 'girlfriend',
  ded: 'dead',
  // texting abbreviations around disclosures ("been thinking abt it", "bc i cant")
  abt: 'about',
  bout: 'about',
  bc: 'because',
  cuz: 'because',
  coz: 'because',
  bcs: 'because',
  ppl: 'people',
  rly: 'really',
  ngl: 'not going to lie',
  smth: 'something',
  tho: 'though',
  srsly: 'seriously',
  // slang for suicide and self-harm (often chosen to get past content filters)
  kms: 'kill myself',
  ctb: 'suicide',
  sewerslide: 'suicide',
  sewer_slide: 'suicide',
  oded: 'overdosed',
  od: 'overdose',
  // typos of lexicon words
  sucide: 'suicide',
  suicde: 'suicide',
  suiside: 'suicide',
  suacide: 'suicide',
  suicid: 'suicide',
  sucidal: 'suicidal',
  suicdal: 'suicidal',
  suisidal: 'suicidal',
  sucicidal: 'suicidal',
  myslef: 'myself',
  mysefl: 'myself',
  myselfe: 'myself',
  mself: 'myself',
  kil: 'kill',
  kiling: 'killing',
  cutt: 'cut',
  agian: 'again',
  alot: 'a lot',
  diee: 'die',
  pils: 'pills',
  pillz: 'pills',
  // Spanish, French, German texting forms
  kiero: 'quiero',
  q: 'que',
  xq: 'porque',
  jveux: 'je veux',
  jvais: 'je vais',
  chui: 'je suis',
  chuis: 'je suis',
  jsuis: 'je suis',
  jpeux: 'je peux',
  nich: 'nicht',
};

// One alternation of the table's words: only those are visited, not every word of the message.
const WORD_PATTERN = new RegExp(
  `\\b(?:${Object.keys(WORDS)
    .sort((a, b) => b.length - a.length)
    .join('|')})\\b`,
  'g',
);
const NON_ASCII = /[^\p{ASCII}]/u;
const LEET_HINT = /[a-z][013457@$]|[013457@$][a-z]/;

/** True when some letter a–z appears three or more times in a row. */
function hasLetterRun(t: string): boolean {
  let run = 1;
  for (let i = 1; i < t.length; i++) {
    const ch = t.charCodeAt(i);
    run = ch === t.charCodeAt(i - 1) && ch >= 97 && ch <= 122 ? run + 1 : 1;
    if (run === 3) return true;
  }
  return false;
}

/** Canonical form of free text for the lexicons: see the module comment for why each step exists. */
export function normalize(raw: string): string {
  let t = raw.toLowerCase();
  // Accents: "mourir", "möchte" typed with or without them. Most chat text is ASCII: skip the work.
  if (NON_ASCII.test(t)) {
    t = t
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .replace(/ß/g, 'ss')
      .replace(/[’‘`´]/g, "'")
      .replace(/[“”«»„]/g, '"');
  }
  // "od'd" before apostrophes are expanded as contractions ("'d" → "would").
  t = t.replace(/\bod'?e?d\b/g, 'overdosed');
  if (LEET_HINT.test(t))
    t = t.replace(/[a-z0-9@$]+/g, (w) =>
      /[a-z]/.test(w) && /[013457@$]/.test(w) && !/^\d+[a-z]{1,2}$/.test(w)
        ? w.replace(/[013457@$]/g, (c) => LEET[c] ?? c)
        : w,
    );
  // Stretched letters ("sooo", "dieeee") carry emphasis, not meaning. The scan for a run is far
  // cheaper than the backreference regex, and most messages have none.
  if (hasLetterRun(t)) t = t.replace(/([a-z])\1{2,}/g, '$1');
  // English contractions, so negation and first-person rules see whole words. Only text with an
  // apostrophe can hold one (most chat text has none: this chain is the costliest step).
  if (t.includes("'"))
    t = t
      .replace(/\bcan't\b/g, 'can not')
      .replace(/\bwon't\b/g, 'will not')
      .replace(/\bain't\b/g, 'am not')
      .replace(/n't\b/g, ' not')
      .replace(/\bi'm\b/g, 'i am')
      .replace(/'ve\b/g, ' have')
      .replace(/'re\b/g, ' are')
      .replace(/'ll\b/g, ' will')
      .replace(/\b(i|you|he|she|we|they)'d\b/g, '$1 would')
      .replace(/\b(it|that|what|he|she|there|who|here)'s\b/g, '$1 is')
      .replace(/'s\b/g, 's')
      // French elision (j'ai, m'en) and anything left: an apostrophe separates words.
      .replace(/'/g, ' ');
  t = t.replace(/[-()[\]{}*_~#|/\\<>+=^]/g, ' ');
  t = t.replace(WORD_PATTERN, (w) => WORDS[w] ?? w);
  // Slang built to dodge filters: "unalive myself" means "kill myself"; "unaliving" means suicide.
  t = t
    .replace(/\bunaliv(?:e|ed|es|ing)\s+(myself|me)\b/g, 'kill myself')
    .replace(/\bunaliv(?:e|ed|es|ing)\b/g, 'suicide');
  t = t.replace(/\bmy self\b/g, 'myself');
  // Runs of blanks (and tabs) become one space; single spaces are left alone (no copy).
  return t.replace(/ [ \t]+|\t[ \t]*/g, ' ').trim();
}
