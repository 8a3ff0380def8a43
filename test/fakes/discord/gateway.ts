import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { FakeUser, Wire } from './payloads.ts';

/**
 * The gateway half of the fake Discord, speaking the documented protocol over `ws` with JSON
 * encoding: HELLO (op 10) on connect; IDENTIFY (op 2) → READY; HEARTBEAT (op 1) → ACK (op 11);
 * dispatches (op 0) with a rising sequence per session; RECONNECT (op 7) on request, then RESUME
 * (op 6) → the missed dispatches replayed → RESUMED.
 */

interface Session {
  id: string;
  shard: [number, number];
  intents: number;
  seq: number;
  /** Every dispatch of the session, for replay on RESUME. */
  events: Array<{ s: number; t: string; d: unknown }>;
  socket: WebSocket | null;
  /** False after op 7 until the client resumes: dispatches are kept for replay, not sent. */
  live: boolean;
}

export interface GatewayOptions {
  token: string;
  applicationId: string;
  bot: FakeUser;
  /** Heartbeat interval announced in HELLO, in ms. */
  heartbeatIntervalMs?: number;
}

export class FakeGateway {
  readonly sessions: Session[] = [];
  /** Every opcode the clients sent, in order (identify, resume, heartbeat …). */
  readonly received: Array<{ op: number; shard: number | null; d: Wire }> = [];
  heartbeatAcks = 0;
  /** The URL of every WebSocket connection, in order (shows whether a reconnect used the resume URL). */
  readonly connections: string[] = [];
  /** On RESUME, also replay this many already-delivered dispatches (a duplicate delivery). */
  replayOverlap = 0;
  private readonly wss = new WebSocketServer({ noServer: true });
  private waiters: Array<() => void> = [];
  private nextSession = 1;
  private resumeUrl = '';

  constructor(private readonly options: GatewayOptions) {
    this.wss.on('connection', (socket) => this.onConnection(socket));
  }

  setResumeUrl(url: string): void {
    this.resumeUrl = url;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.connections.push(req.url ?? '');
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  /** Connected shards, as `id/count` strings. */
  liveShards(): string[] {
    return this.sessions.filter((s) => s.socket && s.live).map((s) => `${s.shard[0]}/${s.shard[1]}`);
  }

  /** Sends an event to the session of `shard` (kept for replay if the shard is reconnecting). */
  dispatch(t: string, d: unknown, shard = 0): number {
    const session = this.current(shard);
    session.seq += 1;
    const event = { s: session.seq, t, d };
    session.events.push(event);
    if (session.live && session.socket) session.socket.send(JSON.stringify({ op: 0, ...event }));
    return session.seq;
  }

  /** Tells a shard to reconnect (op 7); it should come back with RESUME. */
  requestReconnect(shard = 0): void {
    const session = this.current(shard);
    session.live = false;
    session.socket?.send(JSON.stringify({ op: 7, d: null }));
  }

  /** Cuts a shard's connection abruptly (no close frame), as a network failure would. */
  dropConnection(shard = 0): void {
    const session = this.current(shard);
    session.live = false;
    session.socket?.terminate();
  }

  /** Resolves when `predicate` holds, re-checked after every gateway message. */
  async until(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error('fake Discord gateway: condition not met in time');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 20);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  close(): void {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }

  private current(shard: number): Session {
    const session = [...this.sessions].reverse().find((s) => s.shard[0] === shard);
    if (!session) throw new Error(`fake Discord gateway: no session for shard ${shard}`);
    return session;
  }

  private onConnection(socket: WebSocket): void {
    let session: Session | null = null;
    socket.send(
      JSON.stringify({ op: 10, d: { heartbeat_interval: this.options.heartbeatIntervalMs ?? 41_250 } }),
    );
    socket.on('message', (raw) => {
      const payload = JSON.parse(raw.toString());
      this.received.push({ op: payload.op, shard: session?.shard[0] ?? null, d: payload.d });
      switch (payload.op) {
        case 1:
          this.heartbeatAcks += 1;
          socket.send(JSON.stringify({ op: 11 }));
          break;
        case 2:
          session = this.identify(socket, payload.d);
          break;
        case 6:
          session = this.resume(socket, payload.d);
          break;
      }
      this.wake();
    });
    socket.on('close', () => {
      if (session && session.socket === socket) session.socket = null;
      this.wake();
    });
  }

  private identify(socket: WebSocket, d: Wire): Session | null {
    if (d?.token !== this.options.token) {
      socket.close(4004, 'Authentication failed.');
      return null;
    }
    const shard: [number, number] = Array.isArray(d.shard) ? [d.shard[0], d.shard[1]] : [0, 1];
    const session: Session = {
      id: `session-${this.nextSession++}`,
      shard,
      intents: d.intents,
      seq: 0,
      events: [],
      socket,
      live: true,
    };
    this.sessions.push(session);
    this.dispatch(
      'READY',
      {
        v: 10,
        user: { ...this.options.bot, bot: true, verified: true, flags: 0, mfa_enabled: false },
        guilds: [],
        session_id: session.id,
        resume_gateway_url: this.resumeUrl,
        shard,
        application: { id: this.options.applicationId, flags: 0 },
      },
      shard[0],
    );
    return session;
  }

  private resume(socket: WebSocket, d: Wire): Session | null {
    const session = this.sessions.find((s) => s.id === d?.session_id);
    if (!session || d.token !== this.options.token) {
      socket.send(JSON.stringify({ op: 9, d: false }));
      return null;
    }
    session.socket = socket;
    const from = Number(d.seq) - this.replayOverlap;
    for (const event of session.events) {
      if (event.s > from && event.t !== 'READY' && event.t !== 'RESUMED')
        socket.send(JSON.stringify({ op: 0, ...event }));
    }
    session.live = true;
    this.dispatch('RESUMED', {}, session.shard[0]);
    return session;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
