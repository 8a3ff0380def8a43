import { z } from 'zod';
import { SAFETY_CATEGORIES } from '../core/ports.ts';

/**
 * The flow format: a flow is data (YAML under dialogs/flows/), typed by this schema. Each step is
 * one member of a discriminated union on `type`; the interpreter keeps a handler per type in a
 * `Record<Step['type'], …>`, so a new step kind does not compile until it is handled.
 */

// Ids travel inside button payloads (src/core/choice-token.ts, 100 characters in all): keep them short.
export const flowIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,23}$/, 'lower-case letters, digits and -, at most 24');
export const stepIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,23}$/, 'lower-case letters, digits and _, at most 24');
const valueSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,23}$/, 'lower-case letters, digits and _ . -, at most 24');

/** Where a `set`/`history`/`record` value comes from: `answers.<key>`, `vars.<name>`, `profile.<field>`. */
export const refSchema = z
  .string()
  .regex(/^(answers|vars|profile)\.[A-Za-z0-9_.]+$/, 'a reference like answers.mood');

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** Branch conditions: a subject (answer, var or profile field) and one comparison, or all/any/not. */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | {
      answer?: string | undefined;
      var?: string | undefined;
      profile?: string | undefined;
      eq?: z.infer<typeof scalar> | undefined;
      ne?: z.infer<typeof scalar> | undefined;
      lt?: number | undefined;
      lte?: number | undefined;
      gt?: number | undefined;
      gte?: number | undefined;
      in?: Array<z.infer<typeof scalar>> | undefined;
      exists?: boolean | undefined;
    };

const OPS = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'exists'] as const;
const comparison = z
  .strictObject({
    answer: z.string().optional(),
    var: z.string().optional(),
    profile: z.string().optional(),
    eq: scalar.optional(),
    ne: scalar.optional(),
    lt: z.number().optional(),
    lte: z.number().optional(),
    gt: z.number().optional(),
    gte: z.number().optional(),
    in: z.array(scalar).optional(),
    exists: z.boolean().optional(),
  })
  .refine((c) => [c.answer, c.var, c.profile].filter((s) => s !== undefined).length === 1, {
    message: 'name exactly one of answer, var or profile',
  })
  .refine((c) => OPS.filter((op) => c[op] !== undefined).length === 1, {
    message: `use exactly one comparison: ${OPS.join(', ')}`,
  });

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(conditionSchema).min(1) }),
    z.strictObject({ any: z.array(conditionSchema).min(1) }),
    z.strictObject({ not: conditionSchema }),
    comparison,
  ]),
);

const optionSchema = z.strictObject({ value: valueSchema, label: z.string().min(1).max(75) });

/** What an `ask` step accepts. Typed text is matched against each kind (see interpreter/answers.ts). */
export const inputSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('choice'), options: z.array(optionSchema).min(2).max(25) }),
  z
    .strictObject({
      kind: z.literal('scale'),
      min: z.int().min(0).max(10),
      max: z.int().min(1).max(10),
      /** Label per point, keyed by the number (`1: "😞 Very low"`); every point needs one. */
      labels: z.record(z.string().regex(/^\d+$/), z.string().min(1).max(40)),
    })
    .refine((s) => s.max > s.min, { message: 'max must be greater than min', path: ['max'] })
    .refine(
      (s) => {
        for (let n = s.min; n <= s.max; n++) if (!s.labels[String(n)]) return false;
        return true;
      },
      { message: 'give a label for every point from min to max', path: ['labels'] },
    ),
  z.strictObject({
    kind: z.literal('yesno'),
    yes: z.string().min(1).max(40).default('Yes'),
    no: z.string().min(1).max(40).default('No'),
  }),
  z
    .strictObject({
      kind: z.literal('number'),
      min: z.number(),
      max: z.number(),
      integer: z.boolean().default(true),
    })
    .refine((n) => n.max >= n.min, { message: 'max must not be less than min', path: ['max'] }),
  z.strictObject({
    kind: z.literal('text'),
    max_length: z.int().min(1).max(4000).default(500),
    /** A shape the text must have; otherwise any text up to max_length. */
    format: z.enum(['any', 'timezone', 'time', 'country']).default('any'),
  }),
]);
export type Input = z.infer<typeof inputSchema>;

const next = stepIdSchema.optional();

const say = z.strictObject({ id: stepIdSchema, type: z.literal('say'), text: z.string().min(1), next });
const ask = z.strictObject({
  id: stepIdSchema,
  type: z.literal('ask'),
  prompt: z.string().min(1),
  input: inputSchema,
  /** Answer key (defaults to the step id). */
  save: stepIdSchema.optional(),
  skippable: z.boolean().default(false),
  next,
});
const branch = z.strictObject({
  id: stepIdSchema,
  type: z.literal('branch'),
  cases: z.array(z.strictObject({ when: conditionSchema, next: stepIdSchema })).min(1),
  default: stepIdSchema,
});
/** Profile fields a flow may set; anything else about a person is not a flow's business. */
export const SETTABLE_PROFILE_FIELDS = [
  'country',
  'timeZone',
  'locale',
  'onboarded',
  'consents.storeCheckins',
  'consents.crisisEscalation',
  'reminder.time',
  'reminder.enabled',
] as const;
const assignment = z
  .strictObject({
    target: z
      .string()
      .regex(/^(vars\.[a-z][a-z0-9_]*|profile\.[A-Za-z.]+)$/, 'vars.<name> or profile.<field>'),
    value: scalar.optional(),
    from: refSchema.optional(),
  })
  .refine((a) => (a.value === undefined) !== (a.from === undefined), {
    message: 'give exactly one of value or from',
  })
  .refine(
    (a) =>
      !a.target.startsWith('profile.') ||
      (SETTABLE_PROFILE_FIELDS as readonly string[]).includes(a.target.slice(8)),
    {
      message: `profile fields a flow may set: ${SETTABLE_PROFILE_FIELDS.join(', ')}`,
      path: ['target'],
    },
  );
