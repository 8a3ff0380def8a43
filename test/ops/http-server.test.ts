import { createHmac } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpRequest } from '../../src/core/ports.ts';
import { createHttpServer, sendJson } from '../../src/http/server.ts';
import { createLogger } from '../../src/ops/logger.ts';

/** Collects log lines so tests can read what the server logged. */
function captureLogs(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream };
}

describe('the one HTTP server', () => {
  const logs = captureLogs();
  const server = createHttpServer({
    logger: createLogger({ level: 'debug', destination: logs.stream }),
    maxBodyBytes: 1024,
  });
  let base = '';
  const seen: Array<{ raw: string; body: unknown }> = [];

  beforeAll(async () => {
    server.route('POST', '/echo', (req: HttpRequest, res) => {
      seen.push({ raw: req.rawBody.toString('utf8'), body: req.body });
      sendJson(res, 200, { raw: req.rawBody.toString('base64'), body: req.body ?? null });
    });
    server.route('GET', '/echo', (_req, res) => sendJson(res, 200, { get: true }));
    server.route('POST', '/boom', () => {
      throw new Error('secret-sentinel-7731 inside an error message');
    });
    const port = await server.listen('127.0.0.1', 0);
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(() => server.close());

  it('keeps the exact raw bytes and the parsed JSON body', async () => {
    // Whitespace and key order matter to signatures: the raw body must be byte-for-byte what was sent.
    const payload = '{ "b": 1,   "a": [true, "é"] }';
    const res = await fetch(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: payload,
    });
    const data = (await res.json()) as { raw: string; body: unknown };
    expect(res.status).toBe(200);
    expect(Buffer.from(data.raw, 'base64').toString('utf8')).toBe(payload);
    expect(data.body).toEqual({ b: 1, a: [true, 'é'] });
    // A signature computed over rawBody matches one computed over what the client sent.
    const sig = (s: string | Buffer) => createHmac('sha256', 'k').update(s).digest('hex');
    expect(sig(Buffer.from(data.raw, 'base64'))).toBe(sig(payload));
  });

  it('parses form-encoded bodies (Slack slash commands, interactive payloads)', async () => {
    const form = 'command=%2Fcheckin&text=hello+there&payload=%7B%22type%22%3A%22block_actions%22%7D';
    const res = await fetch(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    const data = (await res.json()) as { raw: string; body: Record<string, string> };
    expect(Buffer.from(data.raw, 'base64').toString()).toBe(form);
    expect(data.body).toEqual({
      command: '/checkin',
      text: 'hello there',
      payload: '{"type":"block_actions"}',
    });
  });

  it('keeps only the raw bytes for other content types, and gives GET an empty body', async () => {
    const res = await fetch(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hi',
    });
    expect(await res.json()).toEqual({ raw: Buffer.from('hi').toString('base64'), body: null });
    expect(await (await fetch(`${base}/echo?x=1`)).json()).toEqual({ get: true });
  });

  it('answers 404 for unknown paths and 405 with Allow for known paths', async () => {
    const missing = await fetch(`${base}/nope`);
    expect(missing.status).toBe(404);
    const wrong = await fetch(`${base}/boom`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    const put = await fetch(`${base}/echo`, { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('POST, GET, HEAD');
  });

  it('refuses bodies over the limit with 413 and invalid JSON with 400, without calling the handler', async () => {
    const before = seen.length;
    const big = await fetch(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ x: 'a'.repeat(2000) }),
    });
    expect(big.status).toBe(413);
    const bad = await fetch(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{nope',
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/not valid JSON/);
    expect(seen.length).toBe(before);
  });

  it('answers 500 when a handler throws, and logs no part of the error message', async () => {
    const res = await fetch(`${base}/boom`, { method: 'POST' });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: 'internal error' });
    await new Promise((r) => setTimeout(r, 50));
    const line = logs.lines.find((l) => l.includes('HTTP handler failed'));
    expect(line).toBeDefined();
    expect(logs.lines.join('\n')).not.toContain('secret-sentinel-7731');
  });

  it('refuses a second handler for the same route', () => {
    expect(() => server.route('GET', '/echo', () => {})).toThrow(/already registered/);
  });
});
