/**
 * Liveness and readiness. The process is *alive* while it runs (a failing dependency degrades it but
 * a restart would not help); it is *ready* from the end of start-up until shutdown begins. A Redis
 * outage therefore shows on `/healthz` as degraded while `/readyz` stays 200: the bot still answers
 * help and crisis requests without its store.
 */
export type Phase = 'starting' | 'ready' | 'draining' | 'stopped';

/** A dependency probe: resolves when healthy, rejects (or times out) when not. */
export type HealthCheck = () => Promise<void>;

export interface HealthReport {
  status: 'ok' | 'degraded';
  phase: Phase;
  uptimeSeconds: number;
  /** Each dependency's state: `ok`, its failure word (`unreachable`), or `timeout`. */
  checks: Record<string, string>;
}

export interface Health {
  readonly phase: Phase;
  setPhase(phase: Phase): void;
  /** Registers a probe; `failure` is the word reported when it fails (default `failing`). */
  addCheck(name: string, check: HealthCheck, failure?: string): void;
  report(): Promise<HealthReport>;
  /** Ready to take traffic: started and not shutting down. */
  ready(): boolean;
}

export function createHealth(options: { checkTimeoutMs?: number } = {}): Health {
  const timeoutMs = options.checkTimeoutMs ?? 2_000;
  const started = Date.now();
  const checks = new Map<string, { check: HealthCheck; failure: string }>();
  let phase: Phase = 'starting';

  async function run(check: HealthCheck, failure: string): Promise<string> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    try {
      return await Promise.race([check().then(() => 'ok'), timeout]);
    } catch {
      return failure;
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    get phase() {
      return phase;
    },
    setPhase(next) {
      phase = next;
    },
    addCheck(name, check, failure = 'failing') {
      checks.set(name, { check, failure });
    },
    async report() {
      const entries = await Promise.all(
        [...checks].map(async ([name, c]) => [name, await run(c.check, c.failure)] as const),
      );
      const results = Object.fromEntries(entries);
      return {
        status: entries.every(([, v]) => v === 'ok') ? 'ok' : 'degraded',
        phase,
        uptimeSeconds: Math.round((Date.now() - started) / 1000),
        checks: results,
      };
    },
    ready: () => phase === 'ready',
  };
}
