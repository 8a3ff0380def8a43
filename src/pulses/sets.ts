import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod';
import { CheckinError, ErrorCode } from '../core/errors.ts';
import { formatProblem, type Problem, YamlSource } from '../engine/problems.ts';
import { reviewSchema } from '../engine/schema.ts';

/**
 * Pulse sets are data (`dialogs/pulses/*.yaml`): a few short questions on a small scale, with the
 * same review metadata as flows. Ids are short because they travel inside button tokens.
 */

const idSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,15}$/, 'use 1-16 lower-case letters, digits or -, starting with a letter');

const optionSchema = z.strictObject({
  value: z.number().int().min(0).max(10),
  label: z.string().min(1).max(40),
});

const questionSchema = z
  .strictObject({
    id: idSchema,
    /** Shown above the buttons and in results. */
    prompt: z.string().min(1).max(200),
    /** Short name in results and the CSV (`Energy`). */
    short: z.string().min(1).max(24),
    /** The scale, lowest first; values are consecutive whole numbers (2-7 points). */
    options: z.array(optionSchema).min(2).max(7),
  })
  .refine((q) => q.options.every((o, i) => i === 0 || o.value === (q.options[i - 1]?.value ?? 0) + 1), {
    message: 'option values must be consecutive whole numbers, lowest first',
    path: ['options'],
  });

export const pulseSetSchema = z
  .strictObject({
    id: idSchema,
    title: z.string().min(1).max(80),
    /** One or two sentences posted with the prompt: anonymous, optional, closes when. */
    intro: z.string().min(1).max(400),
    /**
     * A question whose team average is at or below this fraction of its scale (0 = lowest point,
     * 1 = highest) counts as low, and the results add supportive resources for everyone.
     */
    low_at: z.number().min(0).max(1).default(0.4),
    questions: z.array(questionSchema).min(1).max(5),
    review: reviewSchema,
  })
  .refine((s) => new Set(s.questions.map((q) => q.id)).size === s.questions.length, {
    message: 'question ids must be unique within a set',
    path: ['questions'],
  });
export type PulseSet = z.infer<typeof pulseSetSchema>;
export type PulseQuestion = PulseSet['questions'][number];

/** The set used when an admin names none. */
export const DEFAULT_PULSE_SET = 'team';

export interface PulseSetCatalog {
  byId: ReadonlyMap<string, PulseSet>;
  problems: Problem[];
}

/**
 * Reads `pulses/*.yaml` under each content folder (later folders override by id), collecting every
 * problem with file:line:col. A folder without `pulses/` holds none.
 */
export function readPulseSets(contentDirs: readonly string[]): PulseSetCatalog {
  const byId = new Map<string, PulseSet>();
  const problems: Problem[] = [];
  for (const root of contentDirs) {
    const dir = join(root, 'pulses');
    let names: string[];
    try {
      names = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
    } catch {
      continue;
    }
    for (const name of names.sort()) {
      const file = join(dir, name);
      const source = new YamlSource(relative(process.cwd(), file) || file, readFileSync(file, 'utf8'));
      const syntax = source.syntaxProblems();
      if (syntax.length) {
        problems.push(...syntax);
        continue;
      }
      const parsed = pulseSetSchema.safeParse(source.toJS());
      if (!parsed.success) {
        problems.push(...source.zodProblems(parsed.error));
        continue;
      }
      const stem = name.replace(/\.ya?ml$/, '');
      if (stem !== parsed.data.id) {
        problems.push(source.at(['id'], `id "${parsed.data.id}" must match the file name "${stem}"`));
        continue;
      }
      byId.set(parsed.data.id, parsed.data);
    }
  }
  return { byId, problems };
}

/** Like readPulseSets, but throws one invalid_content error listing every problem. */
export function loadPulseSets(contentDirs: readonly string[]): ReadonlyMap<string, PulseSet> {
  const { byId, problems } = readPulseSets(contentDirs);
  if (problems.length) {
    throw new CheckinError(
      ErrorCode.InvalidContent,
      `Invalid pulse set file(s):\n${problems.map(formatProblem).join('\n')}`,
    );
  }
  return byId;
}
