/**
 * Retention: prunes items older than the cutoff, except the canonical version of a story that
 * still has a version inside the curated window (a feed must never lose its entry's best copy),
 * leaving a tombstone for each (tombstones-table.ts), then drops stories left without items; and
 * the periodic `PRAGMA optimize` / VACUUM.
 */
import type Database from 'better-sqlite3';
import { registerKeyFunction } from './tombstones-table.js';

export interface PruneResult {
  items: number;
  stories: number;
}

export interface RetentionTable {
  /**
   * Deletes items sorted before cutoffIso, keeping canonical items of stories with a version since
   * keepStoriesSinceIso; each deleted item leaves a tombstone pruned at nowS (unix seconds).
   */
  prune(cutoffIso: string, keepStoriesSinceIso: string, nowS: number): PruneResult;
  optimize(): void;
  /** VACUUM when at least this share of pages is free; returns whether it ran. */
  vacuumIfFragmented(minFreeShare: number): boolean;
}

export function createRetentionTable(db: Database.Database): RetentionTable {
  registerKeyFunction(db);
  const doomed = `sort_date < @cutoff AND id NOT IN (
    SELECT s.canonical_item_id FROM stories s WHERE s.canonical_item_id IS NOT NULL AND EXISTS (
      SELECT 1 FROM items v WHERE v.story_id = s.id AND v.sort_date >= @keep))`;
  const bury = db.prepare(`INSERT OR REPLACE INTO tombstones (source_id, key, content, pruned_at, seen_at)
    SELECT source_id, wd_key64(substr(id, 4)), wd_key64(content_hash), @now, NULL FROM items WHERE ${doomed}`);
  const deleteItems = db.prepare(`DELETE FROM items WHERE ${doomed}`);
  const deleteStories = db.prepare(`DELETE FROM stories WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.story_id = stories.id)`);
  const dangling = db.prepare(`UPDATE stories SET canonical_item_id = (
      SELECT i.id FROM items i WHERE i.story_id = stories.id ORDER BY i.sort_date LIMIT 1)
    WHERE canonical_item_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM items i WHERE i.id = stories.canonical_item_id)`);
  const bump = db.prepare(`UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'`);
  const free = db.prepare<[], { n: number }>(`SELECT freelist_count AS n FROM pragma_freelist_count()`);
  const total = db.prepare<[], { n: number }>(`SELECT page_count AS n FROM pragma_page_count()`);
  return {
    prune(cutoff, keep, now) {
      return db.transaction(() => {
        // Same predicate, same transaction: exactly the deleted items get a tombstone.
        bury.run({ cutoff, keep, now });
        const items = deleteItems.run({ cutoff, keep }).changes;
        if (items === 0) return { items: 0, stories: 0 };
        // A story that lost its canonical version (outside the window) points at its earliest remaining one.
        dangling.run();
        const stories = deleteStories.run().changes;
        bump.run();
        return { items, stories };
      }).immediate();
    },
    optimize: () => void db.pragma('optimize'),
    vacuumIfFragmented(minFreeShare) {
      const pages = total.get()?.n ?? 0;
      if (pages === 0 || (free.get()?.n ?? 0) / pages < minFreeShare) return false;
      db.exec('VACUUM');
      return true;
    },
  };
}
