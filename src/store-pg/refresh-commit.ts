/**
 * One source refresh stored on PostgreSQL, behind the RefreshPort refreshSource uses: each outcome
 * (items, 304, failure) is one transaction that first locks the source row under its claim's
 * fence (a worker whose lease expired and was taken over writes nothing), and ends the claim in
 * the same commit. Items are stored as on SQLite; a new item stays in its own one-item story
 * (the story clusterer places it, in commit order). commit_seq is numbered under an advisory lock
 * held until COMMIT, so numbers grow in commit order and a reader never skips one.
 */
import type { Config, SourceConfig } from '../config/schema.js';
import { upsertItem } from '../ingest/commit-items.js';
import { collectingPort, type RefreshPort, type RefreshStart } from '../ingest/refresh-port.js';
import { admitWithinRetention } from '../ingest/retention-filter.js';
import { silentLogger, type Logger } from '../log/logger.js';
import { WiredeskError } from '../model/errors.js';
import { hostOf } from '../schedule/source-policy.js';
import type { FetchFailure, FetchSuccess } from '../store/sources-table.js';
import type { SourceRead } from '../store/tombstones-table.js';
import { endClaim, lockClaim, type Claim } from './claims.js';
import type { PgClient, PgDatabase } from './connection.js';
import { enqueueWebSub } from './outbox.js';
import { createPgPagesPort } from './pages.js';
import { recordPgWireEvents } from './wire-events.js';
import { loadItemSnapshot, recordRead, snapshotPorts, writeItems, type PendingWrites } from './item-rows.js';

/** Held from numbering commit_seq to COMMIT by every refresh commit that changed items. */
export const COMMIT_SEQ_LOCK_KEY = '8603121487659032950';
export const GENERATION_CHANNEL = 'wiredesk_generation';

export interface PgRefreshOptions {
  holder: string;
  claim: Claim;
  config: Config;
  now: () => Date;
  /** Where a kill is logged (wire events); silent when absent. */
  log?: Logger;
}

/** Schedule decisions made while planning (interval, host pause, 410), written with the outcome. */
interface ScheduleWrites {
  interval: { seconds: number; reason: string } | null;
  pauses: Array<{ host: string; until: string; reason: string; at: string }>;
  disable: { reason: string; fingerprint: string; at: string } | null;
}

export function createPgRefreshPort(db: PgDatabase, options: PgRefreshOptions): RefreshPort {
  const planned: ScheduleWrites = { interval: null, pauses: [], disable: null };
  const changed: string[] = [];
  const fenced = <T>(what: string, fn: (client: PgClient, host: string | null) => Promise<T>) =>
    db.transaction(what, async (client) => {
      changed.length = 0;
      const host = await lockClaim(client, options.holder, options.claim, options.now().getTime());
      if (host === false) {
        throw new WiredeskError('STORE_LOCKED', `store: the claim on source ${options.claim.sourceId} expired and was taken over; this refresh is not stored (another worker refreshes it)`);
      }
      const result = await fn(client, host);
      await writeSchedule(client, options.claim.sourceId, planned);
      await endClaim(client, options.claim.sourceId, host);
      // Last before COMMIT: the commit-order lock it takes is held for as few round trips as can be.
      if (changed.length > 0) await announce(client, changed);
      return result;
    });
  // One transaction per document: its chunks are collected before it begins.
  return collectingPort({
    begin: (source) => beginRefresh(db, source, planned),
    unchanged: (source, fetchState) => fenced(`store the refresh of ${source.id}`, (client) => recordSuccess(client, source.id, fetchState)),
    commit: (source, read, fetchState) => fenced(`store the refresh of ${source.id}`, async (client) => {
      const snapshot = await loadItemSnapshot(client, source.id, read.items);
      let sourceRead: SourceRead | null = null;
      const admitted = admitWithinRetention({
        items: { findByIdentity: (_s, identity) => snapshot.existing.get(identity) ?? null },
        tombstones: { find: (_s, keys) => new Map(keys.flatMap((k) => snapshot.buried.has(k) ? [[k, snapshot.buried.get(k) as bigint]] : [])),
          recordRead: (_s, r) => void (sourceRead = r) },
      }, source.id, read.items, options.config, new Date(fetchState.at));
      const writes: PendingWrites = { stories: [], inserts: [], updates: [] };
      const ports = snapshotPorts(snapshot, writes);
      const counts = { added: 0, updated: 0, unchanged: 0 };
      for (const read of admitted.items) counts[upsertItem(ports, source.id, read, fetchState.at).kind] += 1;
      await writeItems(client, writes);
      if (sourceRead) await recordRead(client, source.id, sourceRead);
      await recordSuccess(client, source.id, fetchState);
      await recordPgWireEvents(client, source.id, read, fetchState.at, options.log ?? silentLogger());
      changed.push(...[...writes.inserts, ...writes.updates].map((i) => i.id));
      // The WebSub outbox row in the item transaction, before the commit-order lock is taken.
      if (changed.length > 0) await enqueueWebSub(client, fetchState.at);
      return { counts, tooOld: admitted.tooOld };
    }),
    fail: async (source, failure) => {
      try {
        await fenced(`record the failure of ${source.id}`, (client) => recordFailure(client, source.id, failure));
      } catch (err) {
        if (err instanceof WiredeskError && err.code === 'STORE_LOCKED') return; // the new holder records its own outcome
        throw err;
      }
    },
  });
}

