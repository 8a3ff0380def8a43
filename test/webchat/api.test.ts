import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageView } from '../../adapters/local/render.ts';
import { WebChatAdapter } from '../../adapters/local/webchat.ts';
import { buildCore } from '../../src/compose.ts';
import { loadConfig } from '../../src/config/load.ts';
import type { ConversationAddress } from '../../src/core/address.ts';
import { text } from '../../src/core/outbound.ts';
import { createHttpServer, type HttpServer } from '../../src/http/server.ts';
import { silentLogger } from '../../src/ops/logger.ts';
import { type TurnResponse, webClient } from '../ops/bot-process.ts';
import { plainTextOfView } from './views.ts';

/** The web chat's HTTP API on the real bot core (in-memory store), in this process. */
describe('web chat API', () => {
  let http: HttpServer;
  let chat: WebChatAdapter;
  let base = '';

  beforeAll(async () => {
    const { bot } = buildCore({ config: loadConfig({}), logger: silentLogger });
    http = createHttpServer({ logger: silentLogger, maxBodyBytes: 64 * 1024 });
    chat = new WebChatAdapter();
    await chat.start({ sink: bot.handle, http, logger: silentLogger });
    base = `http://127.0.0.1:${await http.listen('127.0.0.1', 0)}`;
  });
  afterAll(() => http.close(100));

  it('serves the page with a strict content policy and gives each browser its own id', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const cookie = page.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^checkin_local=[A-Za-z0-9_-]{16,64}; Path=\/; HttpOnly; SameSite=Strict/);
    const again = await fetch(`${base}/`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(again.headers.get('set-cookie')).toBeNull();
    expect((await fetch(`${base}/webchat/app.js`)).headers.get('content-type')).toContain('javascript');
  });

  it('keeps two browsers apart and drops a retried turn with the same id', async () => {
    const alice = webClient(base);
    const bob = webClient(base);
    const first = await alice.turn({ text: 'checkin', id: 'retry-me-1' });
    expect(first.data.messages!.map(plainTextOfView).join('\n')).toMatch(/save your check-ins/);
    // The same delivery again (a network retry) is de-duplicated by the core.
    expect((await alice.turn({ text: 'checkin', id: 'retry-me-1' })).data).toEqual({ messages: [] });
    // Bob is someone else: his first contact starts onboarding too.
    expect((await bob.turn({ text: 'checkin' })).data.messages!.map(plainTextOfView).join('\n')).toMatch(
      /save your check-ins/,
    );
  });

  it('answers a button click with the next question and replaces the answered one', async () => {
    const client = webClient(base);
    const first = await client.turn({ text: 'checkin' });
    const consent = first.data.messages!.flatMap((m) => m.blocks).find((b) => b.type === 'choices');
    if (consent?.type !== 'choices') throw new Error('expected the consent question');
    const yes = consent.options[0]!;
    const clicked = await client.turn({ choice: yes.token });
    expect(clicked.status).toBe(200);
    expect(plainTextOfView(clicked.data.update!)).toContain(yes.label);
    expect(clicked.data.update!.blocks.some((b) => b.type === 'choices')).toBe(false);
    expect(clicked.data.messages!.map(plainTextOfView).join('\n')).toMatch(/18 or older/);
    // Clicking the same button again is recognised as stale, not taken as a new answer.
    const stale = await client.turn({ choice: yes.token });
    expect(stale.status).toBe(200);
    expect(stale.data.messages!.map(plainTextOfView).join('\n')).toMatch(/earlier question/);
  });

  it('refuses what it cannot take, saying why', async () => {
    const notJson = await fetch(`${base}/api/chat/turn`, {
      method: 'POST',
      body: 'text=hi',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(notJson.status).toBe(415);
    const forged = await webClient(base).turn({ choice: 'c1|x' });
    expect(forged).toEqual({
      status: 400,
      data: { error: expect.stringContaining('not one this chat made') },
    });
  });

  it('streams proactive messages and updates to the open page, and holds them while none is open', async () => {
    const res = await fetch(`${base}/`);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    const browser = cookie.split('=')[1]!;
    const address: ConversationAddress = {
      platform: 'local',
      id: `local:web:${browser}`,
      scope: 'direct',
      ref: { browser },
    };

    // Nobody is watching yet: the reminder waits for the page.
    expect(await chat.sendProactive(address, text('Time for your **check-in**?'))).toEqual({
      status: 'delivered',
    });
    const events = await readEvents(`${base}/api/chat/events`, cookie, 1);
    expect(events[0]!.event).toBe('message');
    expect(events[0]!.data.blocks).toEqual([
      { type: 'text', html: 'Time for your <strong>check-in</strong>?' },
    ]);

    // With the page open, a send and then an update of that message arrive in order.
    const live = readEvents(`${base}/api/chat/events`, cookie, 2);
    await new Promise((r) => setTimeout(r, 100));
    const sent = await chat.send(address, text('Working on it'));
    await chat.update(sent, text('Done'));
    const [message, update] = await live;
    expect(message!.event).toBe('message');
    expect(update).toMatchObject({ event: 'update', data: { id: message!.data.id } });
    expect(plainTextOfView(update!.data)).toBe('Done');

    // An address from another local surface (the console) cannot be reached from here.
    const consoleAddress: ConversationAddress = {
      platform: 'local',
      id: 'local:console:me',
      scope: 'direct',
      ref: { console: true },
    };
    expect(await chat.sendProactive(consoleAddress, text('x'))).toMatchObject({ status: 'gone' });
  });
});

describe('web chat shutdown', () => {
  it('refuses turns kindly and ends streams once stopped', async () => {
    const { bot } = buildCore({ config: loadConfig({}), logger: silentLogger });
    const http = createHttpServer({ logger: silentLogger, maxBodyBytes: 64 * 1024 });
    const chat = new WebChatAdapter();
    await chat.start({ sink: bot.handle, http, logger: silentLogger });
    const base = `http://127.0.0.1:${await http.listen('127.0.0.1', 0)}`;
    try {
      const cookie = ((await fetch(`${base}/`)).headers.get('set-cookie') ?? '').split(';')[0]!;
      const stream = readEvents(`${base}/api/chat/events`, cookie, 99);
      await new Promise((r) => setTimeout(r, 100));
      await chat.stop();
      expect(await stream).toEqual([]);
      const late: { status: number; data: TurnResponse } = await webClient(base).turn({ text: 'help' });
      expect(late.status).toBe(503);
      expect(late.data.error).toMatch(/restarting/);
    } finally {
      await http.close(100);
    }
  });
});

/** Reads server-sent events until `count` arrived or the stream ends. */
function readEvents(
  url: string,
  cookie: string,
  count: number,
): Promise<Array<{ event: string; data: MessageView }>> {
  return new Promise((resolve, reject) => {
    const events: Array<{ event: string; data: MessageView }> = [];
    const req = request(url, { headers: { cookie, accept: 'text/event-stream' } }, (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end !== -1) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.+)$/m.exec(frame)?.[1];
          const data = /^data: (.+)$/m.exec(frame)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) as MessageView });
          if (events.length >= count) {
            req.destroy();
            return resolve(events);
          }
          end = buffer.indexOf('\n\n');
        }
      });
      res.on('end', () => resolve(events));
    });
    req.on('error', reject);
    req.end();
  });
}
