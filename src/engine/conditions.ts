import type { Condition } from './schema.ts';
import { lookup } from './template.ts';

type Scope = {
  answers: Record<string, unknown>;
  vars: Record<string, unknown>;
  profile: Record<string, unknown>;
};

/** Evaluates a branch condition. A missing value compares false (except `exists: false`). */
export function evaluate(condition: Condition, scope: Scope): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluate(c, scope));
  if ('any' in condition) return condition.any.some((c) => evaluate(c, scope));
  if ('not' in condition) return !evaluate(condition.not, scope);
  const ref =
    condition.answer !== undefined
      ? `answers.${condition.answer}`
      : condition.var !== undefined
        ? `vars.${condition.var}`
        : `profile.${condition.profile}`;
  const value = lookup(scope, ref);
  if (condition.exists !== undefined) return (value !== undefined && value !== null) === condition.exists;
  if (value === undefined || value === null) return false;
  if (condition.eq !== undefined) return value === condition.eq;
  if (condition.ne !== undefined) return value !== condition.ne;
  if (condition.in !== undefined) return condition.in.includes(value as string | number | boolean);
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return false;
  if (condition.lt !== undefined) return n < condition.lt;
  if (condition.lte !== undefined) return n <= condition.lte;
  if (condition.gt !== undefined) return n > condition.gt;
  if (condition.gte !== undefined) return n >= condition.gte;
  return false;
}