async function beginRefresh(db: PgDatabase, source: SourceConfig, planned: ScheduleWrites): Promise<RefreshStart> {
  const [state, recent] = await Promise.all([
    db.pool.query<{ current_url: string | null; etag: string | null; last_modified: string | null; error_count: number }>(
      `SELECT current_url, etag, last_modified, error_count FROM sources WHERE id = $1`, [source.id]),
    db.pool.query<{ d: string }>(`SELECT sort_date AS d FROM items WHERE source_id = $1 ORDER BY sort_date DESC LIMIT 10`, [source.id]),
  ]).catch((err: unknown) => {
    throw err instanceof WiredeskError ? err : new WiredeskError('STORE_FAILED', `store: cannot read the state of ${source.id}: ${(err as Error).message}`, { cause: err });
  });
  const row = state.rows[0];
  const dates = recent.rows.map((r) => r.d);
  return {
    currentUrl: row?.current_url ?? null, etag: row?.etag ?? null, lastModified: row?.last_modified ?? null, errorCount: row?.error_count ?? 0,
    pages: createPgPagesPort(db.pool),
    schedule: {
      recentDates: (_id, limit) => dates.slice(0, limit),
      setInterval: (_id, seconds, reason) => void (planned.interval = { seconds, reason }),
      pauseHost: (host, until, reason, at) => void planned.pauses.push({ host, until, reason, at }),
      disableSource: (_id, reason, fingerprint, at) => void (planned.disable = { reason, fingerprint, at }),
    },
  };
}

async function recordSuccess(client: PgClient, id: string, ok: FetchSuccess): Promise<void> {
  const moved = ok.currentUrl ? hostOf(ok.currentUrl) : null;
  if (moved !== null) await client.query(`INSERT INTO hosts (host) VALUES ($1) ON CONFLICT (host) DO NOTHING`, [moved]);
  await client.query(`UPDATE sources SET last_fetch_at = $2, last_success_at = $2, last_status = $3,
    etag = $4, last_modified = $5, next_fetch_at = $6, error_count = 0, last_error_code = NULL, last_error = NULL,
    current_url = COALESCE($7, current_url), feed_title = COALESCE($8, feed_title), feed_link = COALESCE($9, feed_link),
    last_skipped = COALESCE($10, last_skipped), host = COALESCE($11, host) WHERE id = $1`,
  [id, ok.at, ok.status, ok.etag, ok.lastModified, ok.nextFetchAt, ok.currentUrl ?? null, ok.feedTitle ?? null,
    ok.feedLink ?? null, ok.skipped ?? null, moved]);
}

async function recordFailure(client: PgClient, id: string, f: FetchFailure): Promise<void> {
  await client.query(`UPDATE sources SET last_fetch_at = $2, last_status = $3, last_error_code = $4, last_error = $5,
    error_count = error_count + 1, next_fetch_at = $6 WHERE id = $1`, [id, f.at, f.status, f.code, f.message, f.nextFetchAt]);
}

async function writeSchedule(client: PgClient, id: string, planned: ScheduleWrites): Promise<void> {
  if (planned.interval) {
    await client.query(`UPDATE sources SET interval_s = $2, interval_reason = $3 WHERE id = $1`, [id, planned.interval.seconds, planned.interval.reason]);
  }
  for (const p of planned.pauses) {
    await client.query(`INSERT INTO host_pauses (host, until, reason, set_at) VALUES ($1, $2, $3, $4)
      ON CONFLICT (host) DO UPDATE SET until = GREATEST(host_pauses.until, excluded.until), reason = excluded.reason, set_at = excluded.set_at`,
    [p.host, p.until, p.reason, p.at]);
  }
  if (planned.disable) {
    await client.query(`UPDATE sources SET disabled_reason = $2, disabled_config = $3, disabled_at = $4 WHERE id = $1`,
      [id, planned.disable.reason, planned.disable.fingerprint, planned.disable.at]);
  }
}

/**
 * Commit order, generation bump and NOTIFY, for a commit that changed items (the ids in the order
 * the refresh stored them: the clusterer's order within one commit), in one round trip (migration
 * 7). Alerts are queued by the clusterer for the stories placing touched (as SQLite's commit does
 * after placing).
 */
async function announce(client: PgClient, ids: string[]): Promise<void> {
  await client.query(`SELECT wiredesk_announce_commit($1, $2::text[], $3)`, [COMMIT_SEQ_LOCK_KEY, ids, GENERATION_CHANNEL]);
}
