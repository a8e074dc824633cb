/**
 * What `wiredesk stories` reads from PostgreSQL: the stories of items dated since a time (newest
 * first, as SQLite's candidates query orders them), each with its canonical item, its versions in
 * placement order and how each version joined.
 */
import type pg from 'pg';
import type { JoinedVia, VersionRecord } from '../dedup/story-port.js';
import { fromRow, type ItemRow, type StoredItem } from '../store/items-table.js';

export interface StoredStory {
  id: string;
  canonicalItemId: string | null;
  versions: StoredItem[];
  records: Map<string, VersionRecord>;
}

export async function readRecentStories(client: pg.ClientBase, since: string, limit: number): Promise<StoredStory[]> {
  const recent = await client.query<{ story_id: string }>(`SELECT story_id FROM items WHERE sort_date COLLATE "C" >= $1
    ORDER BY sort_date COLLATE "C" DESC, id COLLATE "C" LIMIT $2`, [since, limit]);
  return readStoriesByIds(client, [...new Set(recent.rows.map((r) => r.story_id))]);
}

/** The named stories (unknown ids are left out), each with its versions in placement order and how each joined. */
export async function readStoriesByIds(client: Pick<pg.ClientBase, 'query'>, ids: string[]): Promise<StoredStory[]> {
  const stories = await client.query<{ id: string; canonical_item_id: string | null }>('SELECT id, canonical_item_id FROM stories WHERE id = ANY($1)', [ids]);
  const items = await client.query<ItemRow>(`SELECT * FROM items WHERE story_id = ANY($1) ORDER BY sort_date COLLATE "C", id COLLATE "C"`, [ids]);
  const versions = await client.query<{ item_id: string; story_id: string; via: string; compared_item_id: string | null; jaccard: number | null;
    containment: number | null; chrome: string }>('SELECT * FROM story_versions WHERE item_id = ANY($1)', [items.rows.map((r) => r.id)]);
  const canonical = new Map(stories.rows.map((s) => [s.id, s.canonical_item_id]));
  const byStory = new Map<string, StoredStory>(ids.filter((id) => canonical.has(id)).map((id) => [id, { id, canonicalItemId: canonical.get(id) ?? null, versions: [], records: new Map() }]));
  for (const row of items.rows) byStory.get(row.story_id)?.versions.push(fromRow(row));
  const storyOf = new Map(items.rows.map((r) => [r.id, r.story_id]));
  for (const v of versions.rows) {
    byStory.get(storyOf.get(v.item_id) ?? '')?.records.set(v.item_id, { itemId: v.item_id, storyId: v.story_id, via: v.via as JoinedVia, comparedItemId: v.compared_item_id,
      jaccard: v.jaccard, containment: v.containment, chrome: JSON.parse(v.chrome) as number[] });
  }
  return [...byStory.values()];
}
