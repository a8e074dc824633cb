/**
 * Alerts: the outbox (a row per story touched by a refresh, written in the refresh's transaction)
 * and the webhook deliveries made from it, each with its idempotency key, attempts and state.
 */
import type Database from 'better-sqlite3';

export interface OutboxRow {
  seq: number;
  storyId: string;
  createdAt: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface DeliveryRow {
  key: string;
  feedId: string;
  url: string;
  storyId: string;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface DeliverySummary {
  feedId: string;
  url: string;
  pending: number;
  delivered: number;
  failed: number;
  lastDeliveredAt: string | null;
  lastError: string | null;
}

export interface AlertsTable {
  enqueue(storyId: string, at: string): void;
  outbox(limit: number): OutboxRow[];
  /** Deletes outbox rows up to and including seq. */
  consume(seq: number): void;
  /** Inserts a delivery unless one with that key exists; true when inserted. */
  addDelivery(row: Pick<DeliveryRow, 'key' | 'feedId' | 'url' | 'storyId' | 'body' | 'createdAt'>): boolean;
  /** Whether this webhook was ever given this story (then a new delivery is an update). */
  knows(feedId: string, url: string, storyId: string): boolean;
  due(now: string, limit: number): DeliveryRow[];
  markDelivered(key: string, at: string): void;
  markRetry(key: string, nextAttemptAt: string, error: string): void;
  markFailed(key: string, error: string): void;
  get(key: string): DeliveryRow | null;
  summary(): DeliverySummary[];
  /** Drops finished deliveries older than `before`. */
  prune(before: string): number;
}

const COLS = `key, feed_id AS feedId, url, story_id AS storyId, body, status, attempts, next_attempt_at AS nextAttemptAt,
  last_error AS lastError, created_at AS createdAt, delivered_at AS deliveredAt`;

export function createAlertsTable(db: Database.Database): AlertsTable {
  const enqueueStmt = db.prepare(`INSERT INTO alert_outbox (story_id, created_at) VALUES (?, ?)`);
  const outboxStmt = db.prepare<[number], OutboxRow>(`SELECT seq, story_id AS storyId, created_at AS createdAt FROM alert_outbox ORDER BY seq LIMIT ?`);
  const consumeStmt = db.prepare(`DELETE FROM alert_outbox WHERE seq <= ?`);
  const add = db.prepare(`INSERT INTO webhook_deliveries (key, feed_id, url, story_id, body, next_attempt_at, created_at)
    VALUES (@key, @feedId, @url, @storyId, @body, @createdAt, @createdAt) ON CONFLICT (key) DO NOTHING`);
  const knowsStmt = db.prepare<[string, string, string], { n: number }>(`SELECT 1 AS n FROM webhook_deliveries
    WHERE feed_id = ? AND url = ? AND story_id = ? LIMIT 1`);
  const dueStmt = db.prepare<[string, number], DeliveryRow>(`SELECT ${COLS} FROM webhook_deliveries
    WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, created_at LIMIT ?`);
  const delivered = db.prepare(`UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = ?, last_error = NULL WHERE key = ?`);
  const retry = db.prepare(`UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE key = ?`);
  const failed = db.prepare(`UPDATE webhook_deliveries SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE key = ?`);
  const getStmt = db.prepare<[string], DeliveryRow>(`SELECT ${COLS} FROM webhook_deliveries WHERE key = ?`);
  const summaryStmt = db.prepare<[], DeliverySummary>(`SELECT feed_id AS feedId, url,
    SUM(status = 'pending') AS pending, SUM(status = 'delivered') AS delivered, SUM(status = 'failed') AS failed,
    MAX(delivered_at) AS lastDeliveredAt,
    (SELECT last_error FROM webhook_deliveries w2 WHERE w2.feed_id = w.feed_id AND w2.url = w.url AND w2.last_error IS NOT NULL
      ORDER BY w2.next_attempt_at DESC LIMIT 1) AS lastError
    FROM webhook_deliveries w GROUP BY feed_id, url ORDER BY feed_id, url`);
  const pruneStmt = db.prepare(`DELETE FROM webhook_deliveries WHERE status != 'pending' AND created_at < ?`);
  return {
    enqueue: (storyId, at) => void enqueueStmt.run(storyId, at),
    outbox: (limit) => outboxStmt.all(limit),
    consume: (seq) => void consumeStmt.run(seq),
    addDelivery: (row) => add.run(row).changes === 1,
    knows: (feedId, url, storyId) => knowsStmt.get(feedId, url, storyId) !== undefined,
    due: (now, limit) => dueStmt.all(now, limit),
    markDelivered: (key, at) => void delivered.run(at, key),
    markRetry: (key, next, error) => void retry.run(next, error, key),
    markFailed: (key, error) => void failed.run(error, key),
    get: (key) => getStmt.get(key) ?? null,
    summary: () => summaryStmt.all(),
    prune: (before) => pruneStmt.run(before).changes,
  };
}