const set = z.strictObject({
  id: stepIdSchema,
  type: z.literal('set'),
  values: z.array(assignment).min(1),
  next,
});
const score = z.strictObject({
  id: stepIdSchema,
  type: z.literal('score'),
  /** An instrument id (dialogs/instruments) scored by the injected scorer. */
  instrument: z.string().regex(/^[a-z0-9]+$/),
  /** Answer keys of the items, in the instrument's order. */
  items: z.array(stepIdSchema).min(1),
  /** The result ({total, band, flags, percent?}) is kept as vars.<save>. */
  save: stepIdSchema,
  next,
});
const history = z.strictObject({
  id: stepIdSchema,
  type: z.literal('history'),
  /** Kind of history entry (`mood`, …). Only written when the person consented to storing check-ins. */
  kind: z.string().regex(/^[a-z_]{1,32}$/),
  fields: z.record(z.string(), refSchema),
  /** Count this entry toward the daily streak (vars.streak holds the new count). */
  streak: z.boolean().default(false),
  next,
});
const record = z.strictObject({
  id: stepIdSchema,
  type: z.literal('record'),
  /** A named private document (e.g. `safety_plan`), replaced as a whole. */
  name: z.string().regex(/^[a-z_]{1,32}$/),
  fields: z.record(z.string(), refSchema),
  next,
});
const goTo = z.strictObject({ id: stepIdSchema, type: z.literal('goto'), next: stepIdSchema });
const call = z.strictObject({ id: stepIdSchema, type: z.literal('call'), flow: flowIdSchema, next });
/** Raises the safety path from inside a flow (e.g. PHQ-9 item 9), whatever else happens. */
const safety = z.strictObject({
  id: stepIdSchema,
  type: z.literal('safety'),
  level: z.enum(['concern', 'crisis']),
  category: z.enum(SAFETY_CATEGORIES),
  next,
});
/** Asks the bot to do something outside the flow; `forget_me` erases everything stored. */
const action = z.strictObject({
  id: stepIdSchema,
  type: z.literal('action'),
  action: z.enum(['forget_me']),
  next,
});
const end = z.strictObject({ id: stepIdSchema, type: z.literal('end'), text: z.string().optional() });

export const stepSchema = z.discriminatedUnion('type', [
  say,
  ask,
  branch,
  set,
  score,
  history,
  record,
  goTo,
  call,
  safety,
  action,
  end,
]);
export type Step = z.infer<typeof stepSchema>;
export type StepType = Step['type'];
export type StepOf<T extends StepType> = Extract<Step, { type: T }>;

/** Review metadata: status stays `pending` until a named person has actually reviewed the flow. */
export const reviewSchema = z
  .strictObject({
    author: z.string().min(1),
    sources: z.array(z.strictObject({ title: z.string().min(1), url: z.url().optional() })).default([]),
    status: z.enum(['pending', 'reviewed']),
    reviewed_by: z.string().min(1).optional(),
    reviewed_on: z.iso.date().optional(),
  })
  .refine((r) => r.status !== 'reviewed' || (r.reviewed_by && r.reviewed_on), {
    message: 'a reviewed flow names reviewed_by and reviewed_on',
    path: ['status'],
  })
  .refine((r) => r.status !== 'pending' || !r.reviewed_by, {
    message: 'a pending flow has no reviewer yet; remove reviewed_by or set status: reviewed',
    path: ['reviewed_by'],
  });

export const flowSchema = z.strictObject({
  id: flowIdSchema,
  title: z.string().min(1),
  description: z.string().min(1),
  review: reviewSchema,
  /** First step (defaults to the first in the list). */
  start: stepIdSchema.optional(),
  /**
   * What crisis words in an answer do: `interrupt` (default) pauses the flow and answers with help;
   * `annotate` records the answer and shows urgent help beside it — for flows such as the safety
   * plan, where naming hard thoughts is the point.
   */
  safety: z.enum(['interrupt', 'annotate']).default('interrupt'),
  steps: z.array(stepSchema).min(1),
});
export type FlowDefinition = z.infer<typeof flowSchema>;

/** A validated flow, indexed for the interpreter, with its version hash. */
export interface Flow extends FlowDefinition {
  /** Hash of the definition; kept in conversation state to notice a changed flow. */
  version: string;
  byId: ReadonlyMap<string, Step>;
  /** The step after each step in list order (the default `next`), or undefined at the end. */
  following: ReadonlyMap<string, string | undefined>;
  startId: string;
  /** File the flow was loaded from (for messages). */
  file: string;
}
