import type { webApi } from '@slack/bolt';
import type { DeliveryResult, Logger } from '../../src/core/ports.ts';
import type { SlackBlock, SlackPart } from './render.ts';

/**
 * Every Web API call the adapter makes, behind one small retry policy. Bolt's client is built with
 * `retries: 0` and `rejectRateLimitedCalls: true` (its default policy retries for ~30 minutes),
 * so rate limits surface here and are waited out, a bounded number of times, by us.
 */

type WebClient = webApi.WebClient;

/** How replies cope with Slack's rate limits and hiccups. */
export interface RetryPolicy {
  /** Attempts per call, including the first (default 3). */
  maxAttempts: number;
  /** Longest `Retry-After` we wait in a reply path, in milliseconds (default 30 000); longer fails. */
  maxWaitMs: number;
  /** Pause before retrying a 5xx or network failure, in milliseconds (default 500). */
  backoffMs: number;
}

const DM_CACHE_LIMIT = 10_000;

/** Three attempts, waiting up to 30 s for a 429 and 0.5 s × attempt after a 5xx or network error. */
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, maxWaitMs: 30_000, backoffMs: 500 };

/**
 * Slack errors meaning the person or workspace cannot be reached any more: retrying will not help,
 * so proactive sends report them as gone and the scheduler stops.
 */
export const GONE_ERRORS = new Set([
  'user_not_found',
  'users_not_found',
  'user_disabled',
  'account_inactive',
  'cannot_dm_bot',
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'team_access_not_granted',
  'team_not_found',
  'org_login_required',
  'ekm_access_denied',
]);

/** What went wrong with a call, in the terms the adapter acts on. */
export type CallFailure =
  | { kind: 'rate_limited'; retryAfterMs: number }
  | { kind: 'platform'; error: string }
  | { kind: 'http'; status: number }
  | { kind: 'network' };

/** Sorts a WebClient error into what the adapter acts on. */
export function classify(error: unknown): CallFailure {
  const e = error as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string } };
  switch (e?.code) {
    case 'slack_webapi_rate_limited_error':
      return { kind: 'rate_limited', retryAfterMs: Math.max(0, (e.retryAfter ?? 1) * 1000) };
    case 'slack_webapi_platform_error':
      return { kind: 'platform', error: e.data?.error ?? 'unknown_error' };
    case 'slack_webapi_http_error':
      return { kind: 'http', status: e.statusCode ?? 0 };
    default:
      return { kind: 'network' };
  }
}

/** A failed proactive send as the scheduler sees it. */
export function deliveryFailure(error: unknown): DeliveryResult {
  const failure = classify(error);
  switch (failure.kind) {
    case 'rate_limited':
      return { status: 'rate_limited', retryAfterMs: failure.retryAfterMs };
    case 'platform':
      return GONE_ERRORS.has(failure.error)
        ? { status: 'gone', reason: failure.error }
        : { status: 'failed', reason: failure.error };
    case 'http':
      return { status: 'failed', reason: `http_${failure.status}` };
    case 'network':
      return { status: 'failed', reason: 'network' };
  }
}

/** A code fit for logs: never a message text or token. */
export function failureCode(error: unknown): string {
  const f = classify(error);
  return f.kind === 'platform' ? f.error : f.kind === 'http' ? `http_${f.status}` : f.kind;
}

/** What a SlackSender is built from. */
export interface SlackSenderOptions {
  client: WebClient;
  logger: Logger;
  policy?: Partial<RetryPolicy>;
  /** Injected for tests that must not wait; defaults to setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  /** fetch used for upload URLs and response_url (default: global fetch). */
  fetch?: typeof fetch;
}

/** Posts, updates and uploads, each with the retry policy. */
export class SlackSender {
  readonly #client: WebClient;
  readonly #logger: Logger;
  readonly #policy: RetryPolicy;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #fetch: typeof fetch;
  /** user id → DM channel id; conversations.open is idempotent, so a cache only saves calls. */
  readonly #dms = new Map<string, string>();

  constructor(options: SlackSenderOptions) {
    this.#client = options.client;
    this.#logger = options.logger;
    this.#policy = { ...DEFAULT_RETRY, ...options.policy };
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.#fetch = options.fetch ?? fetch;
  }

