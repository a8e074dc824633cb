/** Shared by the clusterer tests: the clusterer's schema on a test database, the stored stories, polling. */
import type pg from 'pg';
import * as clustererSchema from '../../src/store-pg/clusterer-schema.js';

/** Applies the clusterer's migration as the migration runner would once it is registered there. */
export async function applyClustererSchema(pool: pg.Pool): Promise<void> {
  const { rowCount } = await pool.query('SELECT 1 FROM schema_migrations WHERE id = $1', [clustererSchema.id]);
  if (rowCount) return;
  await pool.query(clustererSchema.sql);
  await pool.query('INSERT INTO schema_migrations (id, applied_at) VALUES ($1, $2)', [clustererSchema.id, new Date().toISOString()]);
}

/** Every item's story and every story's canonical item, as on SQLite (stories keyed in code-unit order). */
export async function pgPartition(pool: pg.Pool): Promise<{ partition: Record<string, string>; canonicals: Record<string, string | null> }> {
  const items = await pool.query<{ id: string; story_id: string }>('SELECT id, story_id FROM items ORDER BY sort_date COLLATE "C", id COLLATE "C"');
  const stories = await pool.query<{ id: string; canonical_item_id: string | null }>(
    'SELECT id, canonical_item_id FROM stories WHERE id IN (SELECT story_id FROM items) ORDER BY id COLLATE "C"');
  return { partition: Object.fromEntries(items.rows.map((r) => [r.id, r.story_id])), canonicals: Object.fromEntries(stories.rows.map((r) => [r.id, r.canonical_item_id])) };
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`waitFor: not true within ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 20));
  }
}
