import type { Rule } from './rules/types.ts';

/**
 * The fast path. Most turns ("fine, a bit tired", "3") contain no crisis word at all, yet the full
 * detector runs ~200 patterns with their framing over them. Every pattern can only match text that
 * contains one of a few literal strings (its "anchors": `\bkill\s+myself\b` needs "kill" or
 * "myself"), so one precompiled alternation of all anchors decides, in a single scan, that no rule
 * can fire. The anchors are DERIVED from the rules' own regex sources below — never listed by
 * hand — so a new rule or a new lexicon word is covered the moment it exists. When a pattern has
 * no usable anchor the prefilter gives up on the fast path entirely (conservative, never wrong).
 */

/** What a regex node can match: its finite set of strings (if small), or a required-literal set. */
interface Info {
  /** Set for `X+` with a finite X: a match starts with one copy of X and ends with one. */
  repeated?: Set<string>;
  /** Every string the node can match, when that set is finite and small. */
  exact: Set<string> | null;
  /** Any match contains at least one of these (null: no requirement known). */
  req: Set<string> | null;
  /** Every requirement proved (best first): an alternation picks, per branch, the best that fits its share of the size budget. */
  cands?: Set<string>[];
}

const MAX_SET = 64;
// A word boundary (\b) kept inside anchors: "\bate\b" must not fire on "late". Any match of the
// rule has the boundary at that spot, so the anchor regex, run on the same text, has it too.
const B = '\u0001';
// Any whitespace character (\s), kept as one symbol so "kill\s+myself" gives one anchor, not six.
const W = '\u0002';
const bare = (s: string) => s.replaceAll(B, '').replaceAll(W, ' ');
const NONE: Info = { exact: null, req: null };
const EMPTY: Info = { exact: new Set(['']), req: null };

/** Required literal anchors of a regex source; null when the pattern has none we can prove. */
export function anchorsOf(re: RegExp): string[] | null {
  const parser = new Parser(re.source);
  const info = parser.alternation();
  if (parser.pos !== re.source.length) return null;
  const set = best(info);
  if (!set) return null;
  const fold = re.flags.includes('i');
  return [...set].map((s) => (fold ? s.toLowerCase() : s));
}

/** The strongest requirement a node proves: its exact strings or its req, whichever is more selective. */
function best(info: Info): Set<string> | null {
  const candidates = [info.exact, info.req].filter((s): s is Set<string> => !!s && !hasEmpty(s));
  candidates.sort((a, b) => score(b) - score(a));
  return candidates[0] ?? null;
}

// Longer anchors are rarer in ordinary text; fewer alternatives are cheaper.
// A set holding an empty string (or a bare boundary) proves nothing.
function hasEmpty(set: Set<string>): boolean {
  for (const x of set) if (bare(x) === '') return true;
  return false;
}

const SCORES = new WeakMap<Set<string>, number>();
function score(set: Set<string>): number {
  const known = SCORES.get(set);
  if (known !== undefined) return known;
  const value = computeScore(set);
  SCORES.set(set, value);
  return value;
}

function computeScore(set: Set<string>): number {
  // Boundaries make an anchor rarer too ("\\bate\\b" never fires on "late").
  // Past six letters a word is rare enough; beyond that, fewer alternatives matter more.
  // Everyday words are poor anchors however long they are.
  const weight = (s: string) =>
    COMMON.has(bare(s).trim())
      ? 100
      : Math.min(bare(s).trim().length, 6) * 100 + (s.length - bare(s).length) * 40;
  return Math.min(...[...set].map(weight)) - set.size * 4;
}

/** The best requirement of a node with at most `budget` alternatives (else its smallest). */
function fitting(info: Info, budget: number): Set<string> | null {
  const all = [...(info.cands ?? []), best(info)].filter((s): s is Set<string> => !!s);
  const fit = all.filter((s) => s.size <= budget).sort((a, b) => score(b) - score(a));
  return fit[0] ?? all.sort((a, b) => a.size - b.size)[0] ?? null;
}

