/** Read-only questions the operator pages ask: items per source lately, recent stories, DB size. */
import type Database from 'better-sqlite3';

export interface RecentStory {
  id: string;
  title: string;
  url: string | null;
  sourceId: string;
  versions: number;
  updatedAt: string;
}

export interface OpsQueries {
  /** Items first fetched at or after sinceIso, per source. */
  itemsSince(sinceIso: string): Map<string, number>;
  recentStories(limit: number): RecentStory[];
  /** Pages on the free list and in total, to decide whether VACUUM is worth it. */
  pageCounts(): { free: number; total: number };
  fileSizeBytes(): number;
}

export function createOpsQueries(db: Database.Database): OpsQueries {
  const since = db.prepare<[string], { source_id: string; n: number }>(`SELECT source_id, COUNT(*) AS n FROM items
    WHERE fetched_at >= ? GROUP BY source_id`);
  const stories = db.prepare<[number], RecentStory>(`SELECT s.id AS id, i.title AS title, i.url AS url,
    i.source_id AS sourceId, s.updated_at AS updatedAt,
    (SELECT COUNT(*) FROM items v WHERE v.story_id = s.id) AS versions
    FROM stories s JOIN items i ON i.id = s.canonical_item_id ORDER BY s.updated_at DESC, s.id LIMIT ?`);
  const free = db.prepare<[], { n: number }>(`SELECT freelist_count AS n FROM pragma_freelist_count()`);
  const total = db.prepare<[], { n: number }>(`SELECT page_count AS n FROM pragma_page_count()`);
  const size = db.prepare<[], { n: number }>(`SELECT page_count * page_size AS n FROM pragma_page_count(), pragma_page_size()`);
  return {
    itemsSince: (iso) => new Map(since.all(iso).map((r) => [r.source_id, r.n])),
    recentStories: (limit) => stories.all(limit),
    pageCounts: () => ({ free: free.get()?.n ?? 0, total: total.get()?.n ?? 0 }),
    fileSizeBytes: () => size.get()?.n ?? 0,
  };
}
