/**
 * source_lines: short lines each source prints, and under how many stories. A line a source
 * repeats under many different stories is chrome ("Abonnez-vous…", a copyright line).
 */
import type Database from 'better-sqlite3';

export interface SourceLinesTable {
  /** Counts these line keys for a story (a story is counted once per line, approximately). */
  record(sourceId: string, lineKeys: number[], storyId: string): void;
  /** How many stories this source printed the line under. */
  stories(sourceId: string, lineKey: number): number;
  clear(): void;
}

export function createSourceLinesTable(db: Database.Database): SourceLinesTable {
  const upsert = db.prepare(`INSERT INTO source_lines (source_id, line_key, stories, last_story_id) VALUES (?, ?, 1, ?)
    ON CONFLICT (source_id, line_key) DO UPDATE SET
      stories = stories + (CASE WHEN last_story_id = excluded.last_story_id THEN 0 ELSE 1 END),
      last_story_id = excluded.last_story_id`);
  const read = db.prepare<[string, number], { stories: number }>(`SELECT stories FROM source_lines WHERE source_id = ? AND line_key = ?`);
  const clear = db.prepare(`DELETE FROM source_lines`);
  return {
    record: (sourceId, lineKeys, storyId) => {
      for (const key of new Set(lineKeys)) upsert.run(sourceId, key, storyId);
    },
    stories: (sourceId, lineKey) => read.get(sourceId, lineKey)?.stories ?? 0,
    clear: () => void clear.run(),
  };
}
