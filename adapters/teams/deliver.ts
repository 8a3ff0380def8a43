import { AsyncLocalStorage } from 'node:async_hooks';
import type { DeliveryResult } from '../../src/core/ports.ts';

/**
 * The HTTP client under the SDK's connector calls, with our retry policy. The SDK's own pipeline
 * would wait out every 429 for as long as Teams asks and retry 5xx for a minute; replies want a short
 * bounded wait and reminders want the 429 reported at once (the scheduler reschedules), so this
 * client answers 429/5xx itself and throws `ConnectorHttpError`, which the pipeline passes through.
 */

/** How connector calls cope with throttling and hiccups. */
export interface RetryPolicy {
  /** Attempts per call, including the first. */
  maxAttempts: number;
  /** Longest `Retry-After` waited out, in ms; a longer one fails the call at once. */
  maxWaitMs: number;
  /** Pause before retrying a 5xx or network failure, in ms. */
  backoffMs: number;
}

/** Replies to a person who is waiting: a few quick retries. */
export const REPLY_RETRY: RetryPolicy = { maxAttempts: 3, maxWaitMs: 5_000, backoffMs: 300 };
/** Reminders: one attempt; the scheduler retries with its own backoff and honours Retry-After. */
export const PROACTIVE_RETRY: RetryPolicy = { maxAttempts: 1, maxWaitMs: 0, backoffMs: 0 };

/** A connector answer we did not retry further: a 429 or a 5xx. */
export class ConnectorHttpError extends Error {
  override readonly name = 'ConnectorHttpError';
  constructor(
    readonly status: number,
    /** From `Retry-After`, for 429s (ms). */
    readonly retryAfterMs: number,
  ) {
    super(`connector answered HTTP ${status}`);
  }
}

const current = new AsyncLocalStorage<RetryPolicy>();

/** Runs `work` with connector calls under `policy` (default: REPLY_RETRY). */
export function withRetryPolicy<T>(policy: RetryPolicy, work: () => Promise<T>): Promise<T> {
  return current.run(policy, work);
}

/** Seconds or an HTTP date → ms; 1 s when absent or unreadable. */
export function retryAfterMs(header: string | null): number {
  if (!header) return 1000;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : 1000;
}

type Raw = Record<string, string>;

/** The header bag the SDK's compat layer expects back (`HttpHeadersLike`). */
function headersLike(raw: Raw) {
  const bag: Raw = {};
  for (const [k, v] of Object.entries(raw)) bag[k.toLowerCase()] = v;
  const self = {
    get: (name: string) => bag[name.toLowerCase()],
    set: (name: string, value: string | number) => {
      bag[name.toLowerCase()] = String(value);
    },
    contains: (name: string) => name.toLowerCase() in bag,
    remove: (name: string) => delete bag[name.toLowerCase()],
    rawHeaders: () => ({ ...bag }),
    headersArray: () => Object.entries(bag).map(([name, value]) => ({ name, value })),
    headerNames: () => Object.keys(bag),
    headerValues: () => Object.values(bag),
    clone: () => headersLike(bag),
    toJson: () => ({ ...bag }),
  };
  return self;
}

interface WebResource {
  url: string;
  method: string;
  body?: unknown;
  headers: { rawHeaders(): Raw };
  timeout?: number;
  abortSignal?: AbortSignal;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A `ConnectorClientOptions.httpClient` (the core-http-compat RequestPolicy shape) over fetch,
 * applying the policy of the current `withRetryPolicy` scope.
 */
export function connectorHttpClient(fetchImpl: typeof fetch = fetch) {
  return {
    async sendRequest(request: WebResource) {
      const policy = current.getStore() ?? REPLY_RETRY;
      for (let attempt = 1; ; attempt++) {
        let response: Response;
        try {
          const init: RequestInit = {
            method: request.method,
            headers: request.headers.rawHeaders(),
            signal: request.abortSignal ?? AbortSignal.timeout(request.timeout || 30_000),
          };
          if (request.body !== undefined && request.body !== null) init.body = request.body as string;
          response = await fetchImpl(request.url, init);
        } catch (error) {
          if (attempt >= policy.maxAttempts) throw error;
          await sleep(policy.backoffMs * attempt);
          continue;
        }
        const wait = retryAfterMs(response.headers.get('retry-after'));
        if (response.status === 429 || response.status >= 500) {
          await response.arrayBuffer().catch(() => undefined);
          const retriable = response.status === 429 ? wait <= policy.maxWaitMs : true;
          if (!retriable || attempt >= policy.maxAttempts)
            throw new ConnectorHttpError(response.status, response.status === 429 ? wait : 0);
          await sleep(response.status === 429 ? wait : policy.backoffMs * attempt);
          continue;
        }
        const headers: Raw = {};
        response.headers.forEach((value, key) => {
          headers[key] = value;
        });
        return {
          request,
          status: response.status,
          headers: headersLike(headers),
          bodyAsText: await response.text(),
        };
      }
    },
  };
}

/** Connector errors that mean the person or conversation cannot be reached any more. */
const GONE_STATUSES = new Set([403, 404]);

/** A failed proactive send as the scheduler sees it. */
export function deliveryFailure(error: unknown): DeliveryResult {
  const e = error as { status?: number; statusCode?: number; code?: string; retryAfterMs?: number };
  if (error instanceof ConnectorHttpError) {
    return error.status === 429
      ? { status: 'rate_limited', retryAfterMs: error.retryAfterMs }
      : { status: 'failed', reason: `http_${error.status}` };
  }
  const status = e?.statusCode ?? e?.status;
  if (status !== undefined && GONE_STATUSES.has(status)) {
    return { status: 'gone', reason: safeCode(e.code) ?? `http_${status}` };
  }
  if (status !== undefined) return { status: 'failed', reason: `http_${status}` };
  return { status: 'failed', reason: safeCode(e?.code) ?? 'network' };
}

/** A code fit for logs: connector error codes are short identifiers; anything else is dropped. */
export function safeCode(code: unknown): string | undefined {
  return typeof code === 'string' && /^[A-Za-z_]{1,64}$/.test(code) ? code : undefined;
}

/** A log-safe code for any error (never a message, which may quote a response). */
export function failureCode(error: unknown): string {
  const result = deliveryFailure(error);
  return result.status === 'rate_limited'
    ? 'rate_limited'
    : result.status === 'delivered'
      ? 'ok'
      : result.reason;
}
