import { lookup as dnsLookup } from 'node:dns/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { CheckinError, ErrorCode } from '../core/errors.ts';
import { isPublicAddress } from './address-policy.ts';

/** Why a fetch was refused or failed; the bot words its reply from this. */
export type FetchFailure =
  | 'bad_url'
  | 'blocked_address'
  | 'dns'
  | 'too_many_redirects'
  | 'timeout'
  | 'too_large'
  | 'not_html'
  | 'http_status'
  | 'network';

/** A refused or failed page fetch. The message is safe to show to the person who asked. */
export class FetchError extends CheckinError {
  override readonly name = 'FetchError';
  constructor(
    readonly reason: FetchFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(ErrorCode.Fetch, message, options);
  }
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export interface FetchOptions {
  /** Whole-fetch time limit in milliseconds, redirects included (CHECKIN_FETCH_TIMEOUT_MS). */
  timeoutMs: number;
  /** Largest body read, in bytes, after decompression (CHECKIN_FETCH_MAX_BYTES). */
  maxBytes: number;
  /** Redirects followed before giving up (default 5). */
  maxRedirects?: number;
  /** Lets any address through, loopback and private included (CHECKIN_FETCH_ALLOW_PRIVATE; tests only). */
  allowPrivate?: boolean;
  /**
   * Decides whether an address may be contacted; default `isPublicAddress`. Tests pass a rule
   * that admits exactly their local server, so a redirect elsewhere is still refused.
   */
  allowAddress?: (address: string) => boolean;
  /** Name resolution (default: the system resolver, every address). */
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
}

/** A fetched HTML page. */
export interface FetchedPage {
  /** Where the page was finally found, after redirects. */
  finalUrl: string;
  contentType: string;
  html: string;
  bytes: number;
  redirects: number;
}

const HTML_TYPES = /^(?:text\/html|application\/xhtml\+xml)\b/i;
const USER_AGENT = 'CheckinBot/0.1 (+https://github.com/; article summaries)';

/**
 * Fetches a public web page safely. Only http and https. Each hop's host name is resolved here,
 * every address it resolves to must pass the address rule, and the connection is made to the
 * checked address itself (a pinned `lookup`), so a DNS answer that changes between the check and
 * the connection (DNS rebinding) cannot reach an internal service. Redirects are checked the same
 * way, hop by hop. Time, size and redirect count are limited, and only HTML is accepted.
 */
export async function fetchPage(url: string, options: FetchOptions): Promise<FetchedPage> {
  const maxRedirects = options.maxRedirects ?? 5;
  const allow = options.allowPrivate ? () => true : (options.allowAddress ?? isPublicAddress);
  const resolve = options.resolve ?? systemResolve;
  const signal = AbortSignal.timeout(options.timeoutMs);
  let current = parseUrl(url);
  for (let redirects = 0; ; redirects++) {
    const target = await vet(current, allow, resolve, signal, options.timeoutMs);
    const response = await request(current, target, signal, options.timeoutMs);
    const location = response.headers.location;
    if (response.statusCode && response.statusCode >= 300 && response.statusCode < 400 && location) {
      response.resume();
      if (redirects >= maxRedirects) {
        throw new FetchError(
          'too_many_redirects',
          `The link redirected more than ${maxRedirects} times, so I stopped following it.`,
        );
      }
      current = parseUrl(location, current);
      continue;
    }
    return readPage(current, response, redirects, options, signal);
  }
}

function parseUrl(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw new FetchError('bad_url', 'That does not look like a web address (it should start with https://).');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError(
      'bad_url',
      `Only http and https links can be summarised, not ${url.protocol.replace(':', '')}.`,
    );
  }
  if (url.username || url.password) {
    throw new FetchError('bad_url', 'Links with a user name or password in them are not fetched.');
  }
  return url;
}

