/**
 * story_lines: the short lines each placed item printed, with its source, story and date. A line a
 * source printed under many different stories within the window is chrome ("Abonnez-vous…", a
 * copyright line); counting over the window (not the whole history) keeps the decision a function
 * of the items placed before, whatever order they arrived in.
 */
import type Database from 'better-sqlite3';

export interface SourceLinesTable {
  put(sourceId: string, itemId: string, storyId: string, at: number, lineKeys: number[], knownEmpty?: boolean): void;
  /** Distinct stories under which this source printed the line, dated in [from, to], counted up to `limit`. */
  stories(sourceId: string, lineKey: number, from: number, to: number, limit: number): number;
  of(itemId: string): number[];
  deleteItem(itemId: string): void;
  /** Deletes the rows of these items in one statement. */
  deleteItems(itemIds: string[]): void;
  deleteOlderThan(at: number): number;
  clear(): void;
  /** Forgets which lines have rows (another process may have written some): the next count reads them again. */
  forgetPresence(): void;
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
  const keys = db.prepare<[], { source_id: string; line_key: number }>(`SELECT DISTINCT source_id, line_key FROM story_lines`);
  // Every (source, line) with a row, or more (rows deleted or rolled back since): most lines are printed once.
  let present: Map<string, Set<number>> | null = null;
  const note = (sourceId: string, key: number, into: Map<string, Set<number>>): void => {
    let set = into.get(sourceId);
    if (!set) into.set(sourceId, (set = new Set()));
    set.add(key);
  };
  const loadPresent = (): Map<string, Set<number>> => {
    const map = new Map<string, Set<number>>();
    for (const row of keys.iterate()) note(row.source_id, row.line_key, map);
    return map;
  };
  return {
    put: (sourceId, itemId, storyId, at, lineKeys, knownEmpty = false) => {
      if (!knownEmpty) remove.run(itemId);
      for (const key of new Set(lineKeys)) {
        insert.run(sourceId, key, itemId, storyId, Math.floor(at));
        if (present) note(sourceId, key, present);
      }
    },
    stories: (sourceId, lineKey, from, to, limit) => {
      present ??= loadPresent();
      if (present.get(sourceId)?.has(lineKey) !== true) return 0;
      return count.get(sourceId, lineKey, Math.floor(from), Math.ceil(to), limit)?.n ?? 0;
    },
    of: (itemId) => one.all(itemId).map((r) => r.line_key),
    deleteItem: (itemId) => void remove.run(itemId),
    deleteItems: (itemIds) => void (itemIds.length > 0 && removeMany.run(JSON.stringify(itemIds))),
    deleteOlderThan: (at) => older.run(Math.floor(at)).changes,
    clear: () => void clear.run(),
    forgetPresence: () => void (present = null),
  };
}
