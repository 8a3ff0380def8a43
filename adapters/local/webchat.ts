import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import type { ConversationAddress } from '../../src/core/address.ts';
import { decodeChoice } from '../../src/core/choice-token.ts';
import type { InboundTurn, TurnInput } from '../../src/core/inbound.ts';
import type { OutboundMessage, TurnReply } from '../../src/core/outbound.ts';
import type {
  DeliveryResult,
  HttpRequest,
  Logger,
  PlatformAdapter,
  SentRef,
  StartContext,
  TurnSink,
} from '../../src/core/ports.ts';
import { userKey } from '../../src/core/user-key.ts';
import { type MessageView, renderMessage } from './render.ts';
import { StreamHub } from './stream.ts';

/**
 * The local web chat: a small page on `/` and a JSON API beside it, so anyone can try the bot in a
 * browser with no accounts. It is UNAUTHENTICATED: whoever can reach the port can chat, and each
 * browser is a person (`local:<random id>` in a cookie). The composition root logs a warning
 * whenever it runs.
 *
 * API: `POST /api/chat/turn` with JSON `{ text }` or `{ choice }` (a button token) and an optional
 * client `id` for retries, answered with `{ messages, update? }`; `GET /api/chat/events` is a
 * server-sent-events stream of proactive messages (`message`) and replacements (`update`).
 */
const COOKIE = 'checkin_local';
const BROWSER_ID = /^[A-Za-z0-9_-]{16,64}$/;
const CLIENT_EVENT_ID = /^[A-Za-z0-9_-]{8,64}$/;
/** Longest message accepted from the page, in characters; longer ones are refused, not cut. */
export const MAX_TEXT_LENGTH = 4_000;

const asset = (name: string) => readFileSync(new URL(`./page/${name}`, import.meta.url));
const ASSETS = {
  '/': { body: asset('index.html'), type: 'text/html; charset=utf-8' },
  '/webchat/app.js': { body: asset('app.js'), type: 'text/javascript; charset=utf-8' },
  '/webchat/style.css': { body: asset('style.css'), type: 'text/css; charset=utf-8' },
} as const;

const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

export class WebChatAdapter implements PlatformAdapter {
  readonly platform = 'local' as const;
  private sink: TurnSink | null = null;
  private log: Logger | null = null;
  private readonly streams = new StreamHub();
  private stopped = false;
  private inFlight = 0;
  private idle: (() => void) | null = null;
  private nextId = 0;

  async start({ sink, http, logger }: StartContext): Promise<void> {
    this.sink = sink;
    this.log = logger.child({ component: 'webchat' });
    for (const [path, file] of Object.entries(ASSETS)) {
      http.route('GET', path, (req, res) => {
        const headers: Record<string, string> = { ...SECURITY_HEADERS, 'Content-Type': file.type };
        if (path === '/') this.browserId(req, headers);
        res.writeHead(200, { ...headers, 'Cache-Control': 'no-cache', 'Content-Length': file.body.length });
        res.end(file.body);
      });
    }
    http.route('POST', '/api/chat/turn', (req, res) => this.onTurn(req, res));
    http.route('GET', '/api/chat/events', (req, res) => {
      const headers: Record<string, string> = {};
      const browser = this.browserId(req, headers);
      for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
      if (this.stopped)
        return json(res, 503, { error: 'The chat is restarting; this page reconnects by itself.' });
      this.streams.attach(browser, res);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.streams.closeAll();
    if (this.inFlight > 0) await new Promise<void>((resolve) => (this.idle = resolve));
  }

  async send(address: ConversationAddress, message: OutboundMessage): Promise<SentRef> {
    const browser = browserOf(address);
    const id = this.messageId();
    this.streams.publish(browser, { event: 'message', data: renderMessage(message, id) });
    return { platform: 'local', ref: { browser, id } };
  }

  async update(sent: SentRef, message: OutboundMessage): Promise<void> {
    const ref = sent.ref as { browser?: unknown; id?: unknown };
    if (typeof ref.browser !== 'string' || typeof ref.id !== 'string') return;
    this.streams.publish(ref.browser, { event: 'update', data: renderMessage(message, ref.id) });
  }

  async sendProactive(address: ConversationAddress, message: OutboundMessage): Promise<DeliveryResult> {
    // Another local surface (the console chat) cannot be reached from here.
    if (!isWebAddress(address)) return { status: 'gone', reason: 'not a web chat address' };
    await this.send(address, message);
    return { status: 'delivered' };
  }

  private async onTurn(req: HttpRequest, res: ServerResponse): Promise<void> {
    const headers: Record<string, string> = {};
    const browser = this.browserId(req, headers);
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    if (this.stopped || !this.sink) {
      return json(res, 503, { error: 'The chat is restarting. Please send that again in a minute.' });
    }
    // Requiring JSON keeps other sites' plain HTML forms from posting turns (no CORS preflight).
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      return json(res, 415, { error: 'Send the turn as JSON (Content-Type: application/json).' });
    }
    const parsed = readTurn(req.body);
    if ('error' in parsed) {
      this.log?.debug({ status: 400 }, 'web chat turn refused as invalid');
      return json(res, 400, { error: parsed.error });
    }
    const turn: InboundTurn = {
      type: 'turn',
      user: userKey({ platform: 'local', user: browser }),
      address: addressOf(browser),
      eventId: `local:${parsed.id ?? randomBytes(12).toString('base64url')}`,
      input: parsed.input,
      ...(parsed.locale ? { locale: parsed.locale } : {}),
      ...(parsed.timeZone ? { hints: { timeZone: parsed.timeZone } } : {}),
    };
    this.inFlight += 1;
    try {
      const reply: TurnReply = await this.sink(turn);
      // Kinds and counts only: never what was typed or answered.
      this.log?.debug(
        { eventId: turn.eventId, input: turn.input.kind, messages: reply.messages.length },
        'web chat turn',
      );
      json(res, 200, {
        messages: reply.messages.map((m) => renderMessage(m, this.messageId())),
        ...(reply.updateAnswered ? { update: renderMessage(reply.updateAnswered, this.messageId()) } : {}),
      });
    } catch {
      // The gate has logged the code; the page keeps what was typed and says so.
      json(res, 500, { error: 'Something went wrong on my side. Please try again.' });
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) this.idle?.();
    }
  }

