import type { Logger, SafetyAssessment } from '../core/ports.ts';
import type { Profile } from '../core/state.ts';
import type { UserKey } from '../core/user-key.ts';

/**
 * Operator escalation webhook (CHECKIN_SAFETY_WEBHOOK_URL). Off unless configured, and even then
 * used only for people who said yes to `profile.consents.crisisEscalation`. The body carries the
 * user key, level, category and time — never what the person wrote: the type has no field for it.
 */
export interface EscalationBody {
  user: UserKey;
  level: 'concern' | 'crisis';
  category: SafetyAssessment['category'];
  /** ISO 8601 time of the assessment. */
  at: string;
}

export type EscalationOutcome = 'sent' | 'off' | 'no_consent' | 'not_crisis' | 'failed';

export interface EscalationOptions {
  /** The webhook URL; undefined turns escalation off. */
  url?: string;
  logger?: Logger;
  /** Time limit of one POST in milliseconds (default 5000). */
  timeoutMs?: number;
}

export interface Escalation {
  /**
   * Posts the event when escalation is on, the person consented, and the level is `crisis`.
   * Never throws: a failed POST is logged (status code only) and reported as `failed`.
   */
  notify(
    user: UserKey,
    profile: Profile,
    assessment: SafetyAssessment,
    atMs: number,
  ): Promise<EscalationOutcome>;
}

export function createEscalation(options: EscalationOptions): Escalation {
  const timeoutMs = options.timeoutMs ?? 5_000;
  return {
    async notify(user, profile, assessment, atMs) {
      if (!options.url) return 'off';
      if (profile.consents.crisisEscalation !== true) return 'no_consent';
      if (assessment.level !== 'crisis') return 'not_crisis';
      const body: EscalationBody = {
        user,
        level: assessment.level,
        category: assessment.category,
        at: new Date(atMs).toISOString(),
      };
      try {
        const response = await fetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'checkin-safety-escalation' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        });
        await response.body?.cancel();
        if (response.ok) return 'sent';
        options.logger?.warn(
          { code: 'escalation_http', status: response.status },
          'safety escalation rejected',
        );
        return 'failed';
      } catch (error) {
        const code = error instanceof Error ? error.name : 'unknown';
        options.logger?.warn({ code: 'escalation_unreachable', error: code }, 'safety escalation failed');
        return 'failed';
      }
    },
  };
}
