import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPublicAddress } from '../../src/content/address-policy.ts';
import { FetchError, type FetchOptions, fetchPage } from '../../src/content/fetch.ts';

const page = readFileSync('test/content/fixtures/article-page.html', 'utf8');
let server: Server;
let base: string;
let port: number;
const hits: Array<{ path: string; host: string }> = [];

/** A local web server speaking plain HTTP: the only network these tests touch. */
function handler(req: IncomingMessage, res: ServerResponse) {
  hits.push({ path: req.url ?? '', host: req.headers.host ?? '' });
  const send = (status: number, headers: Record<string, string | number>, body?: string | Buffer) => {
    res.writeHead(status, headers);
    res.end(body);
  };
  switch (req.url) {
    case '/article':
      return send(200, { 'content-type': 'text/html; charset=utf-8' }, page);
    case '/gzip':
      return send(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }, gzipSync(page));
    case '/to-article':
      return send(302, { location: '/article' });
    case '/to-private':
      return send(302, { location: 'http://10.20.30.40/admin' });
    case '/to-loopback-v6':
      return send(301, { location: `http://[::1]:${port}/article` });
    case '/to-metadata':
      return send(307, { location: 'http://169.254.169.254/latest/meta-data/' });
    case '/loop':
      return send(302, { location: '/loop' });
    case '/big':
      return send(200, { 'content-type': 'text/html', 'content-length': 300_000 }, 'x'.repeat(300_000));
    case '/big-chunked': {
      res.writeHead(200, { 'content-type': 'text/html' });
      for (let i = 0; i < 40; i++) res.write(`<p>${'y'.repeat(10_000)}</p>`);
      return void res.end();
    }
    case '/pdf':
      return send(200, { 'content-type': 'application/pdf' }, '%PDF-1.7 fake');
    case '/pdf-as-html':
      return send(200, { 'content-type': 'text/html' }, '%PDF-1.4\n%âãÏÓ binary');
    case '/image':
      return send(200, { 'content-type': 'image/png' }, 'PNG');
    case '/slow':
      return; // never answers
    case '/missing':
      return send(404, { 'content-type': 'text/html' }, '<p>Not found</p>');
    default:
      return send(500, {}, 'unexpected');
  }
}

beforeAll(async () => {
  server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const limits = { timeoutMs: 3000, maxBytes: 200_000 };
/** Only the test server's own address is let through; everything else follows the real rule. */
const onlyTestServer: FetchOptions = { ...limits, allowAddress: (a) => a === '127.0.0.1' };

async function refusal(url: string, options: FetchOptions): Promise<FetchError> {
  try {
    await fetchPage(url, options);
  } catch (error) {
    if (error instanceof FetchError) return error;
    throw error;
  }
  throw new Error(`expected ${url} to be refused`);
}

describe('fetching a page', () => {
  it('reads a normal article (allowPrivate for the local server)', async () => {
    const result = await fetchPage(`${base}/article`, { ...limits, allowPrivate: true });
    expect(result).toMatchObject({
      finalUrl: `${base}/article`,
      redirects: 0,
      contentType: 'text/html; charset=utf-8',
    });
    expect(result.html).toContain('Why morning light helps your sleep');
  });

  it('follows a redirect and decompresses gzip', async () => {
    expect((await fetchPage(`${base}/to-article`, onlyTestServer)).finalUrl).toBe(`${base}/article`);
    expect((await fetchPage(`${base}/gzip`, onlyTestServer)).html).toContain('internal clock');
  });

  it('refuses loopback by default, by address and by name', async () => {
    expect((await refusal(`${base}/article`, limits)).reason).toBe('blocked_address');
    const byName = await refusal(`http://localhost:${port}/article`, limits);
    expect(byName.reason).toBe('blocked_address');
    expect(byName.message).toMatch(/localhost points to a private or local network address/);
  });

  it('refuses a redirect to a private, link-local or IPv6 loopback address although the first hop was allowed', async () => {
    for (const path of ['/to-private', '/to-metadata', '/to-loopback-v6']) {
      hits.length = 0;
      const error = await refusal(`${base}${path}`, onlyTestServer);
      expect(error.reason, path).toBe('blocked_address');
      expect(hits.map((h) => h.path)).toEqual([path]); // the second hop was never requested
    }
  });

  it('connects to the vetted address, not a later DNS answer, and re-checks every hop', async () => {
    const answers = ['127.0.0.1', '10.0.0.7'];
    const resolved: string[] = [];
    const options: FetchOptions = {
      ...onlyTestServer,
      resolve: async (host) => {
        resolved.push(host);
        return [{ address: answers.shift() ?? '10.0.0.7', family: 4 }];
      },
    };
    hits.length = 0;
    // First hop: the name resolves to the allowed address; the request still names the host.
    // The redirect goes to the same name, which now "rebinds" to a private address: refused.
    const error = await refusal(`http://articles.test:${port}/to-article`, options);
    expect(error.reason).toBe('blocked_address');
    expect(resolved).toEqual(['articles.test', 'articles.test']);
    expect(hits).toEqual([{ path: '/to-article', host: `articles.test:${port}` }]);
  });

  it('refuses a name with any internal address among its answers', async () => {
    const error = await refusal('http://mixed.test/', {
      ...limits,
      resolve: async () => [
        { address: '93.184.216.34', family: 4 },
        { address: '192.168.1.10', family: 4 },
      ],
    });
    expect(error.reason).toBe('blocked_address');
  });

  it('limits redirects, size, type and time', async () => {
    expect((await refusal(`${base}/loop`, onlyTestServer)).reason).toBe('too_many_redirects');
    expect((await refusal(`${base}/big`, onlyTestServer)).reason).toBe('too_large');
    expect((await refusal(`${base}/big-chunked`, onlyTestServer)).reason).toBe('too_large');
    const pdf = await refusal(`${base}/pdf`, onlyTestServer);
    expect(pdf).toMatchObject({
      reason: 'not_html',
      message: expect.stringMatching(/is a PDF, not a web page/),
    });
    expect((await refusal(`${base}/pdf-as-html`, onlyTestServer)).reason).toBe('not_html');
    expect((await refusal(`${base}/image`, onlyTestServer)).message).toMatch(/an image/);
    expect((await refusal(`${base}/missing`, onlyTestServer)).reason).toBe('http_status');
    const started = Date.now();
    const slow = await refusal(`${base}/slow`, { ...onlyTestServer, timeoutMs: 300 });
    expect(slow.reason).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('accepts only http and https', async () => {
    for (const url of [
      'file:///etc/passwd',
      'ftp://example.org/x',
      'javascript:alert(1)',
      'not a url',
      'http://user:pw@example.org/',
    ]) {
      expect((await refusal(url, limits)).reason, url).toBe('bad_url');
    }
  });
});

describe('the address rule', () => {
  it.each([
    ['93.184.216.34', true],
    ['8.8.8.8', true],
    ['2606:4700:4700::1111', true],
    ['127.0.0.1', false],
    ['10.1.2.3', false],
    ['172.16.0.1', false],
    ['192.168.0.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['224.0.0.1', false],
    ['255.255.255.255', false],
    ['192.0.2.1', false],
    ['::1', false],
    ['::', false],
    ['fe80::1', false],
    ['fc00::1', false],
    ['ff02::1', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:8.8.8.8', false],
    ['64:ff9b::a00:1', false],
    ['2002:a00:1::', false],
    ['fe80::1%eth0', false],
    ['not-an-ip', false],
  ])('%s → %s', (address, expected) => expect(isPublicAddress(address)).toBe(expected));
});
