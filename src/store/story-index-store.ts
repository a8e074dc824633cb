/**
 * The story lifecycle's port over SQLite: items in placement order (sort date, then id), the index
 * rows of placed items (signatures, sentences, lines), how each item joined (story_versions) and
 * the index state. Item queries take the placement key as a bound, so they read the store as it
 * was when the item being placed came in order.
 */
import type Database from 'better-sqlite3';
import type { IndexRows, JoinedVia, OrderKey, PlacedItem, RankedRow, StoryIndexPort, VersionRecord } from '../dedup/story-port.js';
import { createSentencesTable } from './sentences-table.js';
import { createSignaturesTable } from './signatures-table.js';
import { createSourceLinesTable } from './source-lines-table.js';

const ITEM_COLS = `id, source_id AS sourceId, title, content_text AS contentText, content_hash AS contentHash, published,
  fetched_at AS fetchedAt, sort_date AS sortDate, story_id AS storyId`;
const RANK_COLS = `id, sort_date AS sortDate, source_id AS sourceId, published, fetched_at AS fetchedAt, length(content_text) AS length`;
const AT_OR_AFTER = `(sort_date > @sortDate OR (sort_date = @sortDate AND id >= @id))`;
const BEFORE = `(sort_date < @sortDate OR (sort_date = @sortDate AND id < @id))`;
const AFTER = `(sort_date > @sortDate OR (sort_date = @sortDate AND id > @id))`;

interface VersionRow { item_id: string; story_id: string; via: string; compared_item_id: string | null; jaccard: number | null; containment: number | null; chrome: string }

function isBeforeKey(a: OrderKey, b: OrderKey): boolean {
  return a.sortDate < b.sortDate || (a.sortDate === b.sortDate && a.id < b.id);
}

