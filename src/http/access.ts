/**
 * Who may read what. Private feeds (`access: "token"`) need a feed token granting them, sent as
 * `?token=` (readers rarely send headers) or `Authorization: Bearer`; the dashboard, metrics and
 * searches over private copy need `server.adminToken` (or, when none is set, a loopback client
 * that did not come through a proxy). Tokens are compared as SHA-256 hashes in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TokenRow } from '../store/tokens-table.js';
import { sendText } from './respond.js';
import type { Route } from './routes.js';

export type AccessDecision =
  | { ok: true; /** The feed token's name, null for public access or the admin. */ token: string | null; feeds: readonly string[] | 'all'; private: boolean }
  | { ok: false; status: 401 | 403; reason: string };

export interface AccessDeps {
  /** Every token row, read per request so a revocation takes effect at once. */
  tokens(): TokenRow[];
  adminToken(): string | undefined;
  /** The feed's access, or null for an unknown feed. */
  feedAccess(id: string): 'public' | 'token' | null;
}

export interface Access {
  /** Decides a feed request; counts the request against the token that allowed it. */
  checkFeed(req: IncomingMessage, feedId: string): AccessDecision;
  /** The token a request presents (for lists such as /feeds.opml): null when it sends none. */
  checkToken(req: IncomingMessage): AccessDecision | null;
  checkAdmin(req: IncomingMessage): AccessDecision;
  /** Requests per token name since start (metrics), and those not yet written to the store. */
  counts(): ReadonlyMap<string, number>;
  takeUnflushed(): Map<string, number>;
  /** Counts a failed flush could not store, kept for the next one. */
  giveBack(counts: ReadonlyMap<string, number>): void;
}

export const TOKEN_PREFIX = 'wdt_';
export const PUBLIC: AccessDecision = { ok: true, token: null, feeds: [], private: false };

export function generateToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(24).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function createAccess(deps: AccessDeps): Access {
  const totals = new Map<string, number>();
  let unflushed = new Map<string, number>();
  const count = (name: string) => {
    totals.set(name, (totals.get(name) ?? 0) + 1);
    unflushed.set(name, (unflushed.get(name) ?? 0) + 1);
  };
  const resolve = (presented: string) => resolveToken(deps, presented);
  return {
    checkFeed(req, feedId) {
      if (deps.feedAccess(feedId) !== 'token') return PUBLIC;
      const presented = presentedToken(req);
      if (presented === null) return { ok: false, status: 401, reason: `feed "${feedId}" is private: add ?token=YOUR_TOKEN to its URL or send Authorization: Bearer` };
      const decision = resolve(presented);
      if (!decision.ok) return decision;
      if (decision.feeds !== 'all' && !decision.feeds.includes(feedId)) {
        return { ok: false, status: 403, reason: `token "${decision.token}" does not grant feed "${feedId}"` };
      }
      if (decision.token !== null) count(decision.token);
      return decision;
    },
    checkToken(req) {
      const presented = presentedToken(req);
      return presented === null ? null : resolve(presented);
    },
    checkAdmin: (req) => checkAdminRequest(deps.adminToken(), req),
    counts: () => totals,
    takeUnflushed() {
      const out = unflushed;
      unflushed = new Map();
      return out;
    },
    giveBack(counts) {
      for (const [name, n] of counts) unflushed.set(name, (unflushed.get(name) ?? 0) + n);
    },
  };
}

const ADMIN: AccessDecision = { ok: true, token: null, feeds: 'all', private: true };

/** The admin token opens everything; a feed token its feeds, until revoked. */
function resolveToken(deps: AccessDeps, presented: string): AccessDecision {
  const admin = deps.adminToken();
  if (admin !== undefined && sameSecret(presented, admin)) return ADMIN;
  const row = findToken(deps.tokens(), presented);
  if (row === null) return { ok: false, status: 401, reason: 'unknown token' };
  if (row.revokedAt !== null) return { ok: false, status: 403, reason: `token "${row.name}" was revoked` };
  return { ok: true, token: row.name, feeds: row.feeds, private: true };
}

function checkAdminRequest(admin: string | undefined, req: IncomingMessage): AccessDecision {
  if (admin === undefined) {
    return isDirectLoopback(req) ? ADMIN
      : { ok: false, status: 403, reason: 'admin pages answer loopback clients only; set server.adminToken to reach them from elsewhere' };
  }
  const presented = presentedToken(req);
  if (presented === null) return { ok: false, status: 401, reason: 'admin only: send the admin token (Authorization: Bearer, basic auth password or ?token=)' };
  return sameSecret(presented, admin) ? ADMIN : { ok: false, status: 403, reason: 'wrong admin token' };
}

/** `?token=`, else `Authorization: Bearer X`, else the password of `Authorization: Basic` (browsers prompt for it). */
export function presentedToken(req: IncomingMessage): string | null {
  const query = (req.url ?? '').indexOf('?');
  if (query !== -1) {
    const fromQuery = new URLSearchParams((req.url ?? '').slice(query + 1)).get('token');
    if (fromQuery !== null && fromQuery !== '') return fromQuery;
  }
  const header = req.headers.authorization ?? '';
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (bearer?.[1]) return bearer[1];
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon !== -1 && colon < decoded.length - 1) return decoded.slice(colon + 1);
  }
  return null;
}

/** Every stored hash is compared (timingSafeEqual), so the time taken says nothing about near misses. */
function findToken(rows: TokenRow[], presented: string): TokenRow | null {
  const wanted = Buffer.from(hashToken(presented), 'hex');
  let found: TokenRow | null = null;
  for (const row of rows) {
    const stored = hashBytes(row);
    if (stored.length === wanted.length && timingSafeEqual(stored, wanted)) found = row;
  }
  return found;
}

/** Rows are read once and kept (see private-access.ts): decode each stored hash once too. */
const HASH_BYTES = new WeakMap<TokenRow, Buffer>();
function hashBytes(row: TokenRow): Buffer {
  let bytes = HASH_BYTES.get(row);
  if (bytes === undefined) {
    bytes = Buffer.from(row.hash, 'hex');
    HASH_BYTES.set(row, bytes);
  }
  return bytes;
}

function sameSecret(presented: string, secret: string): boolean {
  return timingSafeEqual(Buffer.from(hashToken(presented), 'hex'), Buffer.from(hashToken(secret), 'hex'));
}

/** Loopback and not relayed: a reverse proxy on the same host would make every client look local. */
function isDirectLoopback(req: IncomingMessage): boolean {
  const address = req.socket.remoteAddress ?? '';
  const loopback = address === '::1' || /^(::ffff:)?127\./.test(address);
  return loopback && req.headers['x-forwarded-for'] === undefined && req.headers.forwarded === undefined;
}

export function sendDenied(res: ServerResponse, decision: Extract<AccessDecision, { ok: false }>, realm = 'wiredesk'): void {
  const challenge = realm === 'wiredesk' ? `Bearer realm="${realm}"` : `Basic realm="${realm}", charset="UTF-8"`;
  sendText(res, decision.status, `access: ${decision.reason}`, {
    'Cache-Control': 'no-store',
    ...(decision.status === 401 ? { 'WWW-Authenticate': challenge } : {}),
  });
}

/** The route, answering only requests the check allows (while `active` says the guard applies). */
export function guardRoute(route: Route, check: (req: IncomingMessage) => AccessDecision, active: () => boolean = () => true): Route {
  return {
    ...route,
    handle(req, res, match) {
      const decision = active() ? check(req) : PUBLIC;
      if (!decision.ok) return sendDenied(res, decision, 'wiredesk admin');
      return route.handle(req, res, match);
    },
  };
}
