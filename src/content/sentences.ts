import type { BlockKind, SourceDocument } from './document.ts';

/** One sentence of a source, with its exact place there. `text === source.slice(start, end)`. */
export interface Sentence {
  /** Position among all sentences of the document, from 0. */
  index: number;
  /** Character offset of the sentence in the source text. */
  start: number;
  end: number;
  text: string;
  /** Index of the block it belongs to, and that block's kind. */
  block: number;
  kind: BlockKind;
}

/**
 * Words after which a full stop does not end a sentence. ICU's sentence rules (Intl.Segmenter,
 * Unicode UAX #29) already keep decimals ("3.5") and lower-case continuations ("i.e. higher")
 * together; what they cannot know is that "Dr. Smith" or "Fig. 2" continue, so those are mended here.
 */
const ABBREVIATIONS = new Set(
  // Only words that almost never end a sentence: titles, Latin and reference abbreviations. Words
  // such as "etc.", "Inc." or "a.m." often do end one, so they are left to ICU.
  (
    'mr mrs ms mx dr prof sr jr st rev hon gen col capt lt sgt vs v cf e.g i.e viz al fig figs vol vols ' +
    'approx dept univ assn jan feb mar apr jun jul aug sep sept oct nov dec ca u.s u.k u.n e.u z.b ggf sog sra srta dra mme mlle'
  ).split(' '),
);

/** True when `segment` ends with an abbreviation or an initial, so the next segment continues it. */
function endsWithAbbreviation(segment: string): boolean {
  const match = /(?:^|[\s(“"'‘])([\p{L}.]+)\.\s*$/u.exec(segment);
  if (!match) return false;
  const word = match[1]!;
  if (/^\p{Lu}$/u.test(word)) return true; // an initial: "J. Smith"
  return ABBREVIATIONS.has(word.toLowerCase());
}

const segmenters = new Map<string, Intl.Segmenter>();
function sentenceSegmenter(locale: string): Intl.Segmenter {
  let s = segmenters.get(locale);
  if (!s) {
    s = new Intl.Segmenter(locale, { granularity: 'sentence' });
    segmenters.set(locale, s);
  }
  return s;
}

/**
 * Splits the paragraphs and list items of a document into sentences. Headings and code are not
 * split (they are structure, not content). A list item is at least one sentence of its own even
 * without a full stop. Line breaks inside a paragraph are soft: they never end a sentence.
 */
export function splitSentences(doc: SourceDocument, locale = 'en'): Sentence[] {
  const out: Sentence[] = [];
  const segmenter = sentenceSegmenter(locale);
  doc.blocks.forEach((block, blockIndex) => {
    if (block.kind === 'heading' || block.kind === 'code') return;
    const raw = doc.text.slice(block.start, block.end);
    // Same length as `raw`, so offsets carry over; a single newline inside a paragraph is a space.
    const flat = raw.replace(/\r?\n/g, (m) => ' '.repeat(m.length));
    const pieces: Array<{ start: number; end: number }> = [];
    for (const seg of segmenter.segment(flat)) {
      const piece = { start: seg.index, end: seg.index + seg.segment.length };
      const last = pieces[pieces.length - 1];
      if (last && endsWithAbbreviation(flat.slice(last.start, last.end))) last.end = piece.end;
      else pieces.push(piece);
    }
    for (const piece of pieces) {
      let start = block.start + piece.start;
      let end = block.start + piece.end;
      while (start < end && /\s/.test(doc.text[start]!)) start++;
      while (end > start && /\s/.test(doc.text[end - 1]!)) end--;
      if (end <= start) continue;
      out.push({
        index: out.length,
        start,
        end,
        text: doc.text.slice(start, end),
        block: blockIndex,
        kind: block.kind,
      });
    }
  });
  return out;
}
