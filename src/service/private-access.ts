/**
 * Private access as the service wires it: the token checker over the store and the config in
 * force, request counts flushed to the tokens table every few seconds (never a write per request),
 * and the admin guard on the dashboard, the metrics and (when any feed is private) searches.
 */
import type { Config } from '../config/schema.js';
import { createAccess, guardRoute, type Access } from '../http/access.js';
import type { Route } from '../http/routes.js';
import { SEARCH_PATH } from '../http/search-route.js';
import type { Logger } from '../log/logger.js';
import type { Store } from '../store/open-store.js';
import type { TokenRow } from '../store/tokens-table.js';

const FLUSH_EVERY_MS = 10_000;
const ADMIN_PATHS = new Set(['/', '/metrics']);

export interface PrivateAccess {
  access: Access;
  /** Puts the admin check in front of the operator routes. */
  guard(routes: Route[]): Route[];
  /** Writes the counted requests to the store. */
  flush(): void;
  close(): void;
}

/**
 * The token rows, re-read only when another connection has committed since (tokens are created and
 * revoked by the CLI, in another process): a revocation still applies from the next request on.
 */
function cachedTokens(store: Store): () => TokenRow[] {
  let rows: TokenRow[] = [];
  let seen: number | null = null;
  return () => {
    const version = store.tokens.version();
    if (version !== seen) {
      rows = store.tokens.all();
      seen = version;
    }
    return rows;
  };
}

export function createPrivateAccess(deps: { config(): Config; store: Store; log: Logger; timers?: boolean }): PrivateAccess {
  const access = createAccess({
    tokens: cachedTokens(deps.store),
    adminToken: () => deps.config().server.adminToken,
    feedAccess: (id) => deps.config().feeds.find((f) => f.id === id)?.access ?? null,
  });
  const anyPrivate = () => deps.config().feeds.some((f) => f.access === 'token');
  const flush = () => {
    const counts = access.takeUnflushed();
    const at = new Date().toISOString();
    try {
      for (const [name, n] of counts) deps.store.tokens.recordUse(name, n, at);
    } catch (err) {
      deps.log.warn({ err: (err as Error).message }, 'access: cannot record token use; counted again at the next flush');
      access.giveBack(counts);
    }
  };
  const timer = deps.timers === false ? null : setInterval(flush, FLUSH_EVERY_MS);
  timer?.unref();
  return {
    access,
    guard: (routes) => routes.map((route) => {
      if (typeof route.path === 'string' && ADMIN_PATHS.has(route.path)) return guardRoute(route, access.checkAdmin);
      if (route.path === SEARCH_PATH) return guardRoute(route, access.checkAdmin, anyPrivate);
      return route;
    }),
    flush,
    close() {
      if (timer !== null) clearInterval(timer);
      flush();
    },
  };
}
