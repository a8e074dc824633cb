/**
 * The side jobs' outboxes on PostgreSQL, behind the same ports SQLite's tables serve:
 *   alerts (webhook-port.ts): the clusterer's alert_outbox rows become webhook_deliveries in one
 *     transaction, serialized by an advisory lock (the keys make a replay harmless anyway); a
 *     worker takes due deliveries with FOR UPDATE SKIP LOCKED and holds each for a while by moving
 *     its next attempt, so N workers send each delivery once (a worker that dies mid-POST leaves it
 *     due again when the hold ends: sent again, with the same Idempotency-Key);
 *   WebSub (http/websub.ts): a row per refresh commit that changed items (written by
 *     refresh-commit.ts), read by one publishing pass at a time under a session advisory lock on
 *     its own connection, so two workers never announce one change twice.
 */
import type { CuratePort } from '../curate/curate-port.js';
import type { WebSubOutbox, WebSubOutboxPass } from '../http/websub.js';
import type { AlertsPort } from '../service/webhook-port.js';
import type { DeliveryRow, OutboxRow } from '../store/alerts-table.js';
import type { PgClient, PgDatabase } from './connection.js';

/** Serializes outbox → deliveries ("wdalerts"). */
export const DISPATCH_LOCK_KEY = '8603121487659032951';
/** One WebSub publishing pass at a time ("wdwebsub"). */
export const WEBSUB_LOCK_KEY = '8603121487659032952';
/** How long a taken delivery is left to its taker before it is due again (longer than a batch of POSTs). */
export const DELIVERY_HOLD_MS = 120_000;

const TAKEN = `w.key, feed_id AS "feedId", url, story_id AS "storyId", body, status, attempts, next_attempt_at AS "nextAttemptAt",
  last_error AS "lastError", created_at AS "createdAt", delivered_at AS "deliveredAt"`;

export function createPgAlertsPort(db: PgDatabase, curate: CuratePort, holdMs = DELIVERY_HOLD_MS): AlertsPort {
  const { pool } = db;
  return {
    curate,
    outbox: async (limit) => (await pool.query<OutboxRow>(`SELECT seq::float8 AS seq, story_id AS "storyId", created_at AS "createdAt"
      FROM alert_outbox ORDER BY seq LIMIT $1`, [limit])).rows,
    dispatch: (lastSeq, deliveries) => db.transaction('queue webhook deliveries', async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [DISPATCH_LOCK_KEY]);
      let n = 0;
      for (const d of deliveries) {
        const known = await client.query(`SELECT 1 FROM webhook_deliveries WHERE feed_id = $1 AND url = $2 AND story_id = $3 LIMIT 1`, [d.feedId, d.url, d.storyId]);
        const inserted = await client.query(`INSERT INTO webhook_deliveries (key, feed_id, url, story_id, body, next_attempt_at, created_at)
          VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (key) DO NOTHING`,
        [d.key, d.feedId, d.url, d.storyId, d.body(known.rows.length > 0 ? 'story.updated' : 'story.new'), d.createdAt]);
        n += inserted.rowCount ?? 0;
      }
      await client.query(`DELETE FROM alert_outbox WHERE seq <= $1`, [lastSeq]);
      return n;
    }),
    take: async (now, limit) => {
      const until = new Date(now.getTime() + holdMs).toISOString();
      const { rows } = await pool.query<DeliveryRow>(`WITH due AS (
          SELECT key FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at COLLATE "C" <= $1
          ORDER BY next_attempt_at COLLATE "C", created_at COLLATE "C" LIMIT $2 FOR UPDATE SKIP LOCKED)
        UPDATE webhook_deliveries w SET next_attempt_at = $3 FROM due WHERE w.key = due.key RETURNING ${TAKEN}`,
      [now.toISOString(), limit, until]);
      return rows;
    },
    markDelivered: async (key, at) => {
      await pool.query(`UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = $2, last_error = NULL WHERE key = $1`, [key, at]);
    },
    markRetry: async (key, next, error) => {
      await pool.query(`UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = $2, last_error = $3 WHERE key = $1`, [key, next, error]);
    },
    markFailed: async (key, error) => {
      await pool.query(`UPDATE webhook_deliveries SET status = 'failed', attempts = attempts + 1, last_error = $2 WHERE key = $1`, [key, error]);
    },
  };
}

/** Drops finished deliveries created before `before`; returns how many. */
export async function prunePgDeliveries(db: PgDatabase, before: string): Promise<number> {
  return (await db.pool.query(`DELETE FROM webhook_deliveries WHERE status <> 'pending' AND created_at COLLATE "C" < $1`, [before])).rowCount ?? 0;
}

/** In a refresh commit that changed items: the WebSub pass after it checks the feeds. */
export async function enqueueWebSub(client: PgClient, at: string): Promise<void> {
  await client.query(`INSERT INTO websub_outbox (created_at) VALUES ($1)`, [at]);
}

export function createPgWebSubOutbox(db: PgDatabase): WebSubOutbox {
  return {
    async begin() {
      const client = await db.pool.connect();
      let locked = false;
      try {
        locked = (await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [WEBSUB_LOCK_KEY])).rows[0]?.ok === true;
      } finally {
        if (!locked) client.release();
      }
      return locked ? webSubPass(client) : null;
    },
  };
}

function webSubPass(client: PgClient): WebSubOutboxPass {
  return {
    lastPending: async () => {
      const { rows } = await client.query<{ seq: string | null }>(`SELECT MAX(seq)::text AS seq FROM websub_outbox`);
      return rows[0]?.seq == null ? null : Number(rows[0].seq);
    },
    consume: async (seq) => {
      await client.query(`DELETE FROM websub_outbox WHERE seq <= $1`, [seq]);
    },
    announced: async () => {
      const { rows } = await client.query<{ url: string; etag: string }>(`SELECT url, etag FROM websub_announced`);
      return new Map(rows.map((r) => [r.url, r.etag]));
    },
    recordAnnounced: async (url, etag, at) => {
      await client.query(`INSERT INTO websub_announced (url, etag, announced_at) VALUES ($1, $2, $3)
        ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, announced_at = excluded.announced_at`, [url, etag, at]);
    },
    end: async () => {
      // A connection whose unlock fails is dropped: closing it releases the lock.
      const broken = await client.query('SELECT pg_advisory_unlock($1)', [WEBSUB_LOCK_KEY]).then(() => false, () => true);
      client.release(broken);
    },
  };
}
