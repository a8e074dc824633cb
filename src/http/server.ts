/** The HTTP edge: a route table over node:http. Feeds and /healthz here; others add routes. */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { OutputFormat } from '../model/curated.js';
import type { FeedCache } from './feed-cache.js';
import { createFeedRoute } from './feed-route.js';
import { sendJson, sendText } from './respond.js';
import { findRoute } from './routes.js';
import type { Route } from './routes.js';
import type { AccessDecision } from './access.js';

export interface HttpLog {
  info(fields: object, msg?: string): void;
  warn(fields: object, msg?: string): void;
}

export interface ServerDeps {
  cache: FeedCache;
  feedIds(): string[];
  formatsOf(id: string): OutputFormat[];
  health(): { ok: boolean; [key: string]: unknown };
  log?: HttpLog;
  /** Called once per finished response (metrics). */
  onResponse?(path: string, status: number, ms: number): void;
  /** Cache-Control max-age of feed responses; 60 s by default. */
  maxAgeSeconds?: number;
  /** A `Link` header for a feed (WebSub hub and self), or null. */
  feedLinkHeader?(id: string, format: OutputFormat): string | null;
  /** Private feeds' token check. */
  authorizeFeed?(req: IncomingMessage, id: string): AccessDecision;
}

export function createHttpServer(deps: ServerDeps, extraRoutes: readonly Route[] = []): Server {
  const routes: Route[] = [
    createFeedRoute({
      cache: deps.cache, feedIds: deps.feedIds, formatsOf: deps.formatsOf, maxAgeSeconds: deps.maxAgeSeconds ?? 60,
      ...(deps.feedLinkHeader ? { linkHeader: deps.feedLinkHeader } : {}),
      ...(deps.authorizeFeed ? { authorize: deps.authorizeFeed } : {}),
    }),
    createHealthRoute(deps.health),
    ...extraRoutes,
  ];
  return createServer((req, res) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      deps.log?.info({ method: req.method, path: pathOf(req), status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'http request');
      deps.onResponse?.(pathOf(req), res.statusCode, ms);
    });
    void dispatch(routes, req, res, deps.log);
  });
}

export function createHealthRoute(health: ServerDeps['health']): Route {
  return {
    method: 'GET',
    path: '/healthz',
    handle(_req, res) {
      let report: { ok: boolean; [key: string]: unknown };
      try {
        report = health();
      } catch (err) {
        report = { ok: false, error: err instanceof Error ? err.message : String(err) };
      }
      sendJson(res, report.ok ? 200 : 503, report, { 'Cache-Control': 'no-store' });
    },
  };
}

async function dispatch(routes: readonly Route[], req: IncomingMessage, res: ServerResponse, log: HttpLog | undefined): Promise<void> {
  const found = findRoute(routes, (req.method ?? 'GET').toUpperCase(), pathOf(req));
  try {
    if (found.kind === 'not-found') return sendText(res, 404, 'not found');
    if (found.kind === 'method-not-allowed') return sendText(res, 405, 'method not allowed', { Allow: found.allow.join(', ') });
    await found.route.handle(req, res, found.match);
  } catch (err) {
    log?.warn({ err, method: req.method, path: pathOf(req) }, 'http: handler failed');
    if (!res.headersSent) sendText(res, 500, 'internal error');
    else res.destroy();
  }
}

/** The raw path, query dropped; deliberately not normalized (no `..` resolution, no decoding). */
function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