export function createStoryIndexStore(db: Database.Database): StoryIndexPort {
  const signatures = createSignaturesTable(db);
  const sentences = createSentencesTable(db);
  const lines = createSourceLinesTable(db);
  const q = {
    from: db.prepare<{ sortDate: string; id: string; limit: number }, PlacedItem>(`SELECT ${ITEM_COLS} FROM items WHERE ${AT_OR_AFTER} ORDER BY sort_date, id LIMIT @limit`),
    all: db.prepare<{ limit: number }, PlacedItem>(`SELECT ${ITEM_COLS} FROM items ORDER BY sort_date, id LIMIT @limit`),
    before: db.prepare<{ since: string; sortDate: string; id: string }, PlacedItem>(`SELECT ${ITEM_COLS} FROM items
      WHERE sort_date >= @since AND ${BEFORE} ORDER BY sort_date, id`),
    item: db.prepare<[string], PlacedItem>(`SELECT ${ITEM_COLS} FROM items WHERE id = ?`),
    exact: db.prepare<{ hash: string; sourceId: string; since: string; sortDate: string; id: string }, { story_id: string }>(
      `SELECT story_id FROM items WHERE content_hash = @hash AND source_id <> @sourceId AND sort_date >= @since AND ${BEFORE}
       ORDER BY sort_date, id LIMIT 1`),
    versionsBefore: db.prepare<{ storyId: string; sortDate: string; id: string }, RankedRow>(
      `SELECT ${RANK_COLS} FROM items WHERE story_id = @storyId AND ${BEFORE}`),
    versionsOf: db.prepare<[string], RankedRow>(`SELECT ${RANK_COLS} FROM items WHERE story_id = ?`),
    idsFrom: db.prepare<{ sortDate: string; id: string }, { id: string }>(`SELECT id FROM items WHERE ${AT_OR_AFTER}`),
    laterWithHash: db.prepare<{ hash: string; sortDate: string; id: string }, OrderKey>(
      `SELECT id, sort_date AS sortDate FROM items WHERE content_hash = @hash AND ${AFTER}`),
    next: db.prepare<{ sortDate: string; id: string }, OrderKey>(`SELECT id, sort_date AS sortDate FROM items WHERE ${AFTER} ORDER BY sort_date, id LIMIT 1`),
    unplaced: db.prepare<{ sortDate: string; id: string }, OrderKey>(`SELECT id, sort_date AS sortDate FROM items
      WHERE ${AT_OR_AFTER} AND NOT EXISTS (SELECT 1 FROM story_versions WHERE story_versions.item_id = items.id)`),
    allIds: db.prepare<[], { id: string }>(`SELECT id FROM items`),
    createStory: db.prepare(`INSERT INTO stories (id, created_at, updated_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING`),
    setStory: db.prepare(`UPDATE items SET story_id = ? WHERE id = ?`),
    setCanonical: db.prepare(`UPDATE stories SET canonical_item_id = ?, updated_at = ? WHERE id = ?`),
    deleteIfEmpty: db.prepare(`DELETE FROM stories WHERE id = @id AND NOT EXISTS (SELECT 1 FROM items WHERE items.story_id = @id)`),
    setHash: db.prepare(`UPDATE items SET content_hash = ? WHERE id = ?`),
    deleteEmpty: db.prepare(`DELETE FROM stories WHERE NOT EXISTS (SELECT 1 FROM items WHERE items.story_id = stories.id)`),
    putVersion: db.prepare(`INSERT OR REPLACE INTO story_versions (item_id, story_id, via, compared_item_id, jaccard, containment, chrome)
      VALUES (@itemId, @storyId, @via, @comparedItemId, @jaccard, @containment, @chrome)`),
    version: db.prepare<[string], VersionRow>(`SELECT * FROM story_versions WHERE item_id = ?`),
    state: db.prepare<[string], { value: number }>(`SELECT value FROM story_index_state WHERE key = ?`),
    setState: db.prepare(`UPDATE story_index_state SET value = ? WHERE key = ?`),
  };
  const state = (key: string) => q.state.get(key)?.value ?? 0;
  const deleteRowsOf = (ids: string[]): string[] => {
    signatures.deleteItems(ids);
    sentences.deleteItems(ids);
    lines.deleteItems(ids);
    return noteEmptied(ids);
  };
  // The earliest key from which every item has a version, as of a generation this connection wrote.
  let placedFrom: { key: OrderKey; generation: number } | null = null;
  let pendingFrom: OrderKey | null = null;
  const noteEmptied = (ids: string[]): string[] => {
    for (const id of ids) emptied.add(id);
    return ids;
  };
  // The generation this connection last wrote: any other value means another process (or a
  // rollback) changed the index, and the tables' presence sets may miss its rows.
  let wrote = -1;
  // Items whose rows deleteRowsFrom just deleted: writing them back needs no delete first. Only
  // within one placement (cleared at its start and end), so a rollback never leaves it stale.
  const emptied = new Set<string>();
  return {
    itemsFrom: (from, limit) => (from ? q.from.all({ ...from, limit }) : q.all.all({ limit })),
    itemsBefore: (since, before) => q.before.all({ since, sortDate: before.sortDate, id: before.id }),
    item: (id) => q.item.get(id) ?? null,
    exactStory: (hash, sourceId, since, before) => q.exact.get({ hash, sourceId, since, sortDate: before.sortDate, id: before.id })?.story_id ?? null,
    versionsBefore: (storyId, before) => q.versionsBefore.all({ storyId, sortDate: before.sortDate, id: before.id }),
    versionsOf: (storyId) => q.versionsOf.all(storyId),
    setStory: (itemId, storyId, now) => {
      q.createStory.run(storyId, now, now);
      q.setStory.run(storyId, itemId);
    },
    setCanonical: (storyId, itemId, now) => void q.setCanonical.run(itemId, now, storyId),
    deleteStoryIfEmpty: (id) => void q.deleteIfEmpty.run({ id }),
    setContentHash: (itemId, hash) => void q.setHash.run(hash, itemId),
    deleteEmptyStories: () => q.deleteEmpty.run().changes,
    putRows: (rows: IndexRows) => {
      const empty = emptied.delete(rows.itemId);
      signatures.put(rows, empty);
      sentences.put(rows.itemId, rows.storyId, rows.at, rows.sortDate, rows.sentences, empty);
      lines.put(rows.sourceId, rows.itemId, rows.storyId, rows.at, rows.sortDate, rows.lineKeys, empty);
    },
    rowsOf: (itemId) => ({ bandKeys: signatures.of(itemId), sentences: sentences.of(itemId), lineKeys: lines.of(itemId) }),
    deleteRowsFrom: (from) => {
      if (!from) {
        signatures.clear();
        sentences.clear();
        lines.clear();
        return noteEmptied(q.allIds.all().map((r) => r.id));
      }
      return deleteRowsOf(q.idsFrom.all(from).map((r) => r.id));
    },
    deleteRowsOf: (ids) => void deleteRowsOf(ids),
    signaturesSince: (at) => signatures.since(at),
    sentenceStories: (hash, from, to, limit, before) => sentences.stories(hash, from, to, limit, before),
    lineStories: (sourceId, key, from, to, limit, before) => lines.stories(sourceId, key, from, to, limit, before),
    laterWithSentence: (hash, after) => sentences.later(hash, after),
    laterWithLine: (sourceId, key, after) => lines.later(sourceId, key, after),
    laterWithHash: (hash, after) => q.laterWithHash.all({ hash, sortDate: after.sortDate, id: after.id }),
    nextAfter: (after) => q.next.get({ sortDate: after.sortDate, id: after.id }) ?? null,
    unplacedFrom: (from) => {
      // Every item at or after a key a pass of this connection started from has a version (the
      // pass places the unplaced ones): scan only below it, or after another writer.
      if (placedFrom && placedFrom.generation === state('generation') && !isBeforeKey(from, placedFrom.key)) return [];
      pendingFrom = placedFrom && placedFrom.generation === state('generation') && isBeforeKey(placedFrom.key, from) ? placedFrom.key : from;
      return q.unplaced.all({ sortDate: from.sortDate, id: from.id });
    },
    pruneRowsBefore: (at) => {
      signatures.deleteOlderThan(at);
      sentences.deleteOlderThan(at);
      lines.deleteOlderThan(at);
    },
    putVersion: (v) => void q.putVersion.run({ ...v, chrome: JSON.stringify(v.chrome) }),
    version: (itemId) => {
      const row = q.version.get(itemId);
      return row ? { itemId: row.item_id, storyId: row.story_id, via: row.via as JoinedVia, comparedItemId: row.compared_item_id,
        jaccard: row.jaccard, containment: row.containment, chrome: JSON.parse(row.chrome) as number[] } : null;
    },
    generation: () => {
      emptied.clear();
      pendingFrom = null;
      const current = state('generation');
      if (current !== wrote) {
        sentences.forgetPresence();
        lines.forgetPresence();
      }
      return current;
    },
    bumpGeneration: () => {
      const next = state('generation') + 1;
      q.setState.run(next, 'generation');
      placedFrom = pendingFrom ? { key: pendingFrom, generation: next } : placedFrom && placedFrom.generation === next - 1 ? { ...placedFrom, generation: next } : null;
      pendingFrom = null;
      wrote = next;
      emptied.clear();
      return next;
    },
    prunedBefore: () => state('pruned_before'),
    setPrunedBefore: (at) => void q.setState.run(Math.floor(at), 'pruned_before'),
  };
}