async function systemResolve(hostname: string): Promise<ResolvedAddress[]> {
  const found = await dnsLookup(hostname, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
}

/** Resolves the host of `url` and checks every address; returns the one to connect to. */
async function vet(
  url: URL,
  allow: (address: string) => boolean,
  resolve: (hostname: string) => Promise<ResolvedAddress[]>,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<ResolvedAddress> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(host);
  let addresses: ResolvedAddress[];
  if (literal) {
    addresses = [{ address: host, family: literal === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await abortable(resolve(host), signal);
    } catch (cause) {
      if (signal.aborted) throw timeoutError(timeoutMs, cause);
      throw new FetchError('dns', `I could not find the site ${host}.`, { cause });
    }
  }
  // Every answer must pass: a name that resolves to one public and one internal address is refused.
  if (!addresses.length || addresses.some((a) => !allow(a.address))) {
    throw new FetchError(
      'blocked_address',
      `${host} points to a private or local network address, so I will not fetch it.`,
    );
  }
  return addresses[0]!;
}

function request(
  url: URL,
  target: ResolvedAddress,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<IncomingMessage> {
  // The pinned lookup hands the socket the vetted address whatever the name resolves to now.
  const lookup = ((_hostname, opts, callback) => {
    if (opts.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  }) as LookupFunction;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolvePromise, reject) => {
    const req = client.request(
      {
        protocol: url.protocol,
        hostname: host,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers: {
          'user-agent': USER_AGENT,
          accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1',
          'accept-encoding': 'gzip, deflate, br',
        },
        lookup,
        agent: false,
        signal,
        ...(url.protocol === 'https:' && !isIP(host) ? { servername: host } : {}),
      },
      resolvePromise,
    );
    req.on('error', (cause) =>
      reject(
        signal.aborted
          ? timeoutError(timeoutMs, cause)
          : new FetchError('network', `I could not reach ${host}.`, { cause }),
      ),
    );
    req.end();
  });
}

async function readPage(
  url: URL,
  response: IncomingMessage,
  redirects: number,
  options: FetchOptions,
  signal: AbortSignal,
): Promise<FetchedPage> {
  const status = response.statusCode ?? 0;
  if (status < 200 || status >= 300) {
    response.resume();
    throw new FetchError(
      'http_status',
      `The page answered with HTTP status ${status}, so there is nothing to summarise.`,
    );
  }
  const contentType = String(response.headers['content-type'] ?? '');
  if (contentType && !HTML_TYPES.test(contentType)) {
    response.resume();
    throw new FetchError('not_html', notHtmlMessage(contentType));
  }
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > options.maxBytes) {
    response.resume();
    throw tooLarge(options.maxBytes);
  }
  const body = await readBody(response, options, signal);
  if (body.subarray(0, 5).toString('latin1') === '%PDF-')
    throw new FetchError('not_html', notHtmlMessage('application/pdf'));
  const html = decode(body, contentType);
  if (!contentType && !/<html|<body|<p[\s>]/i.test(html.slice(0, 4096))) {
    throw new FetchError('not_html', notHtmlMessage('an unknown type'));
  }
  return { finalUrl: url.href, contentType: contentType || 'text/html', html, bytes: body.length, redirects };
}

function notHtmlMessage(contentType: string): string {
  const kind = /pdf/i.test(contentType)
    ? 'a PDF'
    : /^image\//i.test(contentType)
      ? 'an image'
      : contentType.split(';')[0];
  return `That link is ${kind}, not a web page. I can only summarise HTML pages; try a link to the article's web page.`;
}

async function readBody(
  response: IncomingMessage,
  options: FetchOptions,
  signal: AbortSignal,
): Promise<Buffer> {
  const encoding = String(response.headers['content-encoding'] ?? '').toLowerCase();
  // The limit counts decompressed bytes, so a small compressed bomb cannot exhaust memory.
  const stream =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? response.pipe(createGunzip())
      : encoding === 'deflate'
        ? response.pipe(createInflate())
        : encoding === 'br'
          ? response.pipe(createBrotliDecompress())
          : response;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > options.maxBytes) {
        response.destroy();
        throw tooLarge(options.maxBytes);
      }
      chunks.push(chunk);
    }
  } catch (cause) {
    if (cause instanceof FetchError) throw cause;
    if (signal.aborted) throw timeoutError(options.timeoutMs, cause);
    throw new FetchError('network', 'The page stopped loading part-way through.', { cause });
  }
  return Buffer.concat(chunks);
}

function decode(body: Buffer, contentType: string): string {
  const declared =
    /charset=["']?([\w-]+)/i.exec(contentType)?.[1] ??
    /<meta[^>]+charset=["']?([\w-]+)/i.exec(body.subarray(0, 2048).toString('latin1'))?.[1];
  try {
    return new TextDecoder(declared ?? 'utf-8').decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}

function tooLarge(maxBytes: number): FetchError {
  return new FetchError(
    'too_large',
    `That page is larger than ${Math.round(maxBytes / 1000)} kB, so I did not read it.`,
  );
}

function timeoutError(timeoutMs: number, cause: unknown): FetchError {
  return new FetchError(
    'timeout',
    `The page took longer than ${(timeoutMs / 1000).toFixed(1)} s to load, so I gave up.`,
    { cause },
  );
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolvePromise(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
