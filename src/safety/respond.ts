import { escapeMarkdown } from '../core/markdown.ts';
import {
  type AnswerTarget,
  type Block,
  COMMAND_TARGET,
  type OutboundMessage,
  text,
} from '../core/outbound.ts';
import type { SafetyAssessment } from '../core/ports.ts';
import { BUILTIN_HELPLINES } from './builtin.ts';
import type { SafetyFraming } from './detector.ts';
import { type Helpline, type HelplineDirectory, helpFor } from './helplines.ts';
import { fill, type SafetyTexts, TEXTS } from './messages.ts';
import { SAFETY_LANGUAGES, type SafetyLanguage } from './rules/types.ts';

/**
 * The messages of the safety path, as pure functions of (assessment, context, directory). They
 * never contain what the person wrote, so they can be logged by id and tested by value.
 */

/** What the replies know about the person: where they are and which language to answer in. */
export interface SafetyReplyContext {
  /** ISO 3166-1 alpha-2 (profile, else platform locale). */
  country?: string;
  /** BCP 47 locale from the platform (`en-GB`), used when the text's language is unknown. */
  locale?: string;
  /** Language of the text that raised the concern (`en`, `es`, `de`, `fr`). */
  language?: string;
}

/**
 * The buttons of the gentle check question. Not a flow step: the bot routes a click on this target
 * to `checkAnswerReply` (flow ids must start with a letter, so `~safety` cannot clash with one).
 */
export const SAFETY_CHECK_TARGET: AnswerTarget = Object.freeze({
  flowId: '~safety',
  stepId: 'check',
  version: 0,
});
export const SAFETY_CHECK_VALUES = ['safe', 'help'] as const;

/** The language to answer in: the text's, else the locale's, else English. */
export function replyLanguage(ctx: SafetyReplyContext): SafetyLanguage {
  const candidates = [ctx.language, ctx.locale?.split(/[-_]/)[0]?.toLowerCase()];
  for (const c of candidates)
    if (c && (SAFETY_LANGUAGES as readonly string[]).includes(c)) return c as SafetyLanguage;
  return 'en';
}

/** Help now: urgent and private, in the person's language, with their country's lines. */
export function crisisReply(
  assessment: SafetyAssessment,
  ctx: SafetyReplyContext,
  directory: HelplineDirectory = BUILTIN_HELPLINES(),
): OutboundMessage[] {
  const t = TEXTS[replyLanguage(ctx)];
  const lead =
    assessment.category === 'abuse'
      ? t.crisisLeadAbuse
      : assessment.category === 'harm_to_others'
        ? t.crisisLeadOthers
        : t.crisisLead;
  return helpMessages(t, lead, assessment, ctx, directory);
}

/** Urgent help on request (`sos`): the same resources without assuming why. */
export function sosReply(
  ctx: SafetyReplyContext,
  directory: HelplineDirectory = BUILTIN_HELPLINES(),
): OutboundMessage[] {
  const t = TEXTS[replyLanguage(ctx)];
  return helpMessages(t, t.sosLead, { level: 'crisis', category: null }, ctx, directory);
}

function helpMessages(
  t: SafetyTexts,
  lead: string,
  assessment: SafetyAssessment,
  ctx: SafetyReplyContext,
  directory: HelplineDirectory,
): OutboundMessage[] {
  const help = helpFor(directory, ctx.country, assessment.category);
  // The templates put the numbers in bold themselves.
  const emergency = help.emergency.join(` ${t.or} `);
  const danger = fill(assessment.category === 'overdose_or_emergency' ? t.dangerEmergency : t.danger, {
    emergency,
  });
  const directoryLink = `[${escapeMarkdown(help.directory.name)}](${help.directory.url})`;
  const resources: string[] = help.country
    ? [
        fill(t.talkNow, { country: escapeMarkdown(help.country.name) }),
        ...help.helplines.map((h) => `- ${helplineLine(h, t)}`),
      ]
    : [
        fill(t.unknownCountry, { directory: directoryLink }),
        fill(t.emergencyFallback, { emergency }),
        t.askCountry,
      ];
  const blocks: Block[] = [
    { type: 'text', text: `${lead}\n${danger}` },
    { type: 'text', text: resources.join('\n') },
    { type: 'text', text: `${t.notEmergency}\n${t.offer}` },
    {
      type: 'choices',
      prompt: t.offerPrompt,
      options: [
        { value: 'plan', label: t.planButton },
        { value: 'ground', label: t.groundButton },
      ],
      answer: COMMAND_TARGET,
    },
  ];
  return [{ blocks, private: true, urgent: true }];
}

function helplineLine(h: Helpline, t: SafetyTexts): string {
  const ways: string[] = [];
  if (h.phone) ways.push(`${t.call} **${h.phone}**`);
  if (h.sms) ways.push(`${t.text} **${h.sms}**`);
  const site = h.url ? ` · [${new URL(h.url).hostname.replace(/^www\./, '')}](${h.url})` : '';
  const hours = h.hours ? ` (${escapeMarkdown(h.hours)})` : '';
  return `**${escapeMarkdown(h.name)}** — ${ways.join(', ')}${hours}${site}`;
}

/**
 * A gentle, direct check question with two buttons. Past, resolved history is acknowledged warmly
 * first; a likely figure of speech is named as such. Whatever the answer, `sos` stays offered.
 */
export function concernReply(
  assessment: SafetyAssessment & { framing?: SafetyFraming },
  ctx: SafetyReplyContext,
): OutboundMessage[] {
  const t = TEXTS[replyLanguage(ctx)];
  const question =
    assessment.framing === 'past_resolved' || assessment.framing === 'past'
      ? t.concernPast
      : assessment.framing === 'joking'
        ? t.concernJoking
        : t.concern[assessment.category ?? 'suicidal_thoughts'];
  return [
    {
      blocks: [
        { type: 'text', text: question },
        {
          type: 'choices',
          prompt: t.checkPrompt,
          options: [
            { value: 'safe', label: t.safeButton },
            { value: 'help', label: t.helpButton },
          ],
          answer: SAFETY_CHECK_TARGET,
        },
        { type: 'text', text: t.concernFooter },
      ],
      private: true,
    },
  ];
}

/**
 * The answer to the check question's buttons: "I'd like help" opens the full help; "I'm safe right
 * now" is thanked without closing anything — `sos` stays named, and the follow-up stays set.
 */
export function checkAnswerReply(
  value: string,
  ctx: SafetyReplyContext,
  directory: HelplineDirectory = BUILTIN_HELPLINES(),
): OutboundMessage[] {
  if (value === 'help') return sosReply(ctx, directory);
  return [text(TEXTS[replyLanguage(ctx)].safeAck, { private: true })];
}

/**
 * The gentle question at the start of the next check-in after a crisis or concern
 * (profile.followUpSafety): one denial never closes help, and `sos` is named again.
 */
export function followUpReply(ctx: SafetyReplyContext = {}): OutboundMessage {
  return text(TEXTS[replyLanguage(ctx)].followUp, { private: true });
}

/** The one neutral line allowed in a shared channel: no crisis detail, just where help went. */
export function channelNotice(ctx: SafetyReplyContext = {}): OutboundMessage {
  return text(TEXTS[replyLanguage(ctx)].channelNotice);
}
