import { z } from 'zod';
import { conversationAddressSchema } from '../core/address.ts';
import type { Json } from '../core/json.ts';

/**
 * What a pulse is (meta, sealed while it lives) and what is left of it after closing (the
 * aggregate: counts per option per question, and how many people answered — nothing per person).
 */

const questionSnapshot = z.object({
  id: z.string(),
  short: z.string(),
  prompt: z.string(),
  options: z.array(z.object({ value: z.number().int(), label: z.string() })),
});

/** A snapshot of the set is kept with the pulse, so editing the YAML never changes an open pulse. */
export const pulseMetaSchema = z.object({
  v: z.literal(1),
  id: z.string(),
  address: conversationAddressSchema.extend({ ref: z.custom<Json>((v) => v !== undefined) }),
  setId: z.string(),
  title: z.string(),
  intro: z.string(),
  lowAt: z.number(),
  questions: z.array(questionSnapshot).min(1),
  openedAt: z.number(),
  closesAt: z.number(),
});
export type PulseMeta = z.infer<typeof pulseMetaSchema>;

export const aggregateSchema = z.object({
  v: z.literal(1),
  /** People who answered at least one question. */
  n: z.number().int().nonnegative(),
  /** Fewer than the minimum group answered: no counts were kept at all. */
  suppressed: z.boolean(),
  minGroup: z.number().int(),
  closedAt: z.number(),
  questions: z.array(
    z.object({
      id: z.string(),
      /** People who answered this question. */
      answered: z.number().int().nonnegative(),
      /** value → count; null when suppressed (overall or for this question alone). */
      counts: z.record(z.string(), z.number().int().nonnegative()).nullable(),
    }),
  ),
});
export type Aggregate = z.infer<typeof aggregateSchema>;

/**
 * Counts answers. `answers` maps `<person hash>:<question id>` to the answered value; the person
 * hash is only used to count people once and is not part of the result. Below `minGroup` people
 * no counts are kept at all, and a question answered by fewer than `minGroup` keeps none either.
 */
export function aggregate(
  meta: PulseMeta,
  answers: ReadonlyMap<string, number>,
  minGroup: number,
  closedAt: number,
): Aggregate {
  const people = new Set<string>();
  const byQuestion = new Map<string, Map<number, number>>();
  for (const [field, value] of answers) {
    const cut = field.lastIndexOf(':');
    const person = field.slice(0, cut);
    const question = meta.questions.find((q) => q.id === field.slice(cut + 1));
    if (!question?.options.some((o) => o.value === value)) continue;
    people.add(person);
    const counts = byQuestion.get(question.id) ?? new Map<number, number>();
    counts.set(value, (counts.get(value) ?? 0) + 1);
    byQuestion.set(question.id, counts);
  }
  const n = people.size;
  const suppressed = n < minGroup;
  return {
    v: 1,
    n,
    suppressed,
    minGroup,
    closedAt,
    questions: meta.questions.map((q) => {
      const counts = byQuestion.get(q.id) ?? new Map<number, number>();
      const answered = [...counts.values()].reduce((a, b) => a + b, 0);
      return {
        id: q.id,
        answered: suppressed ? 0 : answered,
        counts:
          suppressed || answered < minGroup
            ? null
            : Object.fromEntries(q.options.map((o) => [String(o.value), counts.get(o.value) ?? 0])),
      };
    }),
  };
}

/** The average of one question's counts, or null when it has none. */
export function averageOf(counts: Record<string, number> | null): number | null {
  if (!counts) return null;
  let sum = 0;
  let total = 0;
  for (const [value, count] of Object.entries(counts)) {
    sum += Number(value) * count;
    total += count;
  }
  return total ? sum / total : null;
}
