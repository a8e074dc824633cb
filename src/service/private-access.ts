/**
 * Private access as a node wires it, on either backend: the token checker over the token port's
 * snapshot and the config in force, request counts flushed to the store every few seconds (never
 * a write per request), and the admin guard on the dashboard, the metrics and (when any feed is
 * private) searches.
 */
import type { Config } from '../config/schema.js';
import { createAccess, guardRoute, type Access } from '../http/access.js';
import { createTokenSnapshot, type TokenPort } from '../http/access-tokens.js';
import type { Route } from '../http/routes.js';
import { SEARCH_PATH } from '../http/search-route.js';
import type { Logger } from '../log/logger.js';

const FLUSH_EVERY_MS = 10_000;
const ADMIN_PATHS = new Set(['/', '/metrics']);

export interface PrivateAccess {
  access: Access;
  /** Puts the admin check in front of the operator routes. */
  guard(routes: Route[]): Route[];
  /** Writes the counted requests to the store. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface PrivateAccessDeps {
  config(): Config;
  tokens: TokenPort;
  log: Logger;
  timers?: boolean;
  /** How often a backend without a free change check (PostgreSQL) re-reads the tokens' version. */
  pollMs?: number;
}

export async function createPrivateAccess(deps: PrivateAccessDeps): Promise<PrivateAccess> {
  const snapshot = await createTokenSnapshot(deps.tokens, { ...(deps.pollMs === undefined ? {} : { pollMs: deps.pollMs }), onError: (message) => deps.log.warn(message) });
  const access = createAccess({
    tokens: snapshot.rows,
    adminToken: () => deps.config().server.adminToken,
    feedAccess: (id) => deps.config().feeds.find((f) => f.id === id)?.access ?? null,
  });
  const anyPrivate = () => deps.config().feeds.some((f) => f.access === 'token');
  const flush = async () => {
    const counts = access.takeUnflushed();
    const at = new Date().toISOString();
    const failed = new Map<string, number>();
    for (const [name, n] of counts) {
      try {
        await deps.tokens.recordUse(name, n, at);
      } catch (err) {
        if (failed.size === 0) deps.log.warn({ err: (err as Error).message }, 'access: cannot record token use; counted again at the next flush');
        failed.set(name, n);
      }
    }
    if (failed.size > 0) access.giveBack(failed);
  };
  const timer = deps.timers === false ? null : setInterval(() => void flush(), FLUSH_EVERY_MS);
  timer?.unref();
  return {
    access,
    guard: (routes) => routes.map((route) => {
      if (typeof route.path === 'string' && ADMIN_PATHS.has(route.path)) return guardRoute(route, access.checkAdmin);
      if (route.path === SEARCH_PATH) return guardRoute(route, access.checkAdmin, anyPrivate);
      return route;
    }),
    flush,
    async close() {
      if (timer !== null) clearInterval(timer);
      snapshot.close();
      await flush();
    },
  };
}
