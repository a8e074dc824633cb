/**
 * The operator pages' reads on PostgreSQL (src/service/ops-port.ts): the same answers as SQLite's
 * tables give for the same stored data. Text compares and orders by code unit (COLLATE "C"), as
 * SQLite's BINARY does; counts come back as numbers.
 */
import type { OpsReadPort, SourceOpsState } from '../service/ops-port.js';
import type { DeliverySummary } from '../store/alerts-table.js';
import type { RecentStory } from '../store/ops-queries.js';
import type { HostPause } from '../store/schedule-table.js';
import type { WireEvent, WireEventKind } from '../store/wire-table.js';
import type { PgQueryable } from './connection.js';

const SOURCE_COLUMNS = `id, url, current_url AS "currentUrl", etag, last_modified AS "lastModified",
  last_fetch_at AS "lastFetchAt", last_success_at AS "lastSuccessAt", last_status AS "lastStatus",
  last_error_code AS "lastErrorCode", last_error AS "lastError", error_count AS "errorCount",
  next_fetch_at AS "nextFetchAt", feed_title AS "feedTitle", feed_link AS "feedLink",
  disabled_reason AS "disabledReason", NULLIF(last_skipped, '') AS "lastSkipped",
  interval_s AS "intervalS", interval_reason AS "intervalReason",
  CASE WHEN lease_expires_at > $1 THEN claimed_by END AS "claimedBy"`;

interface EventRow {
  source_id: string; kind: WireEventKind; ref: string; item_id: string | null; title: string | null; message: string; first_at: string; last_at: string;
}

export function createPgOpsPort(db: PgQueryable): OpsReadPort {
  const counts = async (sql: string, params: unknown[] = []) => {
    const { rows } = await db.query<{ source_id: string; n: number }>(sql, params);
    return new Map(rows.map((r) => [r.source_id, Number(r.n)]));
  };
  return {
    async lastStatus(sourceId) {
      return (await db.query<{ s: number | null }>(`SELECT last_status AS s FROM sources WHERE id = $1`, [sourceId])).rows[0]?.s ?? null;
    },
    async sourceStates(nowMs) {
      const { rows } = await db.query<SourceOpsState>(`SELECT ${SOURCE_COLUMNS} FROM sources ORDER BY id COLLATE "C"`, [nowMs]);
      return new Map(rows.map((r) => [r.id, r]));
    },
    itemsSince: (iso) => counts(`SELECT source_id, COUNT(*)::int AS n FROM items WHERE fetched_at COLLATE "C" >= $1 GROUP BY source_id`, [iso]),
    itemsBySource: () => counts(`SELECT source_id, COUNT(*)::int AS n FROM items GROUP BY source_id`),
    tooOldBySource: () => counts(`SELECT source_id, too_old AS n FROM source_reads`),
    async activeHostPauses(nowIso) {
      return (await db.query<HostPause>(`SELECT host, until, reason FROM host_pauses WHERE until COLLATE "C" > $1 ORDER BY host COLLATE "C"`, [nowIso])).rows;
    },
    async recentStories(limit) {
      return (await db.query<RecentStory>(`SELECT s.id AS id, i.title AS title, i.url AS url, i.source_id AS "sourceId", s.updated_at AS "updatedAt",
        (SELECT COUNT(*)::int FROM items v WHERE v.story_id = s.id) AS versions
        FROM stories s JOIN items i ON i.id = s.canonical_item_id ORDER BY s.updated_at COLLATE "C" DESC, s.id COLLATE "C" LIMIT $1`, [limit])).rows;
    },
    async recentWireEvents(limit) {
      const { rows } = await db.query<EventRow>(`SELECT * FROM wire_events ORDER BY last_at COLLATE "C" DESC, ref COLLATE "C" LIMIT $1`, [limit]);
      return rows.map((r) => ({ sourceId: r.source_id, kind: r.kind, ref: r.ref, itemId: r.item_id, title: r.title, message: r.message, firstAt: r.first_at, lastAt: r.last_at }));
    },
    async deliveries() {
      return (await db.query<DeliverySummary>(`SELECT feed_id AS "feedId", url,
        COUNT(*) FILTER (WHERE status = 'pending')::int AS pending, COUNT(*) FILTER (WHERE status = 'delivered')::int AS delivered,
        COUNT(*) FILTER (WHERE status = 'failed')::int AS failed, MAX(delivered_at COLLATE "C") AS "lastDeliveredAt",
        (SELECT last_error FROM webhook_deliveries w2 WHERE w2.feed_id = w.feed_id AND w2.url = w.url AND w2.last_error IS NOT NULL
          ORDER BY w2.next_attempt_at COLLATE "C" DESC LIMIT 1) AS "lastError"
        FROM webhook_deliveries w GROUP BY feed_id, url ORDER BY feed_id COLLATE "C", url COLLATE "C"`)).rows;
    },
    async totals() {
      const { rows } = await db.query<{ items: number; stories: number; tombstones: number; size: string }>(`SELECT
        (SELECT COUNT(*)::int FROM items) AS items, (SELECT COUNT(*)::int FROM stories) AS stories,
        (SELECT COUNT(*)::int FROM tombstones) AS tombstones, pg_database_size(current_database()) AS size`);
      const row = rows[0];
      return { items: row?.items ?? 0, stories: row?.stories ?? 0, tombstones: row?.tombstones ?? 0, dbSizeBytes: Number(row?.size ?? 0) };
    },
    async sharedWork(nowMs) {
      const { rows } = await db.query<{ claims: number; lag: number }>(`SELECT
        (SELECT COUNT(*)::int FROM sources WHERE claimed_by IS NOT NULL AND lease_expires_at > $1) AS claims,
        (SELECT COUNT(*)::int FROM items WHERE commit_seq > (SELECT cursor_seq FROM clusterer WHERE name = 'stories')) AS lag`, [nowMs]);
      return { claimsHeld: rows[0]?.claims ?? 0, clustererLag: rows[0]?.lag ?? 0 };
    },
  };
}