  /** The browser's id from its cookie, or a new one (added to `headers` as Set-Cookie). */
  private browserId(req: HttpRequest, headers: Record<string, string>): string {
    const found = /(?:^|;\s*)checkin_local=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    if (found && BROWSER_ID.test(found)) return found;
    const id = randomBytes(16).toString('base64url');
    headers['Set-Cookie'] = `${COOKIE}=${id}; Path=/; HttpOnly; SameSite=Strict; Max-Age=31536000`;
    return id;
  }

  private messageId(): string {
    this.nextId += 1;
    return `m${this.nextId.toString(36)}`;
  }
}

type ParsedTurn = { input: TurnInput; id?: string; locale?: string; timeZone?: string } | { error: string };

/** Validates the page's JSON; every refusal says what to change. */
export function readTurn(body: unknown): ParsedTurn {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return { error: 'Expected a JSON object with "text" or "choice".' };
  }
  const b = body as Record<string, unknown>;
  const out: { id?: string; locale?: string; timeZone?: string } = {};
  if (b.id !== undefined) {
    if (typeof b.id !== 'string' || !CLIENT_EVENT_ID.test(b.id)) {
      return { error: '"id" must be 8-64 letters, digits, _ or -.' };
    }
    out.id = b.id;
  }
  if (typeof b.locale === 'string' && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/.test(b.locale))
    out.locale = b.locale;
  if (typeof b.timeZone === 'string' && /^[A-Za-z0-9_+/-]{1,64}$/.test(b.timeZone)) out.timeZone = b.timeZone;
  if (typeof b.choice === 'string') {
    const choice = decodeChoice(b.choice);
    if (!choice)
      return { error: 'That button is not one this chat made; please use the buttons on the page.' };
    return { ...out, input: { kind: 'choice', ...choice } };
  }
  if (typeof b.text === 'string') {
    if (!b.text.trim()) return { error: 'Type a message first.' };
    if (b.text.length > MAX_TEXT_LENGTH) {
      return { error: `That message is ${b.text.length} characters; the limit is ${MAX_TEXT_LENGTH}.` };
    }
    return { ...out, input: { kind: 'text', text: b.text } };
  }
  return { error: 'Expected "text" (a string) or "choice" (a button token).' };
}

function addressOf(browser: string): ConversationAddress {
  return { platform: 'local', id: `local:web:${browser}`, scope: 'direct', ref: { browser } };
}

function isWebAddress(address: ConversationAddress): boolean {
  const ref = address.ref as { browser?: unknown } | null;
  return address.platform === 'local' && typeof ref?.browser === 'string' && BROWSER_ID.test(ref.browser);
}

function browserOf(address: ConversationAddress): string {
  if (!isWebAddress(address)) throw new RangeError(`Not a web chat address: ${address.id}`);
  return (address.ref as { browser: string }).browser;
}

function json(res: ServerResponse, status: number, value: unknown): void {
  const payload = JSON.stringify(value);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

export type { MessageView };
