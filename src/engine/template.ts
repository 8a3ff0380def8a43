import { escapeMarkdown } from '../core/markdown.ts';

/**
 * Templating of flow text: `{{answers.mood}}`, `{{vars.result.band}}`, `{{profile.country}}`, and
 * `{{answers.mood | label}}` for the label of a chosen option. Every substituted value is escaped,
 * because answers and profile fields are typed by people and must never become markup.
 */
const PATTERN = /\{\{\s*((?:answers|vars|profile)\.[A-Za-z0-9_.]+)\s*(?:\|\s*(label))?\s*\}\}/g;

export function templateRefs(text: string): string[] {
  return [...text.matchAll(PATTERN)].map((m) => m[1]!);
}

export interface TemplateScope {
  answers: Record<string, unknown>;
  vars: Record<string, unknown>;
  profile: Record<string, unknown>;
  /** Label of an answer value, for `| label`. */
  label(answerKey: string, value: unknown): string | undefined;
}

/**
 * Split references, kept: they come from flow definitions, so there are few of them and each is
 * looked up on many turns. Bounded all the same, in case references are ever built from input.
 */
const paths = new Map<string, string[]>();
const MAX_PATHS = 10_000;

function pathOf(ref: string): string[] {
  let path = paths.get(ref);
  if (!path) {
    if (paths.size >= MAX_PATHS) paths.clear();
    path = ref.split('.');
    paths.set(ref, path);
  }
  return path;
}

export function lookup(scope: Pick<TemplateScope, 'answers' | 'vars' | 'profile'>, ref: string): unknown {
  const path = pathOf(ref);
  let value: unknown = scope[path[0] as 'answers' | 'vars' | 'profile'];
  for (let i = 1; i < path.length; i++) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[path[i]!];
  }
  return value;
}

export function renderTemplate(text: string, scope: TemplateScope): string {
  let out = '';
  let last = 0;
  PATTERN.lastIndex = 0;
  for (let m = PATTERN.exec(text); m; m = PATTERN.exec(text)) {
    out += text.slice(last, m.index) + substitute(scope, m[1]!, m[2]);
    last = m.index + m[0].length;
  }
  return last === 0 ? text : out + text.slice(last);
}

function substitute(scope: TemplateScope, ref: string, filter: string | undefined): string {
  const value = lookup(scope, ref);
  if (value === undefined || value === null) return '';
  const shown = filter === 'label' ? (scope.label(pathOf(ref)[1]!, value) ?? String(value)) : display(value);
  return escapeMarkdown(shown);
}

function display(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.map(display).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
