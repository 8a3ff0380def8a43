import type { IncomingMessage, ServerResponse } from 'node:http';
import { dmChannel, type FakeUser, message, snowflake, user, type Wire } from './payloads.ts';

/**
 * The REST half of the fake Discord (API v10): the routes the adapter and discord.js use, each
 * answering with complete objects, every call recorded, and faults (429, 5xx, Discord error codes)
 * injectable per route.
 */

export interface RecordedCall {
  method: string;
  /** Path after `/api/v10`, e.g. `/interactions/123/tok/callback`. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body, or `payload_json` of a multipart body. */
  body: Wire;
  /** Files of a multipart body. */
  files: Array<{ field: string; name: string; size: number; type: string }>;
  /** The Authorization header's token, without `Bot `, when present. */
  token: string | null;
  status: number;
  at: number;
}

export interface Injection {
  method?: string;
  path: RegExp;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** How many matching calls get this answer (default 1). */
  times?: number;
}

interface InteractionRecord {
  id: string;
  channelId: string;
  acknowledged: boolean;
  /** The message a button was clicked on (type 3), for updates. */
  clickedMessageId?: string;
  original?: ReturnType<typeof message>;
}

export class FakeRest {
  readonly calls: RecordedCall[] = [];
  readonly channels = new Map<string, Wire>();
  readonly users = new Map<string, FakeUser>();
  readonly messages = new Map<string, ReturnType<typeof message>>();
  /** People whose DMs are closed to the bot: sends to their DM answer 403 / 50007. */
  readonly closedDms = new Set<string>();
  readonly interactions = new Map<string, InteractionRecord>();
  /** Command sets registered with PUT, keyed `global` or the guild id. */
  readonly registered = new Map<string, Wire[]>();
  gatewayUrl = '';
  recommendedShards = 1;
  private injections: Injection[] = [];
  private listeners: Array<(call: RecordedCall) => void> = [];

  constructor(
    readonly applicationId: string,
    readonly token: string,
    readonly bot: FakeUser,
  ) {}

  inject(injection: Injection): void {
    this.injections.push({ times: 1, ...injection });
  }

  /** Registers an interaction the gateway is about to dispatch, so its callback can be checked. */
  expectInteraction(token: string, record: InteractionRecord): void {
    this.interactions.set(token, record);
  }

