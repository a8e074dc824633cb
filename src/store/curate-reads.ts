/** The curate read port over SQLite: a feed's candidates, its stories' versions and source facts in a few queries. */
import type Database from 'better-sqlite3';
import type { CandidateRequest, CuratePort, SourceFacts } from '../curate/curate-port.js';
import { fromRow, type CandidateQuery, type ItemRow, type ItemsTable, type StoredItem } from './items-table.js';
import type { MetaTable } from './meta-table.js';
import type { SearchTable } from './search-table.js';
import type { WireTable } from './wire-table.js';

/** The store's own table modules the port reads through (so it shares their statements and search thread). */
export interface CurateTables {
  items: Pick<ItemsTable, 'candidates'>;
  meta: Pick<MetaTable, 'generation'>;
  search: Pick<SearchTable, 'search'>;
  wire: Pick<WireTable, 'killedSince'>;
}

export function createSqliteCuratePort(db: Database.Database, tables: CurateTables): CuratePort {
  // One parameter, a JSON array: the statement is prepared once whatever the number of stories.
  const versions = db.prepare<[string], ItemRow>(`SELECT * FROM items
    WHERE story_id IN (SELECT value FROM json_each(?)) ORDER BY story_id, sort_date, id`);
  const facts = db.prepare<[string], { id: string; feedTitle: string | null; feedLink: string | null }>(`SELECT id,
    feed_title AS feedTitle, feed_link AS feedLink FROM sources WHERE id IN (SELECT value FROM json_each(?))`);
  return {
    generation: async () => tables.meta.generation(),
    candidates: async (request) => (request.match === undefined
      ? tables.items.candidates(query(request))
      : tables.search.search({ ...query(request), match: request.match })),
    versionsOf: async (storyIds) => groupByStory(versions.all(JSON.stringify(storyIds)).map(fromRow)),
    sourceFacts: async (sourceIds) => new Map(facts.all(JSON.stringify(sourceIds)).map((r) => [r.id, { feedTitle: r.feedTitle, feedLink: r.feedLink } satisfies SourceFacts])),
    killedSince: async (sourceIds, since, limit) => tables.wire.killedSince([...sourceIds], since, limit),
  };
}

const query = (r: CandidateRequest): CandidateQuery => ({ sourceIds: r.sourceIds, since: r.since, limit: r.limit });

/** Rows ordered by story then version order → one list per story, in that order. */
export function groupByStory(items: StoredItem[]): Map<string, StoredItem[]> {
  const byStory = new Map<string, StoredItem[]>();
  for (const item of items) {
    const list = byStory.get(item.storyId);
    if (list === undefined) byStory.set(item.storyId, [item]);
    else list.push(item);
  }
  return byStory;
}
