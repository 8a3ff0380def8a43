import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { CheckinError, ErrorCode } from '../core/errors.ts';
import { type Instrument, instrumentSchema } from './schema.ts';

/** Where the built-in instruments live, whatever the working directory. */
export const BUILTIN_INSTRUMENTS_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../dialogs/instruments',
);

/** One thing wrong in one instrument file, located for the person fixing it. */
export interface ContentProblem {
  file: string;
  /** 1-based line of the offending value (or of the nearest enclosing one). */
  line: number;
  /** Dotted path of the field, e.g. `scoring.bands.2.min`. */
  field: string;
  message: string;
}

export interface InstrumentSet {
  /** By instrument id; later folders replace earlier ones (the content overlay). */
  byId: ReadonlyMap<string, Instrument>;
  problems: ContentProblem[];
}

/**
 * Reads every `*.yaml` in each folder (later folders override earlier ones by id) and validates all
 * of them, collecting every problem instead of stopping at the first.
 */
export function readInstruments(dirs: readonly string[] = [BUILTIN_INSTRUMENTS_DIR]): InstrumentSet {
  const byId = new Map<string, Instrument>();
  const problems: ContentProblem[] = [];
  const origins = new Map<string, { file: string; line: number }>();
  for (const dir of dirs) {
    let files: string[];
    try {
      files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
    } catch (error) {
      // A missing overlay folder holds no instruments; the built-in folder must exist.
      if (dir === BUILTIN_INSTRUMENTS_DIR) throw error;
      continue;
    }
    for (const name of files.sort()) {
      const file = join(dir, name);
      const parsed = parseInstrumentText(readFileSync(file, 'utf8'), displayPath(file));
      problems.push(...parsed.problems);
      if (parsed.instrument) {
        byId.set(parsed.instrument.id, parsed.instrument);
        origins.set(parsed.instrument.id, { file: displayPath(file), line: parsed.followUpLine });
      }
    }
  }
  for (const inst of byId.values()) {
    const next = inst.scoring.followUp;
    if (next !== undefined && !byId.has(next)) {
      const origin = origins.get(inst.id);
      problems.push({
        file: origin?.file ?? `${inst.id}.yaml`,
        line: origin?.line ?? 1,
        field: 'scoring.followUp',
        message: `unknown instrument "${next}"`,
      });
    }
  }
  return { byId, problems };
}

/** Like `readInstruments`, but throws one `invalid_content` error listing every problem. */
export function loadInstruments(dirs?: readonly string[]): ReadonlyMap<string, Instrument> {
  const { byId, problems } = readInstruments(dirs);
  if (problems.length > 0) {
    throw new CheckinError(
      ErrorCode.InvalidContent,
      `Invalid instrument file(s):\n${problems.map(formatProblem).join('\n')}`,
    );
  }
  return byId;
}

export function formatProblem(p: ContentProblem): string {
  return `${p.file}:${p.line}: ${p.field || '(file)'}: ${p.message}`;
}

/** Parses and validates one file's text; `file` is only used to name it in problems. */
export function parseInstrumentText(
  text: string,
  file: string,
): { instrument?: Instrument; problems: ContentProblem[]; followUpLine: number } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  const lineAt = (offset: number | undefined) => (offset === undefined ? 1 : counter.linePos(offset).line);
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((e) => ({ file, line: lineAt(e.pos[0]), field: '', message: e.message })),
      followUpLine: 1,
    };
  }
  const lineOf = (path: readonly PropertyKey[]): number => {
    // Walk up until a node exists: a missing field is reported at its parent.
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n) as unknown[], true);
      if (isNode(node) && node.range) return lineAt(node.range[0]);
    }
    return 1;
  };
  const result = instrumentSchema.safeParse(doc.toJS());
  const followUpLine = lineOf(['scoring', 'followUp']);
  if (!result.success) {
    return {
      problems: result.error.issues.map((issue) => ({
        file,
        line: lineOf(issue.path),
        field: issue.path.join('.'),
        message: issue.message,
      })),
      followUpLine,
    };
  }
  const expected = basename(file).replace(/\.ya?ml$/, '');
  if (result.data.id !== expected) {
    return {
      problems: [
        { file, line: lineOf(['id']), field: 'id', message: `id must match the file name "${expected}"` },
      ],
      followUpLine,
    };
  }
  return { instrument: result.data, problems: [], followUpLine };
}

function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

let builtins: ReadonlyMap<string, Instrument> | undefined;

/** The built-in instruments, loaded once per process. */
export function builtinInstruments(): ReadonlyMap<string, Instrument> {
  builtins ??= loadInstruments();
  return builtins;
}

/** The instrument with this id, or an `unknown_instrument` error listing the known ids. */
export function instrumentById(
  id: string,
  instruments: ReadonlyMap<string, Instrument> = builtinInstruments(),
): Instrument {
  const inst = instruments.get(id);
  if (!inst) {
    const known = [...instruments.keys()].sort().join(', ');
    throw new CheckinError(ErrorCode.UnknownInstrument, `Unknown instrument "${id}"; known: ${known}.`);
  }
  return inst;
}

/**
 * Instruments from content folders (`dialogs/`, then the CHECKIN_CONTENT_DIR overlay), each holding
 * an `instruments/` folder: the same override order as flows.
 */
export function loadInstrumentsFromContent(contentDirs: readonly string[]): ReadonlyMap<string, Instrument> {
  return loadInstruments(contentDirs.map((dir) => join(dir, 'instruments')));
}

/** How people write ids: `PHQ-9`, `phq 9`, `Phq9` → `phq9`. */
export function normaliseInstrumentId(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
}
