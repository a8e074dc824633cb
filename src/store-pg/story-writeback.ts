/**
 * Writes what placing changed in the in-memory port back to PostgreSQL, inside the caller's
 * transaction: stories made, items moved and rehashed, canonicals, emptied stories, the index rows
 * of every item placed (replaced whole, sentences in the order they were stored), pruned rows,
 * versions and the index state.
 */
import type pg from 'pg';
import type { MemoryStoryIndex } from '../dedup/memory-story-index.js';

export async function writeStoryChanges(client: pg.ClientBase, port: MemoryStoryIndex): Promise<void> {
  const c = port.changes();
  const created = [...c.createdStories];
  if (created.length > 0) {
    await client.query(`INSERT INTO stories (id, created_at, updated_at) SELECT id, at, at FROM unnest($1::text[], $2::text[]) AS t(id, at)
      ON CONFLICT (id) DO NOTHING`, [created.map((s) => s[0]), created.map((s) => s[1])]);
  }
  await updateItems(client, 'story_id', c.moves);
  await updateItems(client, 'content_hash', c.contentHashes);
  const canonicals = [...c.canonicals];
  if (canonicals.length > 0) {
    await client.query(`UPDATE stories SET canonical_item_id = t.item, updated_at = t.at
      FROM unnest($1::text[], $2::text[], $3::text[]) AS t(id, item, at) WHERE stories.id = t.id`,
    [canonicals.map((s) => s[0]), canonicals.map((s) => s[1].itemId), canonicals.map((s) => s[1].now)]);
  }
  const emptied = c.deleteEmptyStories ? 'TRUE' : 'stories.id = ANY($1)';
  await client.query(`DELETE FROM stories WHERE ${emptied} AND NOT EXISTS (SELECT 1 FROM items WHERE items.story_id = stories.id)`,
    c.deleteEmptyStories ? [] : [[...c.maybeEmpty]]);
  await writeRows(client, port);
  await writeVersions(client, port);
  await client.query(`UPDATE story_index_state SET value = CASE key WHEN 'generation' THEN $1::bigint ELSE $2::bigint END
    WHERE key IN ('generation', 'pruned_before')`, [c.generation, c.prunedBefore]);
}

async function updateItems(client: pg.ClientBase, column: 'story_id' | 'content_hash', values: Map<string, string>): Promise<void> {
  if (values.size === 0) return;
  await client.query(`UPDATE items SET ${column} = t.value FROM unnest($1::text[], $2::text[]) AS t(id, value) WHERE items.id = t.id`,
    [[...values.keys()], [...values.values()]]);
}

const TABLES = ['story_signatures', 'story_sentences', 'story_lines'] as const;

async function writeRows(client: pg.ClientBase, port: MemoryStoryIndex): Promise<void> {
  const c = port.changes();
  for (const table of TABLES) {
    if (c.rowsCleared) await client.query(`DELETE FROM ${table}`);
    else if (c.rowsTouched.size > 0) await client.query(`DELETE FROM ${table} WHERE item_id = ANY($1)`, [[...c.rowsTouched]]);
  }
  const rows = port.touchedRows();
  const signed = rows.filter((r) => r.bandKeys);
  if (signed.length > 0) {
    await client.query(`INSERT INTO story_signatures (item_id, story_id, at, band_keys, sort_date)
      SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bytea[], $5::text[])`, [signed.map((r) => r.itemId), signed.map((r) => r.storyId),
      signed.map((r) => Math.floor(r.at)), signed.map((r) => Buffer.from(r.bandKeys!.buffer, r.bandKeys!.byteOffset, r.bandKeys!.byteLength)),
      signed.map((r) => r.sortDate)]);
  }
  const sentences = rows.flatMap((r) => r.sentences.map((s) => ({ ...s, itemId: r.itemId, storyId: r.storyId, at: Math.floor(r.at), sortDate: r.sortDate })));
  if (sentences.length > 0) {
    // WITH ORDINALITY keeps the stored order: seq grows in the order SQLite's rowid would.
    await client.query(`INSERT INTO story_sentences (hash, item_id, story_id, position, at, sort_date)
      SELECT hash, item_id, story_id, position, at, sort_date FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[], $5::bigint[], $6::text[])
      WITH ORDINALITY AS t(hash, item_id, story_id, position, at, sort_date, n) ORDER BY n`,
    [sentences.map((s) => s.hash), sentences.map((s) => s.itemId), sentences.map((s) => s.storyId), sentences.map((s) => s.position), sentences.map((s) => s.at),
      sentences.map((s) => s.sortDate)]);
  }
  const lines = rows.flatMap((r) => [...new Set(r.lineKeys)].map((key) => ({ key, itemId: r.itemId, storyId: r.storyId, sourceId: r.sourceId, at: Math.floor(r.at), sortDate: r.sortDate })));
  if (lines.length > 0) {
    await client.query(`INSERT INTO story_lines (source_id, line_key, item_id, story_id, at, sort_date)
      SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::text[])`,
    [lines.map((l) => l.sourceId), lines.map((l) => l.key), lines.map((l) => l.itemId), lines.map((l) => l.storyId), lines.map((l) => l.at), lines.map((l) => l.sortDate)]);
  }
  if (c.prunedRowsBefore !== null) for (const table of TABLES) await client.query(`DELETE FROM ${table} WHERE at < $1`, [c.prunedRowsBefore]);
}

async function writeVersions(client: pg.ClientBase, port: MemoryStoryIndex): Promise<void> {
  const versions = [...port.changes().versions].map((id) => port.version(id)).filter((v) => v !== null);
  if (versions.length === 0) return;
  await client.query(`INSERT INTO story_versions (item_id, story_id, via, compared_item_id, jaccard, containment, chrome)
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::text[])
    ON CONFLICT (item_id) DO UPDATE SET story_id = excluded.story_id, via = excluded.via, compared_item_id = excluded.compared_item_id,
      jaccard = excluded.jaccard, containment = excluded.containment, chrome = excluded.chrome`,
  [versions.map((v) => v.itemId), versions.map((v) => v.storyId), versions.map((v) => v.via), versions.map((v) => v.comparedItemId),
    versions.map((v) => v.jaccard), versions.map((v) => v.containment), versions.map((v) => JSON.stringify(v.chrome))]);
}