// Frequent words in chat (en/es/de/fr): only used to prefer rarer anchors, never for correctness.
const COMMON = new Set(
  'work school home house office class lunch dinner breakfast food meal meals eating took taken ate today tonight tomorrow weekend friend friends family partner night sleep tired with again have had that this what when then they them there their about after before would could should will just like your from been were going want know think time today right still really because anything everything something people other some more most very also only even back over under into onto and the for but not you are was his her him she had has get got all any one two out day way new now how who did its let put say see use too con por para una los las que del mas como pero esta este todo muy mit und der die das ist ein eine auf nicht auch wie aber noch dann schon mehr sein sind wird avec pour dans une les des que qui pas sur mais tout tous plus fait bien'.split(
    ' ',
  ),
);

function product(a: Set<string>, b: Set<string>): Set<string> | null {
  if (a.size * b.size > MAX_SET) return null;
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add((x + y).replaceAll(B + B, B));
  return out;
}

function union(sets: Array<Set<string> | null>): Set<string> | null {
  const out = new Set<string>();
  for (const s of sets) {
    if (!s) return null;
    for (const x of s) out.add(x);
  }
  return out.size > MAX_SET ? null : out;
}

class Parser {
  pos = 0;
  constructor(private readonly src: string) {}

  alternation(): Info {
    const branches = [this.sequence()];
    while (this.src[this.pos] === '|') {
      this.pos++;
      branches.push(this.sequence());
    }
    if (branches.length === 1) return branches[0]!;
    return {
      exact: union(branches.map((b) => b.exact)),
      req: union(branches.map(best)) ?? union(branches.map((b) => fitting(b, MAX_SET / branches.length))),
    };
  }

  sequence(): Info {
    const items: Info[] = [];
    while (this.pos < this.src.length && this.src[this.pos] !== '|' && this.src[this.pos] !== ')')
      items.push(this.quantified());
    // Candidates: each item's own requirement, and every run of consecutive exact items joined.
    const cands: Set<string>[] = [];
    const consider = (s: Set<string> | null) => {
      if (s && !hasEmpty(s) && !cands.includes(s)) cands.push(s);
    };
    let run: Set<string> | null = new Set(['']);
    let whole: Set<string> | null = new Set(['']);
    for (const item of items) {
      // An exact item is covered by the run it joins; only other items bring their own proofs.
      if (!item.exact) {
        consider(best(item));
        for (const c of item.cands ?? []) consider(c);
      }
      if (item.repeated) {
        // "ab\s+cd": the match holds "ab" + one copy, and one copy + "cd".
        const joined: Set<string> | null = run ? product(run, item.repeated) : null;
        consider(joined ?? run);
        whole = null;
        run = item.repeated;
        continue;
      }
      whole = whole && item.exact ? product(whole, item.exact) : null;
      if (item.exact) {
        const joined: Set<string> | null = run ? product(run, item.exact) : null;
        if (joined) run = joined;
        else {
          consider(run);
          run = item.exact;
        }
      } else {
        consider(run);
        run = new Set(['']);
      }
    }
    consider(run);
    cands.sort((a, b) => score(b) - score(a));
    return { exact: whole, req: cands[0] ?? null, cands: cands.slice(0, 12) };
  }

  quantified(): Info {
    const atom = this.atom();
    const q = this.quantifier();
    if (!q) return atom;
    const [min, max] = q;
    if (min === 1 && max === 1) return atom;
    if (min === 0) {
      if (max === 1 && atom.exact) return { exact: union([atom.exact, new Set([''])]), req: null };
      return EMPTY_OR_ANY;
    }
    // At least once: whatever one repetition requires is still required.
    return { exact: null, req: best(atom), ...(atom.exact ? { repeated: atom.exact } : {}) };
  }

  quantifier(): [number, number] | null {
    const ch = this.src[this.pos];
    let q: [number, number] | null = null;
    if (ch === '?') q = [0, 1];
    else if (ch === '*') q = [0, Infinity];
    else if (ch === '+') q = [1, Infinity];
    else if (ch === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
      if (!m) return null;
      this.pos += m[0].length - 1;
      const min = Number(m[1]);
      q = [min, m[2] ? (m[3] ? Number(m[3]) : Infinity) : min];
    }
    if (!q) return null;
    this.pos++;
    if (this.src[this.pos] === '?') this.pos++; // lazy
    return q;
  }

