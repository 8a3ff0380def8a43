import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { MessageView } from '../../adapters/local/render.ts';
import { freePort } from '../support/redis-server.ts';

/** What the web chat API answers. */
export interface TurnResponse {
  messages?: MessageView[];
  update?: MessageView;
  error?: string;
}

/**
 * Runs the real bot (`src/main.ts`, as `npm start` and the container do) in a child process on a
 * free port, with a clean environment plus `env`, and keeps everything it writes.
 */
export interface BotProcess {
  child: ChildProcess;
  base: string;
  port: number;
  stdout(): string;
  stderr(): string;
  /** Parsed JSON log lines (stderr). */
  logs(): Array<Record<string, unknown>>;
  /** Resolves with the exit code (or signal name) once the process has ended. */
  exited: Promise<number | string>;
  stop(): Promise<void>;
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Only what Node needs, so the developer's own settings (REDIS_URL, tokens) never leak in. */
function baseEnv(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ', 'NODE_OPTIONS'];
  return Object.fromEntries(keep.flatMap((k) => (process.env[k] ? [[k, process.env[k]!]] : [])));
}

export function spawnMain(env: Record<string, string>): {
  child: ChildProcess;
  out: string[];
  err: string[];
} {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...baseEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  const err: string[] = [];
  child.stdout!.on('data', (d) => out.push(String(d)));
  child.stderr!.on('data', (d) => err.push(String(d)));
  return { child, out, err };
}

export function exitOf(child: ChildProcess): Promise<number | string> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
}

/** Starts the bot and waits until `/readyz` answers 200. */
export async function startBot(env: Record<string, string> = {}, timeoutMs = 30_000): Promise<BotProcess> {
  const port = await freePort();
  const { child, out, err } = spawnMain({ HOST: '127.0.0.1', PORT: String(port), ...env });
  const exited = exitOf(child);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  let ended = false;
  void exited.then(() => (ended = true));
  while (true) {
    if (ended) throw new Error(`bot exited during start-up:\n${err.join('')}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`bot not ready within ${timeoutMs} ms:\n${err.join('')}`);
    }
    const ok = await fetch(`${base}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    base,
    port,
    stdout: () => out.join(''),
    stderr: () => err.join(''),
    logs: () =>
      err
        .join('')
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/** A web chat client with its own cookie jar (one browser). */
export function webClient(base: string) {
  let cookie = '';
  return {
    async turn(payload: Record<string, unknown>): Promise<{ status: number; data: TurnResponse }> {
      const res = await fetch(`${base}/api/chat/turn`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
        body: JSON.stringify(payload),
      });
      const set = res.headers.get('set-cookie');
      if (set) cookie = set.split(';')[0]!;
      return { status: res.status, data: (await res.json()) as TurnResponse };
    },
  };
}
