import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * Slack's Socket Mode server side (https://docs.slack.dev/apis/events-api/using-socket-mode):
 * `apps.connections.open` hands out a `wss://` URL; on connect the server says `hello`, then sends
 * envelopes `{ envelope_id, type, payload, retry_attempt, accepts_response_payload }` that the app
 * acknowledges with `{ envelope_id, payload? }`. `disconnect` asks the app to reconnect.
 */
export type EnvelopeType = 'events_api' | 'interactive' | 'slash_commands';

export class FakeSocketMode {
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #acks = new Map<string, (payload: unknown) => void>();
  #sockets = new Set<WebSocket>();
  #opened = 0;
  #ids = 0;
  #connectWaiters: Array<() => void> = [];

  constructor(server: Server, baseUrl: () => string) {
    this.baseUrl = baseUrl;
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (!req.url?.startsWith('/link')) {
        socket.destroy();
        return;
      }
      this.#wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws));
    });
  }

  private readonly baseUrl: () => string;

  /** What apps.connections.open returns. */
  connectUrl(): string {
    return `${this.baseUrl().replace(/^http/, 'ws')}/link?ticket=${++this.#ids}`;
  }

  /** Connections accepted so far (a reconnect makes it grow). */
  get connections(): number {
    return this.#opened;
  }

  /** Resolves when at least `count` connections have said hello. */
  async waitForConnections(count: number, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.#opened < count) {
      if (Date.now() > deadline)
        throw new Error(`only ${this.#opened} Socket Mode connections, wanted ${count}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.#connectWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /**
   * Sends an envelope on the newest connection and resolves with the app's ack payload.
   * `envelopeId` lets a test redeliver the same envelope as Slack does when an ack is late.
   */
  async send(
    type: EnvelopeType,
    payload: Record<string, unknown>,
    options: { envelopeId?: string; retryAttempt?: number; timeoutMs?: number } = {},
  ): Promise<unknown> {
    const socket = [...this.#sockets].at(-1);
    if (!socket) throw new Error('no Socket Mode connection');
    const envelopeId = options.envelopeId ?? `env-${++this.#ids}`;
    const acked = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`envelope ${envelopeId} not acknowledged`)),
        options.timeoutMs ?? 5000,
      );
      this.#acks.set(envelopeId, (p) => {
        clearTimeout(timer);
        resolve(p);
      });
    });
    socket.send(
      JSON.stringify({
        envelope_id: envelopeId,
        type,
        payload,
        accepts_response_payload: type !== 'events_api',
        retry_attempt: options.retryAttempt ?? 0,
        retry_reason: options.retryAttempt ? 'timeout' : '',
      }),
    );
    return acked;
  }

  /** Asks every connected app to reconnect, as Slack does before recycling a server. */
  disconnectAll(reason = 'refresh_requested'): void {
    for (const socket of this.#sockets) socket.send(JSON.stringify({ type: 'disconnect', reason }));
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.terminate();
    this.#sockets.clear();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  #accept(ws: WebSocket): void {
    this.#sockets.add(ws);
    ws.on('close', () => this.#sockets.delete(ws));
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
      if (message.envelope_id) {
        const ack = this.#acks.get(message.envelope_id);
        this.#acks.delete(message.envelope_id);
        ack?.(message.payload ?? null);
      }
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.#sockets.size,
        connection_info: { app_id: 'A1' },
      }),
    );
    this.#opened += 1;
    for (const wake of this.#connectWaiters.splice(0)) wake();
  }
}
