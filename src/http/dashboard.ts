/**
 * `GET /`: the operator dashboard; the data is gathered by the service, rendered here. Gathering
 * costs real work on a big store (~150 ms at 2,800 items), so the page is built once per change of
 * its inputs (store generation, config, problems) and at most every `maxAgeMs` otherwise.
 */
import type { DashboardData } from './dashboard-html.js';
import { renderDashboard } from './dashboard-html.js';
import type { Route } from './routes.js';

export interface DashboardCaching {
  /** What the page depends on; compared by identity. */
  inputs: () => readonly unknown[];
  /** Rebuilt after this long even when nothing changed (next polls, 24 h counts move). */
  maxAgeMs: number;
  now?: () => number;
}

export function createDashboardRoute(collect: () => DashboardData | Promise<DashboardData>, caching?: DashboardCaching): Route {
  let cached: { inputs: readonly unknown[]; at: number; body: Buffer } | null = null;
  const now = caching?.now ?? Date.now;
  const page = async (): Promise<Buffer> => {
    const inputs = caching?.inputs() ?? [];
    const fresh = cached !== null && caching !== undefined && now() - cached.at < caching.maxAgeMs
      && inputs.length === cached.inputs.length && inputs.every((v, i) => v === cached?.inputs[i]);
    if (fresh && cached !== null) return cached.body;
    const body = Buffer.from(renderDashboard(await collect()), 'utf8');
    cached = { inputs, at: now(), body };
    return body;
  };
  return {
    method: 'GET',
    path: '/',
    async handle(_req, res) {
      const body = await page();
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Length': String(body.length),
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        // Nothing on the page needs scripts; feed text must never run as one.
        'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'",
      });
      res.end(body);
    },
  };
}