  /**
   * Runs `call`, waiting out 429s (up to `maxWaitMs`) and retrying 5xx and network failures, up to
   * `maxAttempts`. With `waitOnRateLimit: false` a 429 is thrown at once (proactive sends report it).
   */
  async call<T>(
    method: string,
    call: () => Promise<T>,
    options: { waitOnRateLimit?: boolean } = {},
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        const failure = classify(error);
        const last = attempt >= this.#policy.maxAttempts;
        let waitMs: number | null = null;
        if (failure.kind === 'rate_limited' && options.waitOnRateLimit !== false) {
          if (failure.retryAfterMs <= this.#policy.maxWaitMs) waitMs = failure.retryAfterMs;
        } else if (failure.kind === 'network' || (failure.kind === 'http' && failure.status >= 500)) {
          waitMs = this.#policy.backoffMs * attempt;
        }
        if (last || waitMs === null) {
          this.#logger.warn({ method, code: failureCode(error), attempt }, 'slack call failed');
          throw error;
        }
        this.#logger.info({ method, code: failureCode(error), attempt, waitMs }, 'slack call retried');
        await this.#sleep(waitMs);
      }
    }
  }

  async openDm(user: string, options: { waitOnRateLimit?: boolean } = {}): Promise<string> {
    const cached = this.#dms.get(user);
    if (cached) return cached;
    const result = await this.call(
      'conversations.open',
      () => this.#client.conversations.open({ users: user }),
      options,
    );
    const channel = result.channel?.id;
    if (!channel)
      throw Object.assign(new Error('conversations.open returned no channel'), { code: 'no_channel' });
    // Bounded: a cache miss costs one idempotent call, a leak costs the process.
    if (this.#dms.size >= DM_CACHE_LIMIT) this.#dms.clear();
    this.#dms.set(user, channel);
    return channel;
  }

  /** Posts one rendered part; returns the message ts (uploads return ''). */
  async post(
    channel: string,
    part: SlackPart,
    threadTs?: string,
    options: { waitOnRateLimit?: boolean } = {},
  ): Promise<string> {
    if (part.kind === 'upload') {
      await this.upload(channel, part, threadTs, options);
      return '';
    }
    const result = await this.call(
      'chat.postMessage',
      () =>
        this.#client.chat.postMessage({
          channel,
          blocks: part.blocks,
          text: part.text,
          unfurl_links: false,
          unfurl_media: false,
          ...(threadTs ? { thread_ts: threadTs } : {}),
        }),
      options,
    );
    return result.ts ?? '';
  }

  async ephemeral(
    channel: string,
    user: string,
    part: Extract<SlackPart, { kind: 'post' }>,
    threadTs?: string,
  ) {
    await this.call('chat.postEphemeral', () =>
      this.#client.chat.postEphemeral({
        channel,
        user,
        blocks: part.blocks,
        text: part.text,
        ...(threadTs ? { thread_ts: threadTs } : {}),
      }),
    );
  }

  async update(channel: string, ts: string, content: { blocks: SlackBlock[]; text: string }): Promise<void> {
    await this.call('chat.update', () =>
      this.#client.chat.update({ channel, ts, blocks: content.blocks, text: content.text }),
    );
  }

  /** Slack's current upload flow: ask for an upload URL, send the bytes there, then share the file. */
  async upload(
    channel: string,
    part: Extract<SlackPart, { kind: 'upload' }>,
    threadTs?: string,
    options: { waitOnRateLimit?: boolean } = {},
  ): Promise<void> {
    const ticket = await this.call(
      'files.getUploadURLExternal',
      () =>
        this.#client.files.getUploadURLExternal({
          filename: part.filename,
          length: part.bytes.byteLength,
          ...(part.altText ? { alt_text: part.altText.slice(0, 1000) } : {}),
        }),
      options,
    );
    const { upload_url: url, file_id: fileId } = ticket;
    if (!url || !fileId) throw Object.assign(new Error('no upload url'), { code: 'no_upload_url' });
    await this.call(
      'files.upload_url',
      async () => {
        const response = await this.#fetch(url, { method: 'POST', body: part.bytes });
        if (!response.ok)
          throw Object.assign(new Error('upload failed'), {
            code: 'slack_webapi_http_error',
            statusCode: response.status,
          });
      },
      options,
    );
    await this.call(
      'files.completeUploadExternal',
      () =>
        this.#client.files.completeUploadExternal({
          files: [{ id: fileId, title: part.title.slice(0, 250) }],
          channel_id: channel,
          ...(threadTs ? { thread_ts: threadTs } : {}),
        }),
      options,
    );
  }

  /** Sends to an interaction's response_url (ephemeral replies and replacing ephemeral messages). */
  async respond(responseUrl: string, body: Record<string, unknown>): Promise<void> {
    await this.call('response_url', async () => {
      const response = await this.#fetch(responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!response.ok)
        throw Object.assign(new Error('response_url failed'), {
          code: 'slack_webapi_http_error',
          statusCode: response.status,
        });
    });
  }

  async publishHome(user: string, blocks: SlackBlock[]): Promise<void> {
    await this.call('views.publish', () =>
      this.#client.views.publish({ user_id: user, view: { type: 'home', blocks } }),
    );
  }

  /**
   * The person's IANA time zone and locale from their profile, when Slack shares them, and whether
   * they are a workspace admin or owner (who may manage team pulses).
   */
  async userInfo(user: string): Promise<{ timeZone?: string; locale?: string; isAdmin?: boolean }> {
    const result = await this.call('users.info', () =>
      this.#client.users.info({ user, include_locale: true }),
    );
    const out: { timeZone?: string; locale?: string; isAdmin?: boolean } = {};
    if (result.user?.is_admin || result.user?.is_owner) out.isAdmin = true;
    if (result.user?.tz) out.timeZone = result.user.tz;
    if (result.user?.locale) out.locale = result.user.locale;
    return out;
  }
}
