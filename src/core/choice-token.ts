import type { AnswerTarget } from './outbound.ts';

/**
 * Encodes a button's answer target and value into one compact string that fits every platform's
 * button payload (Discord's custom_id allows 100 characters, the tightest). All adapters use this
 * one format so a click decodes the same everywhere.
 */
const PREFIX = 'c1';
const SEP = '|';

export const MAX_TOKEN_LENGTH = 100;

export function encodeChoice(target: AnswerTarget, value: string): string {
  const token = [PREFIX, target.flowId, target.stepId, String(target.version), value].join(SEP);
  if (token.length > MAX_TOKEN_LENGTH) {
    throw new RangeError(
      `Choice token for ${target.flowId}/${target.stepId} is ${token.length} characters; keep flow ids, step ids and values short (limit ${MAX_TOKEN_LENGTH}).`,
    );
  }
  return token;
}

/** Returns null for anything that is not a token we made (other apps' buttons, tampering). */
export function decodeChoice(token: string): (AnswerTarget & { value: string }) | null {
  const parts = token.split(SEP);
  if (parts.length !== 5 || parts[0] !== PREFIX) return null;
  const [, flowId, stepId, versionText, value] = parts as [string, string, string, string, string];
  const version = Number(versionText);
  if (!flowId || !stepId || !Number.isSafeInteger(version) || version < 0) return null;
  return { flowId, stepId, version, value };
}
