import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/core/ports.ts';
import { emptyProfile, type Profile } from '../../src/core/state.ts';
import type { UserKey } from '../../src/core/user-key.ts';
import { createEscalation } from '../../src/safety/escalation.ts';

const user = 'slack:T1:U42' as UserKey;
const consenting: Profile = { ...emptyProfile(), consents: { crisisEscalation: true } };
const crisis = { level: 'crisis' as const, category: 'plan_or_means' as const };
const at = Date.UTC(2026, 10, 26, 17, 0, 0);

let server: Server;
let url: string;
let status = 200;
const received: Array<{ headers: IncomingMessage['headers']; body: string }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = status;
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function recordingLogger(lines: unknown[]): Logger {
  const log = (bindings: object, message: string) => lines.push({ ...bindings, message });
  const logger: Logger = { debug: log, info: log, warn: log, error: log, child: () => logger };
  return logger;
}

describe('escalation webhook', () => {
  it('posts user key, level, category and time — and nothing else — with consent', async () => {
    received.length = 0;
    const outcome = await createEscalation({ url }).notify(user, consenting, crisis, at);
    expect(outcome).toBe('sent');
    expect(received).toHaveLength(1);
    expect(received[0]!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(received[0]!.body)).toEqual({
      user,
      level: 'crisis',
      category: 'plan_or_means',
      at: '2026-11-26T17:00:00.000Z',
    });
  });

  it('never carries the text, even when the assessment object has more fields', async () => {
    received.length = 0;
    const verdict = { ...crisis, language: 'en', rules: ['en.plan.method'], text: 'SECRET TEXT' };
    await createEscalation({ url }).notify(user, consenting, verdict, at);
    expect(received[0]!.body).not.toContain('SECRET');
    expect(Object.keys(JSON.parse(received[0]!.body)).sort()).toEqual(['at', 'category', 'level', 'user']);
  });

  it('is off by default, and off without explicit consent', async () => {
    received.length = 0;
    expect(await createEscalation({}).notify(user, consenting, crisis, at)).toBe('off');
    expect(await createEscalation({ url }).notify(user, emptyProfile(), crisis, at)).toBe('no_consent');
    const declined = { ...emptyProfile(), consents: { crisisEscalation: false } };
    expect(await createEscalation({ url }).notify(user, declined, crisis, at)).toBe('no_consent');
    expect(received).toHaveLength(0);
  });

  it('only crises are escalated', async () => {
    received.length = 0;
    const concern = { level: 'concern' as const, category: 'suicidal_thoughts' as const };
    expect(await createEscalation({ url }).notify(user, consenting, concern, at)).toBe('not_crisis');
    expect(received).toHaveLength(0);
  });

  it('a rejecting or unreachable operator endpoint is reported, logged by code only, never thrown', async () => {
    const lines: unknown[] = [];
    status = 500;
    expect(
      await createEscalation({ url, logger: recordingLogger(lines) }).notify(user, consenting, crisis, at),
    ).toBe('failed');
    status = 200;
    const closed = 'http://127.0.0.1:1/hook';
    expect(
      await createEscalation({ url: closed, logger: recordingLogger(lines), timeoutMs: 2000 }).notify(
        user,
        consenting,
        crisis,
        at,
      ),
    ).toBe('failed');
    expect(lines).toHaveLength(2);
    expect(JSON.stringify(lines)).not.toContain(user);
    expect(lines[0]).toMatchObject({ code: 'escalation_http', status: 500 });
  });
});
