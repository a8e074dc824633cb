/**
 * `GET /`: the operator dashboard; the data is gathered by the service, rendered here. Gathering
 * costs real work on a big store (~150 ms at 2,800 items), so the page is built once per change of
 * its inputs (store generation, config, problems) and at most every `maxAgeMs` otherwise, and a
 * request never waits for a rebuild once a page exists: it gets the previous one meanwhile.
 */
import type { ServerResponse } from 'node:http';
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
  let building: Promise<Buffer> | null = null;
  const now = caching?.now ?? Date.now;
  const isFresh = (page: NonNullable<typeof cached>, inputs: readonly unknown[]): boolean => caching !== undefined
    && now() - page.at < caching.maxAgeMs && inputs.length === page.inputs.length && inputs.every((v, i) => v === page.inputs[i]);
  const rebuild = (inputs: readonly unknown[]): Promise<Buffer> => {
    building ??= Promise.resolve().then(collect).then((data) => {
      const body = Buffer.from(renderDashboard(data), 'utf8');
      cached = { inputs, at: now(), body };
      return body;
    }).finally(() => {
      building = null;
    });
    return building;
  };
  /** Stale-while-revalidate: a held page is sent at once while the next one is gathered; only the first is waited for. */
  const page = (): Buffer | Promise<Buffer> => {
    const inputs = caching?.inputs() ?? [];
    if (cached === null) return rebuild(inputs);
    if (!isFresh(cached, inputs)) rebuild(inputs).catch(() => undefined);
    return cached.body;
  };
  return {
    method: 'GET',
    path: '/',
    handle(_req, res) {
      const body = page();
      if (body instanceof Promise) return body.then((b) => sendPage(res, b));
      sendPage(res, body);
    },
  };
}

function sendPage(res: ServerResponse, body: Buffer): void {
  res.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': String(body.length),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    // Nothing on the page needs scripts; feed text must never run as one.
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'",
  });
  res.end(body);
}
