import type { OutboundMessage } from '../core/outbound.ts';
import { text } from '../core/outbound.ts';
import type { SafetyAssessment, SafetyScreen } from '../core/ports.ts';

/** What the safety replies know about a person: nothing more than where they are and their language. */
export interface SafetyContext {
  /** ISO 3166-1 alpha-2 from the profile, else from the platform locale. */
  country?: string;
  locale?: string;
  /** Language of the text that raised the concern (`en`, `es`, `de`, `fr`). */
  language?: string;
}

/** The messages of the safety path; implemented from the helpline directory by src/safety. */
export interface SafetyReplies {
  /** Help now: helplines for the country, the emergency number, a safety plan and grounding. */
  crisis(assessment: SafetyAssessment, context: SafetyContext): OutboundMessage[];
  /** A gentle, direct check question. */
  concern(assessment: SafetyAssessment, context: SafetyContext): OutboundMessage[];
  /** Urgent help on request (`sos`). */
  sos(context: SafetyContext): OutboundMessage[];
  /** The neutral line for a shared channel when help went privately. */
  channelNotice(context: SafetyContext): OutboundMessage;
  /** Answer to a click on the check question's buttons (`safe` or `help`); never closes help. */
  checkAnswer(value: string, context: SafetyContext): OutboundMessage[];
  /** The gentle question at the start of the next check-in after a crisis or concern. */
  followUp(context: SafetyContext): OutboundMessage;
}

/** The check question's buttons (`safe` / `help`) answer this target; `~` ids never clash with flows. */
export const SAFETY_CHECK_FLOW_ID = '~safety';

export interface SafetyService {
  screen: SafetyScreen;
  replies: SafetyReplies;
}

/** Screens nothing. Used only where the real detector is deliberately absent (engine-only tests). */
export const passThroughScreen: SafetyScreen = {
  assess: () => ({ level: 'none', category: null }),
};

/**
 * Minimal replies with no directory behind them: the local emergency number and an international
 * directory of free helplines (https://findahelpline.com, run by Throughline). src/safety replaces
 * these with per-country helplines.
 */
export const basicReplies: SafetyReplies = {
  crisis: (_a, c) => basicReplies.sos(c),
  concern: () => [
    text(
      'That sounds really hard. Can I ask you directly: are you thinking about hurting yourself? If you need help now, type **sos**.',
      { private: true },
    ),
  ],
  sos: () => [
    text(
      '**If you are in danger right now, call your local emergency number.**\n' +
        'You can find a free, confidential helpline in your country at [findahelpline.com](https://findahelpline.com).\n' +
        'I’m a wellbeing companion, not an emergency service — but you don’t have to go through this alone.',
      { private: true, urgent: true },
    ),
  ],
  channelNotice: () => text('I’ve sent you a private message — or use **sos** in a direct message with me.'),
  checkAnswer: (value, c) =>
    value === 'help'
      ? basicReplies.sos(c)
      : [text('Thank you for telling me. **sos** is always here if that changes.', { private: true })],
  followUp: () =>
    text(
      'Before we start: last time you told me things were really hard. How are you doing with that today? If you need someone now, type **sos** — it’s always there.',
      { private: true },
    ),
};

/** Country for helplines: the profile's, else the region of the platform locale (`en-GB` → GB). */
export function countryFrom(
  profileCountry: string | undefined,
  locale: string | undefined,
): string | undefined {
  if (profileCountry) return profileCountry;
  const region = locale?.split(/[-_]/)[1];
  return region && /^[A-Za-z]{2}$/.test(region) ? region.toUpperCase() : undefined;
}