  atom(): Info {
    const ch = this.src[this.pos]!;
    if (ch === '(') return this.group();
    if (ch === '[') return this.charClass();
    this.pos++;
    if (ch === '.') return NONE;
    if (ch === '^' || ch === '$') return EMPTY;
    if (ch === '\\') return this.escape();
    return { exact: new Set([ch]), req: null };
  }

  group(): Info {
    this.pos++;
    let lookaround = false;
    if (this.src.startsWith('?:', this.pos)) this.pos += 2;
    else if (/^\?<?[=!]/.test(this.src.slice(this.pos, this.pos + 3))) {
      lookaround = true;
      this.pos += this.src[this.pos + 1] === '<' ? 3 : 2;
    } else if (this.src.startsWith('?<', this.pos)) this.pos = this.src.indexOf('>', this.pos) + 1;
    const inner = this.alternation();
    if (this.src[this.pos] !== ')') throw new Error('unbalanced group');
    this.pos++;
    // A lookaround consumes nothing and proves nothing about the match itself.
    return lookaround ? EMPTY : inner;
  }

  charClass(): Info {
    const end = this.classEnd();
    const body = this.src.slice(this.pos + 1, end);
    this.pos = end + 1;
    if (body.startsWith('^') || /\\[wWdDsSpP]|.-./.test(body.replace(/\\./g, 'x'))) return NONE;
    const chars = new Set(body.replace(/\\(.)/g, '$1').split(''));
    return chars.size <= 16 ? { exact: chars, req: null } : NONE;
  }

  classEnd(): number {
    for (let i = this.pos + 1; i < this.src.length; i++) {
      if (this.src[i] === '\\') i++;
      else if (this.src[i] === ']') return i;
    }
    throw new Error('unterminated class');
  }

  escape(): Info {
    const ch = this.src[this.pos++]!;
    if (ch === 'b') return { exact: new Set([B]), req: null };
    if (ch === 'B') return EMPTY;
    if (ch === 's') return { exact: new Set([W]), req: null };
    if (ch === 'n') return { exact: new Set(['\n']), req: null };
    if (ch === 't') return { exact: new Set(['\t']), req: null };
    if (ch === 'p' || ch === 'P' || ch === 'u' || ch === 'x') {
      if (this.src[this.pos] === '{') this.pos = this.src.indexOf('}', this.pos) + 1;
      else this.pos += ch === 'x' ? 2 : ch === 'u' ? 4 : 0;
      return NONE;
    }
    if (/[wWdDSNk1-9]/.test(ch)) return NONE;
    return { exact: new Set([ch]), req: null };
  }
}

const EMPTY_OR_ANY: Info = { exact: null, req: null };

/**
 * One regex that matches wherever any rule could: null when some rule has no provable anchor (the
 * fast path is then off, which is safe). Anchors contained in shorter anchors are dropped.
 */
/** A compiled prefilter: `test` is true wherever some rule could match. */
export interface Prefilter {
  test(normalized: string): boolean;
  /**
   * Which rules could match (by index into the rule list): those with an anchor in the text. A
   * rule left out cannot match, so evaluating only these gives the full detector's verdict.
   */
  candidates(normalized: string): Uint8Array;
  /** How many anchors it holds (after dropping those that contain another). */
  readonly size: number;
}

export function buildPrefilter(rules: readonly Rule[]): Prefilter | null {
  const anchors = new Set<string>();
  for (const r of rules) {
    const a = anchorsOf(r.pattern);
    if (!a) return null;
    for (const s of a) anchors.add(s);
  }
  // Shortest first; an anchor that contains a kept one adds nothing (the kept one fires first).
  const root = newNode();
  const kept: string[] = [];
  for (const a of [...anchors].sort((x, y) => x.length - y.length)) {
    if (containsKept(root, a)) continue;
    insert(root, a);
    kept.push(a);
  }
  const compiled = compile(root);
  // The second trie keeps every anchor of every rule, each end naming its rules.
  const byRule = newNode();
  rules.forEach((r, i) => {
    for (const a of anchorsOf(r.pattern) ?? []) insert(byRule, a, i);
  });
  const indexed = compile(byRule);
  return {
    test: (text) => scan(compiled, text),
    candidates: (text) => collect(indexed, text, rules.length),
    size: kept.length,
  };
}

