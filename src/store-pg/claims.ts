/**
 * Shared polling on PostgreSQL: a due source is claimed by exactly one process. A claim is a lease
 * on the source row (claimed_by, lease_expires_at) with a fence token from a sequence; the commit
 * checks the fence on the locked row, so a worker whose lease expired and was taken over cannot
 * write. Per-host caps and delays are held by the locked `hosts` row counter, read FOR UPDATE in
 * the claiming transaction (counting leased rows would read a stale snapshot). A crashed
 * worker's claims expire and are reaped, giving their host slots back.
 */
import { pickClaims, type ClaimCandidate, type HostState } from '../schedule/claim-plan.js';
import type { PgClient, PgDatabase, PgQueryable } from './connection.js';

export interface SourceRegistration {
  id: string;
  url: string;
  host: string | null;
  /** Fingerprint of the source's config: a 410-disabled source whose config changed runs again. */
  fingerprint: string;
}

export interface Claim {
  sourceId: string;
  /** The fence token (a bigint as text) the commit must present. */
  fence: string;
}

export interface ClaimSettings {
  perHost: number;
  perHostDelayMs: number;
  leaseMs: number;
}

export interface ClaimScope {
  /** Only these sources (the enabled ones of this process's config). */
  ids: string[];
  /** Due or not (`ingest --all`, `--source`). */
  force?: boolean;
  /** Due by this time (a one-pass ingest: due when the pass began); the claim's `now` when absent. */
  dueBy?: Date;
}

export interface ClaimPort {
  register(sources: SourceRegistration[]): Promise<void>;
  claimDue(holder: string, limit: number, now: Date, scope: ClaimScope): Promise<Claim[]>;
  /** Extends the leases still held; returns their source ids. */
  renew(holder: string, claims: Claim[], now: Date): Promise<string[]>;
  /** Gives claims back without a commit (shutdown, a failure that could not be recorded). */
  release(holder: string, claims: Claim[]): Promise<void>;
  /** Frees expired claims (crashed or stalled workers) and their host slots; returns how many. */
  reapExpired(now: Date): Promise<number>;
  /** Sources of the scope still to do: due (or forced) and not disabled or host-paused, claimed or not. */
  outstanding(now: Date, scope: ClaimScope): Promise<number>;
}

const REAP_LOCK_KEY = '8603121487659032949';

const DUE_WHERE = `id = ANY($1::text[]) AND disabled_reason IS NULL
  AND ($2::boolean OR next_fetch_at IS NULL OR next_fetch_at <= $4)
  AND (host IS NULL OR NOT EXISTS (SELECT 1 FROM host_pauses p WHERE p.host = sources.host AND p.until > $3))`;

function scopeParams(scope: ClaimScope, now: Date): unknown[] {
  return [scope.ids, scope.force === true, now.toISOString(), (scope.dueBy ?? now).toISOString()];
}

