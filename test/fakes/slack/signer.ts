import { createHmac } from 'node:crypto';

/**
 * Signs requests exactly as Slack does (https://docs.slack.dev/authentication/verifying-requests-from-slack):
 * `v0=` + hex HMAC-SHA256 over `v0:{timestamp}:{raw body}` with the app's signing secret.
 */
export function slackSignature(secret: string, timestampSec: number, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestampSec}:${rawBody}`).digest('hex')}`;
}

export interface SignedPost {
  /** Seconds since the epoch written into x-slack-request-timestamp (default: now). */
  timestampSec?: number;
  /** Replaces the computed signature (to test rejection). */
  signature?: string;
  /** x-slack-retry-num, as Slack sets on redelivered events. */
  retryNum?: number;
}

/** POSTs a body to the adapter's route the way Slack would; resolves with status and body. */
export async function postSigned(
  url: string,
  secret: string,
  body: { json: unknown } | { form: Record<string, string> },
  options: SignedPost = {},
): Promise<{ status: number; text: string }> {
  const raw = 'json' in body ? JSON.stringify(body.json) : new URLSearchParams(body.form).toString();
  const timestampSec = options.timestampSec ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': 'json' in body ? 'application/json' : 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestampSec),
    'x-slack-signature': options.signature ?? slackSignature(secret, timestampSec, raw),
  };
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const response = await fetch(url, { method: 'POST', headers, body: raw });
  return { status: response.status, text: await response.text() };
}
