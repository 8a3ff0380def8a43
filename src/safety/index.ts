/**
 * The safety module's public face. The bot core needs two things from it, matching
 * src/bot/safety.ts: a `screen` (SafetyScreen port) run on every free-text input before anything
 * else, and `replies` that build the crisis, concern, sos and channel messages.
 */
import type { SafetyReplies, SafetyService } from '../bot/safety.ts';
import type { OutboundMessage } from '../core/outbound.ts';
import { BUILTIN_DIALOGS_DIR } from './builtin.ts';
import { createSafetyScreen, type SafetyVerdict } from './detector.ts';
import { type HelplineDirectory, loadHelplines } from './helplines.ts';
import {
  channelNotice,
  checkAnswerReply,
  concernReply,
  crisisReply,
  followUpReply,
  type SafetyReplyContext,
  sosReply,
} from './respond.ts';

export { assessText, createSafetyScreen, type SafetyVerdict } from './detector.ts';
export { createEscalation, type Escalation, type EscalationOutcome } from './escalation.ts';
export { countryFromText, type HelplineDirectory, loadHelplines } from './helplines.ts';
export {
  channelNotice,
  checkAnswerReply,
  concernReply,
  crisisReply,
  followUpReply,
  SAFETY_CHECK_TARGET,
  type SafetyReplyContext,
  sosReply,
} from './respond.ts';

/** The bot's safety service plus the answer to the check question's buttons. */
export interface CheckinSafety extends SafetyService {
  directory: HelplineDirectory;
  /** Reply to a click on SAFETY_CHECK_TARGET (`safe` or `help`). */
  checkAnswer(value: string, context: SafetyReplyContext): OutboundMessage[];
}

/**
 * Builds the safety service from content folders in override order (built-in `dialogs/` first,
 * then CHECKIN_CONTENT_DIR). Throws CheckinError(invalid_content) for a malformed directory.
 */
export function createSafetyService(dirs: readonly string[] = [BUILTIN_DIALOGS_DIR]): CheckinSafety {
  const directory = loadHelplines(dirs);
  const replies: SafetyReplies = {
    crisis: (assessment, context) => crisisReply(assessment, context, directory),
    concern: (assessment, context) => concernReply(assessment as SafetyVerdict, context),
    sos: (context) => sosReply(context, directory),
    channelNotice: (context) => channelNotice(context),
    checkAnswer: (value, context) => checkAnswerReply(value, context, directory),
    followUp: (context) => followUpReply(context),
  };
  return {
    screen: createSafetyScreen(),
    replies,
    directory,
    checkAnswer: (value, context) => checkAnswerReply(value, context, directory),
  };
}