  /** Resolves with the first recorded call (past or future) matching `predicate`. */
  waitFor(predicate: (call: RecordedCall) => boolean, timeoutMs = 5000): Promise<RecordedCall> {
    const found = this.calls.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== listener);
        reject(new Error(`fake Discord REST: no matching call within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (call: RecordedCall) => {
        if (!predicate(call)) return;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== listener);
        resolve(call);
      };
      this.listeners.push(listener);
    });
  }

  callsTo(method: string, path: RegExp): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && path.test(c.path));
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = decodeURIComponent(url.pathname.replace(/^\/api\/v10/, ''));
    const raw = await readBody(req);
    const { body, files } = await parseBody(req, raw);
    const auth = req.headers.authorization;
    const call: RecordedCall = {
      method: req.method ?? 'GET',
      path,
      query: Object.fromEntries(url.searchParams),
      body,
      files,
      token: auth?.startsWith('Bot ') ? auth.slice(4) : null,
      status: 0,
      at: Date.now(),
    };
    const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      call.status = status;
      this.calls.push(call);
      for (const listener of [...this.listeners]) listener(call);
      // A 204 carries no body and no content type, as Discord sends it.
      res.writeHead(
        status,
        payload === undefined ? headers : { 'content-type': 'application/json', ...headers },
      );
      res.end(payload === undefined ? undefined : JSON.stringify(payload));
    };

    const injection = this.injections.find(
      (i) => (i.times ?? 1) > 0 && i.path.test(path) && (!i.method || i.method === call.method),
    );
    if (injection) {
      injection.times = (injection.times ?? 1) - 1;
      return send(injection.status, injection.body ?? { message: 'injected', code: 0 }, injection.headers);
    }

    // Interaction callbacks and webhooks authenticate by their token in the path, not a bot token.
    const tokenFree = /^\/(interactions|webhooks)\//.test(path);
    if (!tokenFree && call.token !== this.token) return send(401, { message: '401: Unauthorized', code: 0 });
    const [status, payload] = this.route(call);
    return send(status, payload);
  }

  private route(call: RecordedCall): [number, unknown?] {
    const { method, path, body } = call;
    const at = (verb: string | null, re: RegExp) => (verb === null || verb === method ? re.exec(path) : null);
    let m: RegExpExecArray | null = null;
    if (method === 'GET' && path === '/gateway/bot') {
      return [
        200,
        {
          url: this.gatewayUrl,
          shards: this.recommendedShards,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 16 },
        },
      ];
    }
    m = at('POST', /^\/interactions\/(\d+)\/([^/]+)\/callback$/);
    if (m) {
      const record = this.interactions.get(m[2]!);
      if (!record || record.id !== m[1]) return [404, { message: 'Unknown interaction', code: 10062 }];
      if (record.acknowledged) {
        return [400, { message: 'Interaction has already been acknowledged.', code: 40060 }];
      }
      record.acknowledged = true;
      const data = body?.data ?? {};
      if (body?.type === 4 || body?.type === 5) {
        record.original = this.store({ channelId: record.channelId, data, webhook: true });
      } else if ((body?.type === 7 || body?.type === 6) && record.clickedMessageId) {
        const clicked = this.messages.get(record.clickedMessageId);
        if (clicked && body.type === 7) Object.assign(clicked, pick(data));
        if (clicked) record.original = clicked;
      }
      return [204];
    }
    m = at(null, /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/);
    if (m) {
      const record = this.interactions.get(m[2]!);
      if (m[1] !== this.applicationId || !record?.acknowledged || !record.original) {
        return [404, { message: 'Unknown Webhook', code: 10015 }];
      }
      if (method === 'DELETE') return [204];
      if (method === 'PATCH') Object.assign(record.original, pick(body ?? {}));
      return [200, record.original];
    }
    m = at('POST', /^\/webhooks\/(\d+)\/([^/]+)$/);
    if (m) {
      const record = this.interactions.get(m[2]!);
      if (m[1] !== this.applicationId || !record?.acknowledged) {
        return [404, { message: 'Unknown Webhook', code: 10015 }];
      }
      return [200, this.store({ channelId: record.channelId, data: body ?? {}, webhook: true })];
    }
    if (method === 'POST' && path === '/users/@me/channels') {
      const recipient = String(body?.recipient_id ?? '');
      const u = this.users.get(recipient) ?? user(recipient);
      let channelId = [...this.channels.values()].find(
        (c) => c.type === 1 && c.recipients[0].id === recipient,
      )?.id;
      if (!channelId) {
        channelId = snowflake();
        this.channels.set(channelId, dmChannel(channelId, u));
      }
      return [200, this.channels.get(channelId)];
    }
    m = at('GET', /^\/channels\/(\d+)$/);
    if (m) {
      const channel = this.channels.get(m[1]!);
      return channel ? [200, channel] : [404, { message: 'Unknown Channel', code: 10003 }];
    }
    m = at('POST', /^\/channels\/(\d+)\/messages$/);
    if (m) {
      const channel = this.channels.get(m[1]!);
      if (!channel) return [404, { message: 'Unknown Channel', code: 10003 }];
      if (channel.type === 1 && this.closedDms.has(channel.recipients[0].id)) {
        return [403, { message: 'Cannot send messages to this user', code: 50007 }];
      }
      return [200, this.store({ channelId: m[1]!, data: body ?? {}, webhook: false })];
    }
    m = at('PATCH', /^\/channels\/(\d+)\/messages\/(\d+)$/);
    if (m) {
      const stored = this.messages.get(m[2]!);
      if (!stored || stored.channel_id !== m[1]) return [404, { message: 'Unknown Message', code: 10008 }];
      Object.assign(stored, pick(body ?? {}));
      return [200, stored];
    }
    m = at('PUT', /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/);
    if (m) {
      if (m[1] !== this.applicationId) return [404, { message: 'Unknown Application', code: 10002 }];
      const commands = (Array.isArray(body) ? body : []).map((c: Wire) => ({
        ...c,
        id: snowflake(),
        application_id: this.applicationId,
        version: snowflake(),
        default_member_permissions: null,
        ...(m![2] ? { guild_id: m![2] } : {}),
      }));
      this.registered.set(m[2] ?? 'global', commands);
      return [200, commands];
    }
    return [404, { message: '404: Not Found', code: 0 }];
  }

  private store(o: { channelId: string; data: Wire; webhook: boolean }) {
    const stored = message({
      channelId: o.channelId,
      author: this.bot,
      content: o.data.content ?? '',
      embeds: o.data.embeds ?? [],
      components: o.data.components ?? [],
      attachments: (o.data.attachments ?? []).map((a: Wire) => ({
        id: snowflake(),
        filename: a.filename ?? 'file',
        size: 1,
        url: 'http://fake/cdn/file',
        proxy_url: 'http://fake/cdn/file',
        ...(a.description ? { description: a.description } : {}),
      })),
      flags: o.data.flags ?? 0,
      ...(o.webhook ? { webhookId: this.applicationId, applicationId: this.applicationId } : {}),
    });
    this.messages.set(stored.id, stored);
    return stored;
  }
}

function pick(data: Wire) {
  const out: Record<string, unknown> = {};
  for (const key of ['content', 'embeds', 'components', 'flags']) if (key in data) out[key] = data[key];
  return out;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function parseBody(
  req: IncomingMessage,
  raw: Buffer,
): Promise<{ body: Wire; files: RecordedCall['files'] }> {
  const type = req.headers['content-type'] ?? '';
  if (!raw.length) return { body: undefined, files: [] };
  if (type.startsWith('multipart/form-data')) {
    // Node's own fetch Request parses multipart exactly as a server would.
    const form = await new Request('http://fake/', {
      method: 'POST',
      headers: { 'content-type': type },
      body: raw,
    }).formData();
    const files: RecordedCall['files'] = [];
    let body: Wire;
    for (const [field, value] of form) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = JSON.parse(value);
      } else files.push({ field, name: value.name, size: value.size, type: value.type });
    }
    return { body, files };
  }
  return { body: JSON.parse(raw.toString('utf8')), files: [] };
}