export function createClaimPort(db: PgDatabase, settings: ClaimSettings): ClaimPort {
  return {
    register: (sources) => db.transaction('register the sources', (client) => registerSources(client, sources)),
    claimDue: (holder, limit, now, scope) => limit <= 0 ? Promise.resolve([])
      : db.transaction('claim due sources', (client) => claimIn(client, settings, holder, limit, now, scope)),
    renew: async (holder, claims, now) => {
      if (claims.length === 0) return [];
      const { rows } = await db.pool.query<{ id: string }>(`UPDATE sources SET lease_expires_at = $2
        FROM unnest($3::text[], $4::bigint[]) AS t(id, fence)
        WHERE sources.id = t.id AND sources.claim_fence = t.fence AND sources.claimed_by = $1 RETURNING sources.id`,
      [holder, now.getTime() + settings.leaseMs, claims.map((c) => c.sourceId), claims.map((c) => c.fence)]);
      return rows.map((r) => r.id);
    },
    release: async (holder, claims) => {
      if (claims.length === 0) return;
      await db.transaction('release claims', async (client) => {
        for (const claim of claims) {
          const host = await lockClaim(client, holder, claim, null);
          if (host !== false) await endClaim(client, claim.sourceId, host);
        }
      });
    },
    reapExpired: (now) => db.transaction('reap expired claims', (client) => reapIn(client, now.getTime())),
    outstanding: async (now, scope) => {
      const { rows } = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM sources WHERE ${DUE_WHERE}`,
        scopeParams(scope, now));
      return rows[0]?.n ?? 0;
    },
  };
}

async function registerSources(client: PgClient, sources: SourceRegistration[]): Promise<void> {
  const ids = sources.map((s) => s.id);
  const urls = sources.map((s) => s.url);
  const hosts = sources.map((s) => s.host);
  // A changed configured URL resets validators and redirects, as SQLite's ensure() does.
  await client.query(`INSERT INTO sources (id, url, host) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
    ON CONFLICT (id) DO UPDATE SET url = excluded.url, host = excluded.host, current_url = NULL, etag = NULL,
      last_modified = NULL, disabled_reason = NULL
    WHERE sources.url <> excluded.url`, [ids, urls, hosts]);
  await client.query(`UPDATE sources SET disabled_reason = NULL, disabled_config = NULL, disabled_at = NULL,
      error_count = 0, next_fetch_at = NULL
    FROM unnest($1::text[], $2::text[]) AS t(id, fingerprint)
    WHERE sources.id = t.id AND sources.disabled_reason IS NOT NULL AND sources.disabled_config IS DISTINCT FROM t.fingerprint`,
  [ids, sources.map((s) => s.fingerprint)]);
  const distinct = [...new Set(hosts.filter((h): h is string => h !== null))].sort();
  await client.query(`INSERT INTO hosts (host) SELECT unnest($1::text[]) ON CONFLICT (host) DO NOTHING`, [distinct]);
}

async function claimIn(client: PgClient, settings: ClaimSettings, holder: string, limit: number, now: Date, scope: ClaimScope): Promise<Claim[]> {
  const nowMs = now.getTime();
  // The hosts filter here reads a snapshot (cheap pruning only); the decision is made on the locked rows below.
  const { rows: candidates } = await client.query<ClaimCandidate>(`SELECT id, host FROM sources
    WHERE claimed_by IS NULL AND ${DUE_WHERE}
      AND (host IS NULL OR host IN (SELECT host FROM hosts WHERE in_flight < $5 AND next_allowed_at <= $6))
    ORDER BY next_fetch_at NULLS FIRST, id LIMIT $7 FOR UPDATE SKIP LOCKED`,
  [...scopeParams(scope, now), settings.perHost, nowMs, limit * 4]);
  if (candidates.length === 0) return [];
  const wanted = [...new Set(candidates.map((c) => c.host).filter((h): h is string => h !== null))].sort();
  const { rows: hostRows } = await client.query<{ host: string; in_flight: number; next_allowed_at: string }>(
    `SELECT host, in_flight, next_allowed_at FROM hosts WHERE host = ANY($1::text[]) ORDER BY host FOR UPDATE SKIP LOCKED`, [wanted]);
  const hosts = new Map<string, HostState>(hostRows.map((r) => [r.host, { host: r.host, inFlight: r.in_flight, nextAllowedAt: Number(r.next_allowed_at) }]));
  const pick = pickClaims(candidates, hosts, { ...settings, limit }, nowMs);
  if (pick.ids.length === 0) return [];
  const { rows } = await client.query<{ id: string; fence: string }>(`UPDATE sources SET claimed_by = $1, lease_expires_at = $2,
      claim_fence = nextval('claim_fences') WHERE id = ANY($3::text[]) RETURNING id, claim_fence::text AS fence`,
  [holder, nowMs + settings.leaseMs, pick.ids]);
  await client.query(`UPDATE hosts SET in_flight = hosts.in_flight + t.taken, next_allowed_at = t.next_at
    FROM unnest($1::text[], $2::int[], $3::bigint[]) AS t(host, taken, next_at) WHERE hosts.host = t.host`,
  [pick.hosts.map((h) => h.host), pick.hosts.map((h) => h.taken), pick.hosts.map((h) => h.nextAllowedAt)]);
  return rows.map((r) => ({ sourceId: r.id, fence: r.fence }));
}

/**
 * Locks the claimed source row when the claim is still this holder's (same fence, lease not
 * expired at nowMs; null skips the expiry check). Returns its host (null for file: URLs), or
 * false when the claim was lost.
 */
export async function lockClaim(client: PgQueryable, holder: string, claim: Claim, nowMs: number | null): Promise<string | null | false> {
  const { rows } = await client.query<{ host: string | null }>(`SELECT host FROM sources
    WHERE id = $1 AND claimed_by = $2 AND claim_fence = $3 AND ($4::bigint IS NULL OR lease_expires_at > $4) FOR UPDATE`,
  [claim.sourceId, holder, claim.fence, nowMs]);
  const row = rows[0];
  return row === undefined ? false : row.host;
}

/** Ends a claim locked by lockClaim: the row is free again and its host slot given back. */
export async function endClaim(client: PgQueryable, sourceId: string, host: string | null): Promise<void> {
  // One round trip: a data-modifying CTE runs in full.
  await client.query(`WITH freed AS (UPDATE sources SET claimed_by = NULL, lease_expires_at = NULL WHERE id = $1)
    UPDATE hosts SET in_flight = GREATEST(in_flight - 1, 0) WHERE host = $2`, [sourceId, host]);
}

async function reapIn(client: PgClient, nowMs: number): Promise<number> {
  // One reaper at a time: it updates several host rows, and two doing so in different orders could deadlock.
  const { rows: [lock] } = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_xact_lock($1) AS ok`, [REAP_LOCK_KEY]);
  if (!lock?.ok) return 0;
  const { rows } = await client.query<{ host: string | null }>(`UPDATE sources SET claimed_by = NULL, lease_expires_at = NULL
    WHERE id IN (SELECT id FROM sources WHERE claimed_by IS NOT NULL AND lease_expires_at <= $1 FOR UPDATE SKIP LOCKED)
    RETURNING host`, [nowMs]);
  const freed = new Map<string, number>();
  for (const { host } of rows) if (host !== null) freed.set(host, (freed.get(host) ?? 0) + 1);
  const hosts = [...freed.keys()].sort();
  await client.query(`UPDATE hosts SET in_flight = GREATEST(hosts.in_flight - t.n, 0)
    FROM unnest($1::text[], $2::int[]) AS t(host, n) WHERE hosts.host = t.host`, [hosts, hosts.map((h) => freed.get(h) ?? 0)]);
  return rows.length;
}
