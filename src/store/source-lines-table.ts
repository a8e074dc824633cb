/**
 * story_lines: the short lines each placed item printed, with its source, story and date. A line a
 * source printed under many different stories within the window is chrome ("Abonnez-vous…", a
 * copyright line); counting over the window (not the whole history) keeps the decision a function
 * of the items placed before, whatever order they arrived in.
 */
import type Database from 'better-sqlite3';

export interface SourceLinesTable {
  put(sourceId: string, itemId: string, storyId: string, at: number, lineKeys: number[]): void;
  /** Distinct stories under which this source printed the line, dated in [from, to], counted up to `limit`. */
  stories(sourceId: string, lineKey: number, from: number, to: number, limit: number): number;
  of(itemId: string): number[];
  deleteItem(itemId: string): void;
  /** Deletes the rows of these items in one statement. */
  deleteItems(itemIds: string[]): void;
  deleteOlderThan(at: number): number;
  clear(): void;
}

export function createSourceLinesTable(db: Database.Database): SourceLinesTable {
  const remove = db.prepare(`DELETE FROM story_lines WHERE item_id = ?`);
  const insert = db.prepare(`INSERT INTO story_lines (source_id, line_key, item_id, story_id, at) VALUES (?, ?, ?, ?, ?)`);
  const count = db.prepare<[string, number, number, number, number], { n: number }>(`SELECT COUNT(*) AS n FROM (
    SELECT DISTINCT story_id FROM story_lines WHERE source_id = ? AND line_key = ? AND at BETWEEN ? AND ? LIMIT ?)`);
  const one = db.prepare<[string], { line_key: number }>(`SELECT line_key FROM story_lines WHERE item_id = ?`);
  const removeMany = db.prepare(`DELETE FROM story_lines WHERE item_id IN (SELECT value FROM json_each(?))`);
  const older = db.prepare(`DELETE FROM story_lines WHERE at < ?`);
  const clear = db.prepare(`DELETE FROM story_lines`);
  return {
    put: (sourceId, itemId, storyId, at, lineKeys) => {
      remove.run(itemId);
      for (const key of new Set(lineKeys)) insert.run(sourceId, key, itemId, storyId, Math.floor(at));
    },
    stories: (sourceId, lineKey, from, to, limit) => count.get(sourceId, lineKey, Math.floor(from), Math.ceil(to), limit)?.n ?? 0,
    of: (itemId) => one.all(itemId).map((r) => r.line_key),
    deleteItem: (itemId) => void remove.run(itemId),
    deleteItems: (itemIds) => void (itemIds.length > 0 && removeMany.run(JSON.stringify(itemIds))),
    deleteOlderThan: (at) => older.run(Math.floor(at)).changes,
    clear: () => void clear.run(),
  };
}
