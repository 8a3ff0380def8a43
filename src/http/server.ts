import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpHandler, HttpRequest, HttpRoutes, Logger } from '../core/ports.ts';
import { parseBody } from './body.ts';

/**
 * The one HTTP server of the process. Adapters add routes through `HttpRoutes` (they never open a
 * port); every request body is read once, kept raw (Slack signs the exact bytes) and parsed (JSON or
 * form-encoded, which botbuilder and Slack's interactive payloads need).
 */
export interface HttpServerOptions {
  logger: Logger;
  /** Largest request body accepted, in bytes; larger ones get 413 without being read further. */
  maxBodyBytes: number;
}

type Method = 'GET' | 'POST';

export interface HttpServer extends HttpRoutes {
  /** Starts listening; resolves with the port actually bound (useful with port 0). */
  listen(host: string, port: number): Promise<number>;
  /** Stops accepting connections and resolves when open ones have ended (or after `graceMs`). */
  close(graceMs?: number): Promise<void>;
  /** The routes registered so far, as `METHOD path` (for logs and tests). */
  routes(): string[];
}

export function createHttpServer(options: HttpServerOptions): HttpServer {
  const table = new Map<string, Map<Method, HttpHandler>>();
  const log = options.logger.child({ component: 'http' });
  const server: Server = createServer((req, res) => {
    void dispatch(req, res);
  });
  // Long-lived chat streams (SSE) must not be cut by the default request timeout.
  server.requestTimeout = 0;
  server.headersTimeout = 30_000;
  server.keepAliveTimeout = 5_000;

  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const path = pathOf(req.url);
    const methods = table.get(path);
    const method = (req.method === 'HEAD' ? 'GET' : req.method) as Method;
    const handler = methods?.get(method);
    if (!methods) {
      req.resume();
      return sendJson(res, 404, { error: 'not found' });
    }
    if (!handler) {
      req.resume();
      res.setHeader('Allow', [...methods.keys(), ...(methods.has('GET') ? ['HEAD'] : [])].join(', '));
      return sendJson(res, 405, { error: 'method not allowed' });
    }
    const body = await parseBody(req, options.maxBodyBytes);
    if (!body.ok) {
      // Stop reading an oversized body, but let the response reach the client first.
      res.setHeader('Connection', 'close');
      return sendJson(res, body.status, { error: body.error });
    }
    const request = req as HttpRequest;
    request.rawBody = body.raw;
    request.body = body.parsed;
    try {
      await handler(request, res);
    } catch (error) {
      // Log the route and error code only: a message could quote the request body.
      log.error(
        { route: path, method, error: errorName(error) },
        'HTTP handler failed; answered 500 without details',
      );
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.end();
    } finally {
      log.debug(
        { route: path, method, status: res.statusCode, ms: Math.round(performance.now() - started) },
        'http request',
      );
    }
  }

  return {
    route(method, path, handler) {
      if (!path.startsWith('/')) throw new RangeError(`Route path must start with "/": ${path}`);
      const methods = table.get(path) ?? new Map<Method, HttpHandler>();
      if (methods.has(method)) throw new RangeError(`Route ${method} ${path} is already registered`);
      methods.set(method, handler);
      table.set(path, methods);
    },
    routes() {
      return [...table].flatMap(([path, methods]) => [...methods.keys()].map((m) => `${m} ${path}`));
    },
    listen(host, port) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve((server.address() as AddressInfo).port);
        });
      });
    },
    close(graceMs = 2_000) {
      return new Promise((resolve) => {
        if (!server.listening) return resolve();
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        timer.unref();
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}

function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const q = raw.indexOf('?');
  return q === -1 ? raw : raw.slice(0, q);
}

function errorName(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string')
    return error.code;
  return error instanceof Error ? error.name : 'unknown';
}

/** Writes a small JSON response (health, errors, APIs). */
export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const payload = JSON.stringify(value);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', Buffer.byteLength(payload));
  res.end(payload);
}
