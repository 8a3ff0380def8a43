import type { HttpRoutes } from '../core/ports.ts';
import { sendJson } from '../http/server.ts';
import type { Health } from './health.ts';
import type { Metrics } from './metrics.ts';

/**
 * `/healthz` (alive; 200 with details of degraded dependencies), `/readyz` (200 when ready, 503
 * while starting or draining) and `/metrics` (Prometheus text). Unauthenticated, like most
 * operational endpoints: expose them to the orchestrator and scraper, not to the internet.
 */
export function registerOpsRoutes(http: HttpRoutes, deps: { health: Health; metrics: Metrics }): void {
  http.route('GET', '/healthz', async (_req, res) => {
    sendJson(res, 200, await deps.health.report());
  });
  http.route('GET', '/readyz', (_req, res) => {
    const ready = deps.health.ready();
    sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : deps.health.phase });
  });
  http.route('GET', '/metrics', async (_req, res) => {
    const text = await deps.metrics.render();
    res.statusCode = 200;
    res.setHeader('Content-Type', deps.metrics.registry.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.end(text);
  });
}
