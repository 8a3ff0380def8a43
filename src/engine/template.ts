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

export function lookup(scope: Pick<TemplateScope, 'answers' | 'vars' | 'profile'>, ref: string): unknown {
  const [root, ...rest] = ref.split('.');
  let value: unknown = scope[root as 'answers' | 'vars' | 'profile'];
  for (const part of rest) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

export function renderTemplate(text: string, scope: TemplateScope): string {
  return text.replace(PATTERN, (_all, ref: string, filter?: string) => {
    const value = lookup(scope, ref);
    if (value === undefined || value === null) return '';
    const shown =
      filter === 'label' ? (scope.label(ref.split('.')[1]!, value) ?? String(value)) : display(value);
    return escapeMarkdown(shown);
  });
}

function display(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.map(display).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
