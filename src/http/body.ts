import type { IncomingMessage } from 'node:http';

/** A request body read in full: the exact bytes and, for JSON or form data, the parsed value. */
export type BodyResult =
  | { ok: true; raw: Buffer; parsed: unknown }
  | { ok: false; status: 400 | 413; error: string };

const EMPTY = Buffer.alloc(0);

/**
 * Reads the body up to `maxBytes` (413 beyond; checked against Content-Length first so a huge
 * upload is refused without being read) and parses JSON (`application/json`, `*+json`) or
 * `application/x-www-form-urlencoded`. Other types keep only the raw bytes.
 */
export async function parseBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    return { ok: false, status: 413, error: `request body larger than ${maxBytes} bytes` };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) {
        req.resume();
        return { ok: false, status: 413, error: `request body larger than ${maxBytes} bytes` };
      }
      chunks.push(chunk);
    }
  } catch {
    return { ok: false, status: 400, error: 'request body could not be read' };
  }
  const raw = chunks.length === 0 ? EMPTY : Buffer.concat(chunks, size);
  if (raw.length === 0) return { ok: true, raw, parsed: undefined };
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      return { ok: true, raw, parsed: JSON.parse(raw.toString('utf8')) as unknown };
    } catch {
      return { ok: false, status: 400, error: 'request body is not valid JSON' };
    }
  }
  if (type === 'application/x-www-form-urlencoded') {
    return { ok: true, raw, parsed: Object.fromEntries(new URLSearchParams(raw.toString('utf8'))) };
  }
  return { ok: true, raw, parsed: undefined };
}
