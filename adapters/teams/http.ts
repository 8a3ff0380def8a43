import type { ServerResponse } from 'node:http';
import type { HttpRequest } from '../../src/core/ports.ts';

/**
 * The bot's HTTP server speaks node:http; CloudAdapter.process wants express-shaped `req.body`,
 * `res.status/header/send/end`. These two shims are all the glue (the successor SDK's hosting
 * wants the same shape).
 */

/** The request fields CloudAdapter.process reads. */
export interface ExpressLikeRequest {
  body?: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  method?: string;
}

/** The response methods CloudAdapter.process calls. */
export interface ExpressLikeResponse {
  socket: unknown;
  status(code: number): ExpressLikeResponse;
  header(name: string, value: unknown): ExpressLikeResponse;
  send(body?: unknown): ExpressLikeResponse;
  end(): ExpressLikeResponse;
}

/** Our parsed request as CloudAdapter wants it (`body` only when it is a JSON object). */
export function expressRequest(req: HttpRequest): ExpressLikeRequest {
  const body = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : undefined;
  return { ...(body ? { body } : {}), headers: req.headers, method: req.method ?? 'POST' };
}

/** Buffers status and body until `end()`, then writes once (JSON for objects, text otherwise). */
export function expressResponse(res: ServerResponse): ExpressLikeResponse {
  let status = 200;
  let payload: string | undefined;
  const shim: ExpressLikeResponse = {
    socket: res.socket,
    status(code) {
      status = code;
      return shim;
    },
    header(name, value) {
      res.setHeader(name, String(value));
      return shim;
    },
    send(body) {
      if (body === undefined || body === null) return shim;
      if (typeof body === 'string' || Buffer.isBuffer(body)) {
        payload = String(body);
        if (!res.hasHeader('content-type')) res.setHeader('content-type', 'text/plain; charset=utf-8');
      } else {
        payload = JSON.stringify(body);
        res.setHeader('content-type', 'application/json; charset=utf-8');
      }
      return shim;
    },
    end() {
      if (res.writableEnded) return shim;
      res.statusCode = status;
      res.end(payload);
      return shim;
    },
  };
  return shim;
}
