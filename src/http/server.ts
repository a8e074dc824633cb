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
  /** One line per request goes here (pino's debug): at thousands of requests a second, info would be an access log. */
  debug?(fields: object, msg?: string): void;
  isLevelEnabled?(level: string): boolean;
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
  const onFinish = finishListener(deps);
  return createServer((req, res) => {
    (res as TimedResponse)[STARTED] = performance.now();
    res.on('finish', onFinish);
    dispatch(routes, req, res, deps.log);
  });
}

const STARTED = Symbol('wiredesk.started');
type TimedResponse = ServerResponse & { [STARTED]?: number };

/**
 * One listener shared by every response (no closure per request): the access line, only when
 * debug logging is on, and the response metrics.
 */
function finishListener(deps: ServerDeps): (this: ServerResponse) => void {
  const { log, onResponse } = deps;
  return function onFinish(this: TimedResponse) {
    const logged = log?.debug !== undefined && log.isLevelEnabled?.('debug') !== false;
    if (!logged && onResponse === undefined) return;
    const ms = performance.now() - (this[STARTED] ?? 0);
    const path = pathOf(this.req);
    if (logged) log?.debug?.({ method: this.req.method, path, status: this.statusCode, ms: Math.round(ms * 10) / 10 }, 'http request');
    onResponse?.(path, this.statusCode, ms);
  };
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

/** Synchronous handlers (cached feeds) are answered without a promise; async ones get their errors caught too. */
function dispatch(routes: readonly Route[], req: IncomingMessage, res: ServerResponse, log: HttpLog | undefined): void {
  const found = findRoute(routes, (req.method ?? 'GET').toUpperCase(), pathOf(req));
  if (found.kind === 'not-found') return sendText(res, 404, 'not found');
  if (found.kind === 'method-not-allowed') return sendText(res, 405, 'method not allowed', { Allow: found.allow.join(', ') });
  try {
    const pending = found.route.handle(req, res, found.match);
    if (pending !== undefined) pending.catch((err: unknown) => failed(err, req, res, log));
  } catch (err) {
    failed(err, req, res, log);
  }
}

function failed(err: unknown, req: IncomingMessage, res: ServerResponse, log: HttpLog | undefined): void {
  log?.warn({ err, method: req.method, path: pathOf(req) }, 'http: handler failed');
  if (!res.headersSent) sendText(res, 500, 'internal error');
  else res.destroy();
}

/** The raw path, query dropped; deliberately not normalized (no `..` resolution, no decoding). */
function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
