import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the Bot Framework connector service (the `serviceUrl` Teams puts in every
 * activity): the v3 conversation routes CloudAdapter calls, every call recorded, faults (429,
 * 403, 404, 5xx) injectable per route, and apps "not installed" for chosen people so proactive
 * conversation creation is refused as Teams refuses it.
 */

// biome-ignore lint/suspicious/noExplicitAny: recorded wire JSON is inspected freely by tests.
export type Wire = any;

export interface ConnectorCall {
  method: string;
  /** Path with `%`-escapes decoded, e.g. `/v3/conversations/a:1/activities/act-1`. */
  path: string;
  /** What the route did: `create`, `send`, `reply`, `update`, `delete` or `other`. */
  kind: 'create' | 'send' | 'reply' | 'update' | 'delete' | 'upload' | 'other';
  conversationId?: string;
  /** The activity replied to or updated. */
  activityId?: string;
  body: Wire;
  /** The activity id the fake gave a sent or replied message. */
  responseId?: string;
  /** The bearer token the bot sent, if any. */
  token: string | null;
  status: number;
  at: number;
}

export interface ConnectorInjection {
  method?: string;
  path: RegExp;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** How many matching calls get this answer (default 1). */
  times?: number;
}

export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  /** Teams user ids (`29:…`) for whom the app is not installed: creating a 1:1 chat answers 403. */
  readonly notInstalled = new Set<string>();
  /** Conversation ids that no longer exist (404) or refuse the bot (403). */
  readonly missing = new Set<string>();
  readonly forbidden = new Set<string>();
  url = '';
  private injections: ConnectorInjection[] = [];
  private listeners: Array<() => void> = [];
  private counter = 0;
  private server: Server | null = null;

  inject(injection: ConnectorInjection): void {
    this.injections.push({ times: 1, ...injection });
  }

  /** The personal (1:1) conversation id Teams would give this user with the bot. */
  personalConversationId(userId: string): string {
    return `a:personal-${userId.replace(/[^A-Za-z0-9-]/g, '')}`;
  }

  /** Calls of one kind, optionally to one conversation, successful or not. */
  callsOf(kind: ConnectorCall['kind'], conversationId?: string): ConnectorCall[] {
    return this.calls.filter(
      (c) => c.kind === kind && (conversationId === undefined || c.conversationId === conversationId),
    );
  }

  /** Resolves once `predicate` holds over the recorded calls. */
  async until(predicate: (calls: ConnectorCall[]) => boolean, timeoutMs = 5000): Promise<void> {
    if (predicate(this.calls)) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== check);
        reject(new Error(`fake connector: condition not met after ${timeoutMs} ms`));
      }, timeoutMs);
      const check = () => {
        if (!predicate(this.calls)) return;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== check);
        resolve();
      };
      this.listeners.push(check);
    });
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this.url;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    const method = req.method ?? 'GET';
    const auth = req.headers.authorization;
    const call: ConnectorCall = {
      method,
      path,
      kind: 'other',
      body: parseBody(text),
      token: auth?.startsWith('Bearer ') ? auth.slice(7) : null,
      status: 0,
      at: Date.now(),
    };
    const [status, body, headers] = this.route(call);
    call.status = status;
    const id = (body as { id?: unknown } | undefined)?.id;
    if (status < 300 && typeof id === 'string' && call.kind !== 'create' && call.kind !== 'upload')
      call.responseId = id;
    this.calls.push(call);
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body === undefined ? '' : JSON.stringify(body));
    for (const listener of [...this.listeners]) listener();
  }

  private route(call: ConnectorCall): [number, unknown, Record<string, string>] {
    // A stand-in for the OneDrive upload URL Teams hands out in a file consent.
    if (call.method === 'PUT' && call.path.startsWith('/upload/')) {
      call.kind = 'upload';
      return [201, { id: call.path.slice('/upload/'.length) }, {}];
    }
    const m = /^\/v3\/conversations(?:\/([^/]+)\/activities(?:\/([^/]+))?)?\/?$/.exec(call.path);
    if (m) {
      const [, conversationId, activityId] = m;
      if (conversationId) call.conversationId = conversationId;
      if (activityId) call.activityId = activityId;
      call.kind = !conversationId
        ? 'create'
        : call.method === 'PUT'
          ? 'update'
          : call.method === 'DELETE'
            ? 'delete'
            : activityId
              ? 'reply'
              : 'send';
    }
    const injected = this.injections.find(
      (i) => (i.times ?? 1) > 0 && (!i.method || i.method === call.method) && i.path.test(call.path),
    );
    if (injected) {
      injected.times = (injected.times ?? 1) - 1;
      return [
        injected.status,
        injected.body ?? { error: { code: 'Injected', message: 'injected' } },
        injected.headers ?? {},
      ];
    }
    const error = (status: number, code: string) =>
      [status, { error: { code, message: code } }, {}] as [number, unknown, Record<string, string>];
    switch (call.kind) {
      case 'create': {
        const member: string | undefined = call.body?.members?.[0]?.id;
        if (!member) return error(400, 'BadArgument');
        if (this.notInstalled.has(member)) return error(403, 'Forbidden');
        return [201, { id: this.personalConversationId(member) }, {}];
      }
      case 'send':
      case 'reply':
      case 'update':
      case 'delete': {
        const id = call.conversationId!;
        if (this.missing.has(id)) return error(404, 'ConversationNotFound');
        if (this.forbidden.has(id)) return error(403, 'BotNotInConversationRoster');
        if (call.kind === 'delete') return [200, undefined, {}];
        this.counter += 1;
        return [200, { id: call.kind === 'update' ? call.activityId : `bot-act-${this.counter}` }, {}];
      }
      default:
        return error(404, 'NotFound');
    }
  }
}

function parseBody(text: string): Wire {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function startFakeConnector(): Promise<FakeConnector> {
  const connector = new FakeConnector();
  await connector.start();
  return connector;
}
