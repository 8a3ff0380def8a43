/**
 * Coded errors. Every error the project throws on purpose carries a stable `code` that tests and
 * operators can match on, a message that says what to change, and the underlying `cause`.
 */
export const ErrorCode = {
  InvalidUserKey: 'invalid_user_key',
  InvalidAddress: 'invalid_address',
  InvalidConfig: 'invalid_config',
  InvalidContent: 'invalid_content',
  UnknownFlow: 'unknown_flow',
  StoreUnavailable: 'store_unavailable',
  StoreConflict: 'store_conflict',
  StoreCorrupt: 'store_corrupt',
  Encryption: 'encryption',
  Platform: 'platform',
  Fetch: 'fetch',
  Usage: 'usage',
  UnknownInstrument: 'unknown_instrument',
  InvalidAnswer: 'invalid_answer',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class CheckinError extends Error {
  override readonly name: string = 'CheckinError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** True when `error` is a CheckinError with the given code. */
export function hasCode(error: unknown, code: ErrorCode): error is CheckinError {
  return error instanceof CheckinError && error.code === code;
}
