/**
 * The clusterer's queries: the election (a session advisory lock), the commit horizon, the items
 * committed since the cursor with how each was last placed, and the bookkeeping a batch commits
 * with its stories (placements, cursor, alerts, the feeds' generation).
 */
import type pg from 'pg';
import { COMMIT_SEQ_LOCK_KEY, GENERATION_CHANNEL } from './refresh-commit.js';

/** Advisory lock key of the story clusterer ("wdclustr" in ASCII, a signed bigint). */
export const CLUSTERER_LOCK_KEY = '8603110505662608498';

export interface CommittedItem {
  id: string;
  sortDate: string;
  contentHash: string;
  seq: number;
  /** How it was last placed (null: never). */
  placedDate: string | null;
  placedHash: string | null;
}

export async function tryLeadership(client: pg.ClientBase): Promise<boolean> {
  const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [CLUSTERER_LOCK_KEY]);
  return rows[0]?.ok === true;
}

export async function waitLeadership(client: pg.ClientBase): Promise<void> {
  await client.query('SELECT pg_advisory_lock($1)', [CLUSTERER_LOCK_KEY]);
}

/** Advisory lock key held around each batch ("wdbatchs"): a recluster and a clusterer's batch never overlap. */
export const BATCH_LOCK_KEY = '8603109358888511603';

/**
 * Runs fn holding the batch lock on this session. Taken before the transaction begins, so the
 * transaction's snapshot is taken after the previous batch committed.
 */
export async function withBatchLock<T>(client: pg.ClientBase, fn: () => Promise<T>): Promise<T> {
  await client.query('SELECT pg_advisory_lock($1)', [BATCH_LOCK_KEY]);
  try {
    return await fn();
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [BATCH_LOCK_KEY]).catch(() => {});
  }
}

/**
 * The greatest commit_seq below which every item is committed. Every commit that stores items
 * numbers them under the commit-order advisory lock and holds it to its COMMIT (refresh-commit.ts),
 * so once this transaction holds that lock every number drawn so far is committed, and any later
 * one will be greater. Waiting for that one lock stalls at most the one commit in its last round
 * trip, where a table lock would wait out, and hold up, every commit under way.
 */
export async function commitHorizon(client: pg.ClientBase): Promise<number> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [COMMIT_SEQ_LOCK_KEY]);
    const { rows } = await client.query<{ seq: string }>('SELECT coalesce(max(commit_seq), 0) AS seq FROM items');
    await client.query('COMMIT');
    return Number(rows[0]?.seq ?? 0);
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

export async function readCursor(client: pg.ClientBase): Promise<number> {
  const { rows } = await client.query<{ cursor_seq: string }>(`SELECT cursor_seq FROM clusterer WHERE name = 'stories'`);
  return Number(rows[0]?.cursor_seq ?? 0);
}

/** The first `limit` items committed after the cursor and up to the horizon, in commit order. */
export async function committedSince(client: pg.ClientBase, cursor: number, horizon: number, limit: number): Promise<CommittedItem[]> {
  const { rows } = await client.query<{ id: string; sort_date: string; content_hash: string; seq: string; placed_date: string | null; placed_hash: string | null }>(
    `SELECT i.id, i.sort_date, i.content_hash, i.commit_seq AS seq, p.sort_date AS placed_date, p.content_hash AS placed_hash
     FROM items i LEFT JOIN story_placements p ON p.item_id = i.id WHERE i.commit_seq > $1 AND i.commit_seq <= $2
     ORDER BY i.commit_seq LIMIT $3`, [cursor, horizon, limit]);
  return rows.map((r) => ({ id: r.id, sortDate: r.sort_date, contentHash: r.content_hash, seq: Number(r.seq), placedDate: r.placed_date, placedHash: r.placed_hash }));
}

/** Records how these items were placed (their key and exact hash now). */
export async function recordPlacements(client: pg.ClientBase, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await client.query(`INSERT INTO story_placements (item_id, sort_date, content_hash)
    SELECT id, sort_date, content_hash FROM items WHERE id = ANY($1)
    ON CONFLICT (item_id) DO UPDATE SET sort_date = excluded.sort_date, content_hash = excluded.content_hash`, [ids]);
}

/** Every stored item counts as placed as it is (after a recluster). */
export async function recordAllPlacements(client: pg.ClientBase): Promise<void> {
  await client.query(`INSERT INTO story_placements (item_id, sort_date, content_hash) SELECT id, sort_date, content_hash FROM items
    ON CONFLICT (item_id) DO UPDATE SET sort_date = excluded.sort_date, content_hash = excluded.content_hash`);
}

export async function advanceCursor(client: pg.ClientBase, seq: number, holder: string, at: string): Promise<void> {
  await client.query(`UPDATE clusterer SET cursor_seq = GREATEST(cursor_seq, $1), holder = $2, placed_at = $3 WHERE name = 'stories'`, [seq, holder, at]);
}

export async function enqueueStoryAlerts(client: pg.ClientBase, storyIds: string[], at: string): Promise<void> {
  if (storyIds.length === 0) return;
  await client.query(`INSERT INTO alert_outbox (story_id, created_at) SELECT id, $2 FROM unnest($1::text[]) AS t(id)`, [storyIds, at]);
}

/** The feeds' generation (web nodes re-render when it moves), bumped in its own statement and announced as a commit does. */
export async function bumpFeedGeneration(client: pg.ClientBase): Promise<void> {
  const { rows } = await client.query<{ value: string }>(`UPDATE meta SET value = (value::bigint + 1)::text WHERE key = 'generation' RETURNING value`);
  await client.query('SELECT pg_notify($1, $2)', [GENERATION_CHANNEL, rows[0]?.value ?? '']);
}
