import { type Document, isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';

/**
 * Validation problems are data: file, position, path and message. They are collected across every
 * file and printed once, one per line, as `file:line:col path message`.
 */
export interface Problem {
  file: string;
  line: number;
  col: number;
  /** Dotted path inside the file, e.g. `steps[2].input.max`. */
  path: string;
  message: string;
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.col} ${p.path || '(file)'} ${p.message}`;
}

export function pathToString(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`))
    .join('');
}

/** A parsed YAML file that can say where any path inside it is. */
export class YamlSource {
  readonly doc: Document;
  private readonly lines = new LineCounter();

  constructor(
    readonly file: string,
    text: string,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
  }

  /** Syntax errors of the YAML itself. */
  syntaxProblems(): Problem[] {
    return this.doc.errors.map((e) => {
      const pos = this.lines.linePos(e.pos[0]);
      return {
        file: this.file,
        line: pos.line,
        col: pos.col,
        path: '',
        message: e.message.split('\n')[0] ?? e.code,
      };
    });
  }

  toJS(): unknown {
    return this.doc.toJS();
  }

  /** Position of the deepest node that exists along `path` (a missing field points at its parent). */
  at(path: ReadonlyArray<PropertyKey>, message: string): Problem {
    let offset = 0;
    for (let depth = path.length; depth >= 0; depth--) {
      const node = depth === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, depth) as unknown[], true);
      if (isNode(node) && node.range) {
        offset = node.range[0];
        break;
      }
    }
    const pos = this.lines.linePos(offset);
    return { file: this.file, line: pos.line, col: pos.col, path: pathToString(path), message };
  }

  zodProblems(error: z.ZodError): Problem[] {
    return error.issues.flatMap((issue) => {
      // A union that failed every member: report the member matching the `type`/`kind` given.
      if (
        issue.code === 'invalid_union' &&
        'errors' in issue &&
        Array.isArray(issue.errors) &&
        issue.errors.length
      ) {
        const best = (issue.errors as z.core.$ZodIssue[][]).reduce((a, b) => (b.length < a.length ? b : a));
        return best.map((inner) => this.at([...issue.path, ...inner.path], inner.message));
      }
      return [this.at(issue.path, issue.message)];
    });
  }
}
