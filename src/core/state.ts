import { z } from 'zod';
import { conversationAddressSchema } from './address.ts';

/**
 * The records kept per person. Each has a zod schema because each crosses a boundary: it is
 * written to a store and read back, possibly by a newer version of the bot.
 */

/** An answer as recorded: a choice value, a number, yes/no, or text the user typed. */
export const answerSchema = z.union([z.string(), z.number(), z.boolean()]);
export type Answer = z.infer<typeof answerSchema>;

/** A suspended flow, resumed when the flow on top of it ends (`call`, or a command mid-flow). */
export const frameSchema = z.object({
  flowId: z.string(),
  flowVersion: z.string(),
  stepId: z.string(),
  answers: z.record(z.string(), answerSchema),
  vars: z.record(z.string(), z.json()),
  trail: z.array(z.string()),
  /** `call` frames continue at the call step's `next`; `suspend` frames re-ask the same step. */
  resume: z.enum(['call', 'suspend']),
});
export type Frame = z.infer<typeof frameSchema>;

/**
 * Where a person is in a conversation: a plain, versioned record (cf. botbuilder's DialogInstance).
 * `flowVersion` is the hash of the flow definition it was started with, so a redeploy that changed
 * the flow is noticed. `version` goes up each time a question is asked; a button click carries it,
 * so a stale click is recognised.
 */
export const conversationStateSchema = z.object({
  flowId: z.string(),
  flowVersion: z.string(),
  stepId: z.string(),
  version: z.number().int().nonnegative(),
  answers: z.record(z.string(), answerSchema),
  vars: z.record(z.string(), z.json()),
  /** Ask steps visited, oldest first, for `back`. */
  trail: z.array(z.string()),
  /** Invalid answers given to the current step so far. */
  attempts: z.number().int().nonnegative(),
  stack: z.array(frameSchema),
  startedAt: z.number(),
  updatedAt: z.number(),
});
export type ConversationState = z.infer<typeof conversationStateSchema>;

/** When and how a person wants a reminder; interpreted by the scheduler (times are local). */
export const reminderRuleSchema = z.object({
  /** Local time of day, `HH:MM` 24-hour. */
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  days: z.array(z.number().int().min(1).max(7)).min(1),
  /** No reminders before this instant (ms since epoch): a vacation or a snooze. */
  pausedUntil: z.number().optional(),
  /** A snooze: remind once exactly at `pausedUntil` (whatever the weekday), then follow the rule. */
  remindAtResume: z.boolean().optional(),
  enabled: z.boolean(),
});
export type ReminderRule = z.infer<typeof reminderRuleSchema>;

export const profileSchema = z.object({
  /** Onboarding finished (consent and age asked). */
  onboarded: z.boolean().default(false),
  /** ISO 3166-1 alpha-2, upper case, for the right helplines. */
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  /** IANA time zone. */
  timeZone: z.string().optional(),
  locale: z.string().optional(),
  reminder: reminderRuleSchema.optional(),
  consents: z
    .object({
      /** May we store check-ins and history? */
      storeCheckins: z.boolean().optional(),
      /** May an operator be alerted in a crisis (escalation webhook)? Off unless said yes. */
      crisisEscalation: z.boolean().optional(),
    })
    .default({}),
  /** Where to reach this person later (reminders); written by the adapter on contact. */
  address: conversationAddressSchema.optional(),
  /** Consecutive local days with a check-in, and the last such day (`YYYY-MM-DD`). */
  streak: z.object({ count: z.number().int(), lastDay: z.string() }).optional(),
  /** Last time each screener was completed (ms), keyed by instrument id. */
  lastScreened: z.record(z.string(), z.number()).default({}),
  /** Last time each screener was offered unasked (ms), so an ignored offer is not repeated at once. */
  screenersOffered: z.record(z.string(), z.number()).optional(),
  /** A crisis was noticed and not yet followed up; the next check-in gently asks again. */
  followUpSafety: z.boolean().optional(),
  /**
   * The flow a conversation was in when last saved; kept in the profile (which does not expire)
   * so someone whose idle conversation expired is greeted back rather than met cold.
   */
  openFlow: z.string().optional(),
  /**
   * A reminder could not be delivered (DMs closed, app blocked) and reminders were turned off; the
   * person is told privately at their next interaction, then this is cleared.
   */
  undelivered: z.object({ at: z.number(), reason: z.string().max(64) }).optional(),
  /** Millisecond timestamps of first contact and last activity. */
  createdAt: z.number().optional(),
  lastSeenAt: z.number().optional(),
});
export type Profile = z.infer<typeof profileSchema>;

export function emptyProfile(): Profile {
  return profileSchema.parse({});
}

/**
 * One time-stamped entry of a person's history. Kinds are open (`mood`, `screener`, `safety`, …)
 * so later features add entries without a store change; every kind is encrypted at rest and
 * covered by export and forget.
 */
export const historyEntrySchema = z.object({
  at: z.number(),
  kind: z.string().min(1).max(32),
  data: z.record(z.string(), z.json()),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;
