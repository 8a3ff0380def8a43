import { CheckinError, ErrorCode } from '../core/errors.ts';

// Redis replies that mean "not now" rather than "this data is wrong".
const TRANSIENT_REPLIES = /^(LOADING|BUSY|CLUSTERDOWN|TRYAGAIN|MASTERDOWN|READONLY|NOREPLICAS)\b/;

/**
 * Turns whatever ioredis threw into a coded error: connection loss, timeouts, a disabled offline
 * queue and transient replies become `store_unavailable` (the bot says it cannot save right now);
 * other replies (WRONGTYPE, script errors) are `store_corrupt`. Our own coded errors pass through.
 */
export function toStoreError(operation: string, error: unknown): CheckinError {
  if (error instanceof CheckinError) return error;
  const err = error instanceof Error ? error : new Error(String(error));
  const isReply = err.name === 'ReplyError';
  if (isReply && !TRANSIENT_REPLIES.test(err.message)) {
    return new CheckinError(
      ErrorCode.StoreCorrupt,
      `Redis refused ${operation}: ${err.message.split('\n')[0]}`,
      { cause: err },
    );
  }
  return new CheckinError(
    ErrorCode.StoreUnavailable,
    `Redis is unavailable for ${operation} (${err.message.split('\n')[0]}); it reconnects by itself.`,
    { cause: err },
  );
}

/**
 * What a hot path throws when a Redis call failed: our own bugs unchanged, anything else as
 * `toStoreError` (the same rule as `guarded`, without a closure per call).
 */
export function storeFailure(operation: string, error: unknown): unknown {
  if (error instanceof TypeError || error instanceof ReferenceError || error instanceof SyntaxError)
    return error;
  return toStoreError(operation, error);
}

/** Runs `fn`, converting Redis failures with `toStoreError`; our own bugs pass through unchanged. */
export async function guarded<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof TypeError || error instanceof ReferenceError || error instanceof SyntaxError)
      throw error;
    throw toStoreError(operation, error);
  }
}