/** Rules whose pattern proves no anchor: listed by the prefilter test so a new one is noticed. */
export function unanchoredRules(rules: readonly Rule[]): string[] {
  return rules.filter((r) => !anchorsOf(r.pattern)).map((r) => r.id);
}

interface TrieNode {
  end: boolean;
  next: Map<string, TrieNode>;
  /** Rules whose anchor ends here (index trie only). */
  rules?: number[];
}

/**
 * The anchors as a trie-shaped alternation ("\\b(?:k(?:ill|ms)|s(?:ui|…))"): a flat alternation of
 * a thousand words makes the engine try each one at every position; the trie rejects a position
 * after a character or two.
 */
function newNode(): TrieNode {
  return { end: false, next: new Map() };
}

function insert(root: TrieNode, word: string, ruleIndex?: number): void {
  let node = root;
  for (const ch of word) {
    let child = node.next.get(ch);
    if (!child) {
      child = newNode();
      node.next.set(ch, child);
    }
    node = child;
  }
  node.end = true;
  if (ruleIndex !== undefined) {
    node.rules ??= [];
    node.rules.push(ruleIndex);
  }
}

/** Whether some word already in the trie occurs inside `s`. */
function containsKept(root: TrieNode, s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    let node: TrieNode | undefined = root;
    for (let j = i; j < s.length && node; j++) {
      node = node.next.get(s[j]!);
      if (node?.end) return true;
    }
  }
  return false;
}

// — The scanner —
// A trie walked from every position of the text, in plain code rather than as one big regex: V8
// tries a regex alternation branch by branch, and with anchors starting at a word boundary it
// cannot skip ahead, so a 100-character message cost ~10 µs; the walk costs a map lookup or two
// per position. Semantics match the rules' regexes (no flags): \b between [A-Za-z0-9_] and
// anything else, \s as JavaScript's whitespace.

interface Compiled {
  end: boolean;
  rules: number[] | null;
  chars: Map<number, Compiled>;
  boundary: Compiled | null;
  space: Compiled | null;
}

function compile(node: TrieNode): Compiled {
  const out: Compiled = {
    end: node.end,
    rules: node.rules ?? null,
    chars: new Map(),
    boundary: null,
    space: null,
  };
  for (const [ch, child] of node.next) {
    const c = compile(child);
    if (ch === B) out.boundary = c;
    else if (ch === W) out.space = c;
    else out.chars.set(ch.charCodeAt(0), c);
  }
  return out;
}

function isWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || c === 95;
}

function isBoundary(text: string, i: number): boolean {
  const before = i > 0 && isWordCode(text.charCodeAt(i - 1));
  const after = i < text.length && isWordCode(text.charCodeAt(i));
  return before !== after;
}

function isSpaceCode(c: number): boolean {
  return (
    (c >= 9 && c <= 13) ||
    c === 32 ||
    c === 160 ||
    c === 5760 ||
    (c >= 8192 && c <= 8202) ||
    c === 8232 ||
    c === 8233 ||
    c === 8239 ||
    c === 8287 ||
    c === 12288 ||
    c === 65279
  );
}

function walk(node: Compiled, text: string, j: number): boolean {
  if (node.end) return true;
  if (node.boundary && isBoundary(text, j) && walk(node.boundary, text, j)) return true;
  if (j >= text.length) return false;
  const c = text.charCodeAt(j);
  if (node.space && isSpaceCode(c) && walk(node.space, text, j + 1)) return true;
  const next = node.chars.get(c);
  return next !== undefined && walk(next, text, j + 1);
}

// Like walk, but visits every anchor occurrence and marks its rules.
function mark(node: Compiled, text: string, j: number, out: Uint8Array): void {
  if (node.rules) for (const r of node.rules) out[r] = 1;
  if (node.boundary && isBoundary(text, j)) mark(node.boundary, text, j, out);
  if (j >= text.length) return;
  const c = text.charCodeAt(j);
  if (node.space && isSpaceCode(c)) mark(node.space, text, j + 1, out);
  const next = node.chars.get(c);
  if (next !== undefined) mark(next, text, j + 1, out);
}

function collect(root: Compiled, text: string, size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i <= text.length; i++) mark(root, text, i, out);
  return out;
}

function scan(root: Compiled, text: string): boolean {
  for (let i = 0; i <= text.length; i++) if (walk(root, text, i)) return true;
  return false;
}
