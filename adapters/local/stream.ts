import type { ServerResponse } from 'node:http';
import type { MessageView } from './render.ts';

/** A server-sent event for one page: a new message, or a replacement for an earlier one. */
export type StreamEvent = { event: 'message'; data: MessageView } | { event: 'update'; data: MessageView };

/**
 * Open chat pages by browser id, for messages nobody asked for right now (reminders, later updates).
 * When no page is open, a few events wait in memory and are sent when one opens: the web chat is a
 * single-process try-out, so losing them on restart is acceptable.
 */
export class StreamHub {
  private readonly open = new Map<string, Set<ServerResponse>>();
  private readonly waiting = new Map<string, StreamEvent[]>();
  private readonly keepAlive: NodeJS.Timeout;

  constructor(
    /** Events held per browser while no page is open; the oldest go first. */
    private readonly maxWaiting = 20,
    /** Browsers with held events; beyond this the longest-waiting browser's events are dropped. */
    private readonly maxBrowsers = 1_000,
  ) {
    // A comment line every 25 s keeps proxies from closing an idle stream.
    this.keepAlive = setInterval(() => {
      for (const set of this.open.values()) for (const res of set) res.write(': keep-alive\n\n');
    }, 25_000);
    this.keepAlive.unref();
  }

  /** Turns `res` into an event stream for `browser` and sends whatever was waiting. */
  attach(browser: string, res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 3000\n\n');
    const set = this.open.get(browser) ?? new Set();
    set.add(res);
    this.open.set(browser, set);
    res.on('close', () => {
      set.delete(res);
      if (set.size === 0) this.open.delete(browser);
    });
    const held = this.waiting.get(browser);
    this.waiting.delete(browser);
    for (const event of held ?? []) write(res, event);
  }

  /** Sends to every open page of `browser`; holds the event when none is open. True if sent now. */
  publish(browser: string, event: StreamEvent): boolean {
    const set = this.open.get(browser);
    if (set?.size) {
      for (const res of set) write(res, event);
      return true;
    }
    const held = this.waiting.get(browser) ?? [];
    this.waiting.delete(browser);
    held.push(event);
    if (held.length > this.maxWaiting) held.shift();
    this.waiting.set(browser, held);
    if (this.waiting.size > this.maxBrowsers) this.waiting.delete(this.waiting.keys().next().value!);
    return false;
  }

  /** Ends every stream (shutdown). Pages reconnect by themselves once the bot is back. */
  closeAll(): void {
    clearInterval(this.keepAlive);
    for (const set of this.open.values()) for (const res of set) res.end();
    this.open.clear();
  }
}

function write(res: ServerResponse, event: StreamEvent): void {
  res.write(`event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`);
}
