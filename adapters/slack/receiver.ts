import type { ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import {
  type App,
  type Logger as BoltLogger,
  HTTPResponseAck,
  type Receiver,
  verifySlackRequest,
} from '@slack/bolt';
import type { HttpRequest, Logger } from '../../src/core/ports.ts';

/**
 * A Bolt Receiver that lives on the bot's one HTTP server instead of opening its own port: the
 * composition root's server hands us `/slack/events` requests with the raw body already read, we
 * verify Slack's signature with Bolt's own helper, acknowledge at once (HTTP 200 within Slack's
 * 3 seconds) and let Bolt run the listeners after the response has gone.
 */
export interface RoutesReceiverOptions {
  signingSecret: string;
  logger: Logger;
  boltLogger: BoltLogger;
  /** Milliseconds since the epoch; injected so stale-timestamp checks are testable. */
  now?: () => number;
}

/** The HTTP-mode Receiver; its `handle` is the `/slack/events` route. */
export class RoutesReceiver implements Receiver {
  #app: App | undefined;
  #stopped = false;
  readonly #options: RoutesReceiverOptions;

  constructor(options: RoutesReceiverOptions) {
    this.#options = options;
  }

  init(app: App): void {
    this.#app = app;
  }

  /** Nothing to open: the route is registered on the shared server by the adapter. */
  async start(): Promise<void> {
    this.#stopped = false;
  }

  /** New requests get 503 (Slack retries them, possibly on another instance). */
  async stop(): Promise<void> {
    this.#stopped = true;
  }

  /** The `/slack/events` handler: events, interactivity and slash commands all arrive here. */
  readonly handle = async (req: HttpRequest, res: ServerResponse): Promise<void> => {
    const { logger } = this.#options;
    if (this.#stopped || !this.#app) {
      reply(res, 503);
      return;
    }
    const raw = req.rawBody.toString('utf8');
    const contentType = String(req.headers['content-type'] ?? '')
      .split(';')[0]
      ?.trim();
    const form = contentType === 'application/x-www-form-urlencoded' ? parseQuery(raw) : null;
    // Slack's SSL check carries no signature and must not smuggle a payload in: answer and drop it.
    if (form?.ssl_check === '1') {
      reply(res, 200);
      return;
    }
    const signature = req.headers['x-slack-signature'];
    const timestamp = req.headers['x-slack-request-timestamp'];
    try {
      if (typeof signature !== 'string' || typeof timestamp !== 'string')
        throw new Error('missing signature headers');
      verifySlackRequest({
        signingSecret: this.#options.signingSecret,
        body: raw,
        headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': Number(timestamp) },
        nowMilliseconds: (this.#options.now ?? Date.now)(),
      });
    } catch {
      logger.warn({ route: '/slack/events' }, 'slack request rejected: bad or stale signature');
      reply(res, 401);
      return;
    }
    let body: Record<string, unknown>;
    try {
      body = parseBody(raw, form);
    } catch {
      logger.warn({ route: '/slack/events' }, 'slack request rejected: malformed body');
      reply(res, 400);
      return;
    }
    if (body.type === 'url_verification') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ challenge: body.challenge }));
      return;
    }
    const ack = new HTTPResponseAck({
      logger: this.#options.boltLogger,
      processBeforeResponse: false,
      httpRequest: req,
      httpRequestBody: body,
      httpResponse: res,
    });
    const retryHeader = req.headers['x-slack-retry-num'];
    const retryNum = typeof retryHeader === 'string' ? Number.parseInt(retryHeader, 10) : undefined;
    const retryReason = req.headers['x-slack-retry-reason'];
    try {
      await this.#app.processEvent({
        body,
        ack: ack.bind(),
        ...(retryNum !== undefined && Number.isFinite(retryNum) ? { retryNum } : {}),
        ...(typeof retryReason === 'string' ? { retryReason } : {}),
      });
    } catch (error) {
      logger.error(
        { route: '/slack/events', code: (error as { code?: string }).code ?? 'error' },
        'slack event failed',
      );
      if (!res.headersSent) {
        ack.ack();
        reply(res, 500);
      }
    }
  };
}

function parseBody(raw: string, form: ReturnType<typeof parseQuery> | null): Record<string, unknown> {
  if (form) {
    // Interactivity sends one `payload` field of JSON; slash commands are plain form fields.
    if (typeof form.payload === 'string') return JSON.parse(form.payload) as Record<string, unknown>;
    return form as Record<string, unknown>;
  }
  const parsed: unknown = JSON.parse(raw);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('not an object');
  return parsed as Record<string, unknown>;
}

function reply(res: ServerResponse, status: number): void {
  res.writeHead(status);
  res.end();
}
