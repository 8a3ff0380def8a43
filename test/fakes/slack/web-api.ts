import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';
import { FakeSocketMode } from './socket-mode.ts';

/**
 * A local stand-in for Slack's Web API (https://docs.slack.dev/reference/methods), speaking its wire
 * format: form-encoded (or JSON) requests with a Bearer token, `{ ok, … }` JSON answers, HTTP 429
 * with `Retry-After` when rate limited. Every call is recorded so tests assert on what Slack got.
 * It also serves upload URLs, response_urls and (with `socket`) the Socket Mode WebSocket.
 */

export interface RecordedCall {
  method: string;
  /** Decoded parameters; JSON-in-form fields (blocks, view, files) are parsed. */
  params: Record<string, unknown>;
  token: string | undefined;
  /** What the fake answered (absent for injected HTTP failures). */
  response?: Record<string, unknown>;
}

/** A failure to inject into the next call(s) of a method. */
export type Injected = { status: 429; retryAfter: number } | { status: 500 } | { error: string };

export interface FakeUser {
  tz?: string;
  locale?: string;
  deleted?: boolean;
  /** Workspace admin / owner, as users.info reports them. */
  is_admin?: boolean;
  is_owner?: boolean;
}

const JSON_FIELDS = ['blocks', 'view', 'files', 'attachments', 'metadata'];

export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  readonly uploads = new Map<string, Buffer>();
  readonly users = new Map<string, FakeUser>();
  readonly botUserId = 'UBOT';
  readonly botId = 'BBOT';
  readonly team = 'T1';
  readonly socket: FakeSocketMode;
  #server: Server;
  #port = 0;
  #ts = 1_700_000_000_000_100;
  #ids = 0;
  #failures = new Map<string, Injected[]>();
  #waiters: Array<() => void> = [];

  private constructor() {
    this.#server = createServer((req, res) => {
      void this.#handle(req, res);
    });
    this.socket = new FakeSocketMode(this.#server, () => this.url);
  }

  static async start(): Promise<FakeSlack> {
    const fake = new FakeSlack();
    await new Promise<void>((resolve) => fake.#server.listen(0, '127.0.0.1', resolve));
    fake.#port = (fake.#server.address() as AddressInfo).port;
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  /** What SLACK_API_URL is set to. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** A fresh response_url for an interaction or slash command payload. */
  responseUrl(): string {
    this.#ids += 1;
    return `${this.url}/response/${this.#ids}`;
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** The next `times` calls to `method` fail as given. */
  fail(method: string, failure: Injected, times = 1): void {
    const list = this.#failures.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push(failure);
    this.#failures.set(method, list);
  }

  /** Resolves once `predicate` holds over the recorded calls (checked after every call). */
  async waitFor(predicate: (calls: RecordedCall[]) => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.calls)) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new Error(
          `FakeSlack.waitFor timed out; calls so far: ${this.calls.map((c) => c.method).join(', ')}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(remaining, 100));
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves after `count` calls to `method` have arrived. */
  async waitForCalls(method: string, count = 1, timeoutMs = 5000): Promise<RecordedCall[]> {
    await this.waitFor((calls) => calls.filter((c) => c.method === method).length >= count, timeoutMs);
    return this.callsTo(method);
  }

  async close(): Promise<void> {
    await this.socket.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #record(call: RecordedCall): void {
    this.calls.push(call);
    const waiters = this.#waiters.splice(0);
    for (const wake of waiters) wake();
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', this.url);
    if (url.pathname.startsWith('/upload/')) {
      const id = url.pathname.slice('/upload/'.length);
      this.uploads.set(id, raw);
      this.#record({ method: 'upload', params: { file_id: id, bytes: raw.length }, token: undefined });
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${raw.length}`);
      return;
    }
    if (url.pathname.startsWith('/response/')) {
      this.#record({
        method: 'response_url',
        params: JSON.parse(raw.toString('utf8') || '{}'),
        token: undefined,
      });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    if (!url.pathname.startsWith('/api/')) {
      res.writeHead(404).end();
      return;
    }
    const method = url.pathname.slice('/api/'.length);
    const params = decodeParams(req.headers['content-type'], raw);
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ')
      ? auth.slice(7)
      : typeof params.token === 'string'
        ? params.token
        : undefined;
    const injected = this.#failures.get(method)?.shift();
    if (injected) {
      if ('error' in injected) {
        const response = { ok: false, error: injected.error };
        this.#record({ method, params, token, response });
        return json(res, response);
      }
      this.#record({ method, params, token });
      if (injected.status === 429) {
        res.writeHead(429, { 'retry-after': String(injected.retryAfter) }).end();
        return;
      }
      res.writeHead(injected.status).end('upstream failure');
      return;
    }
    const response = this.#answer(method, params);
    this.#record({ method, params, token, response });
    json(res, response);
  }

  /** The ts Slack gave a recorded chat.postMessage. */
  tsOfPost(call: RecordedCall): string {
    const ts = call.response?.ts;
    if (typeof ts !== 'string') throw new Error(`${call.method} has no ts`);
    return ts;
  }

  #nextTs(): string {
    this.#ts += 100;
    const text = String(this.#ts);
    return `${text.slice(0, 10)}.${text.slice(10)}`;
  }

  #answer(method: string, params: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          team_id: this.team,
          user_id: this.botUserId,
          bot_id: this.botId,
          user: 'checkin',
          team: 'Test',
        };
      case 'chat.postMessage':
        return { ok: true, channel: params.channel, ts: this.#nextTs(), message: { text: params.text } };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.#nextTs() };
      case 'chat.update':
        return { ok: true, channel: params.channel, ts: params.ts };
      case 'conversations.open': {
        const user = String(params.users ?? '');
        if (this.users.get(user)?.deleted) return { ok: false, error: 'user_not_found' };
        return { ok: true, channel: { id: `D${user}` } };
      }
      case 'users.info': {
        const id = String(params.user ?? '');
        const user = this.users.get(id);
        if (!user) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id,
            tz: user.tz,
            locale: user.locale,
            deleted: user.deleted ?? false,
            is_admin: user.is_admin ?? false,
            is_owner: user.is_owner ?? false,
          },
        };
      }
      case 'views.publish':
        return { ok: true, view: { id: 'V1' } };
      case 'files.getUploadURLExternal': {
        this.#ids += 1;
        const id = `F${this.#ids}`;
        return { ok: true, upload_url: `${this.url}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const files = (params.files as Array<{ id: string }>) ?? [];
        const missing = files.find((f) => !this.uploads.has(f.id));
        if (missing) return { ok: false, error: 'file_not_found' };
        return { ok: true, files: files.map((f) => ({ id: f.id })) };
      }
      case 'apps.connections.open':
        return { ok: true, url: this.socket.connectUrl() };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

function decodeParams(contentType: string | undefined, raw: Buffer): Record<string, unknown> {
  const text = raw.toString('utf8');
  if (!text) return {};
  if (contentType?.startsWith('application/json')) return JSON.parse(text) as Record<string, unknown>;
  const form: Record<string, unknown> = { ...parseQuery(text) };
  for (const field of JSON_FIELDS) {
    if (typeof form[field] === 'string') form[field] = JSON.parse(form[field] as string);
  }
  return form;
}

function json(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
