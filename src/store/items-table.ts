/** Items: one row per (source, identity); the raw entry is kept so items can be re-normalized. */
import type Database from 'better-sqlite3';
import type { DateSource, Editorial, Item } from '../model/item.js';
import { editorialColumns } from './wire-table.js';

export interface StoredItem extends Item {
  identity: string;
  /** Hash of every stored field: equal revision means nothing to rewrite. */
  revision: string;
  changedAt: string;
  raw: string | null;
}

export interface ItemKey {
  id: string;
  revision: string;
  /** The stored editorial version (wire items), to refuse older versions. */
  version: number | null;
  storyId: string;
  published: string | null;
  fetchedAt: string;
  contentHash: string;
}

export interface CandidateQuery {
  /** Only these sources; empty means all. */
  sourceIds: string[];
  /** Only items whose sort date is at or after this ISO date. */
  since: string | null;
  limit: number;
}

export interface ItemRow {
  id: string; source_id: string; identity: string; guid: string | null; url: string | null; title: string;
  summary: string | null; content_html: string | null; content_text: string; author: string | null;
  published: string | null; updated: string | null; language: string | null; dateline: string | null;
  categories: string; enclosures: string; content_hash: string; revision: string; story_id: string;
  fetched_at: string; changed_at: string; sort_date: string; raw: string | null;
  editorial: string | null; embargo_until: string | null; killed_at: string | null; date_source: string | null;
}

export interface ItemsTable {
  findByIdentity(sourceId: string, identity: string): ItemKey | null;
  get(id: string): StoredItem | null;
  insert(item: StoredItem): void;
  update(item: StoredItem): void;
  /** Another item with this exact content hash, oldest first, to join its story. */
  findStoryByContentHash(contentHash: string, excludeSourceId: string): string | null;
  byStory(storyId: string): StoredItem[];
  /** Every item id with its story, oldest first (sort date, then fetch time): for `recluster`. */
  storyKeysInOrder(): Array<{ id: string; storyId: string }>;
  candidates(query: CandidateQuery): StoredItem[];
  countBySource(): Map<string, number>;
  count(): number;
}

export function createItemsTable(db: Database.Database): ItemsTable {
  const byIdentity = db.prepare<[string, string], ItemKey>(`SELECT id, revision, story_id AS storyId,
    published, fetched_at AS fetchedAt, content_hash AS contentHash, json_extract(editorial, '$.version') AS version
    FROM items WHERE source_id = ? AND identity = ?`);
  const getStmt = db.prepare<[string], ItemRow>(`SELECT * FROM items WHERE id = ?`);
  const insertStmt = db.prepare(`INSERT INTO items (id, source_id, identity, guid, url, title, summary,
    content_html, content_text, author, published, updated, language, dateline, categories, enclosures,
    content_hash, revision, story_id, fetched_at, changed_at, sort_date, raw, editorial, embargo_until, killed_at, date_source)
    VALUES (@id, @source_id, @identity, @guid, @url, @title, @summary, @content_html, @content_text, @author,
    @published, @updated, @language, @dateline, @categories, @enclosures, @content_hash, @revision, @story_id,
    @fetched_at, @changed_at, @sort_date, @raw, @editorial, @embargo_until, @killed_at, @date_source)`);
  const updateStmt = db.prepare(`UPDATE items SET guid = @guid, url = @url, title = @title, summary = @summary,
    content_html = @content_html, content_text = @content_text, author = @author, published = @published,
    updated = @updated, language = @language, dateline = @dateline, categories = @categories,
    enclosures = @enclosures, content_hash = @content_hash, revision = @revision, story_id = @story_id,
    changed_at = @changed_at, sort_date = @sort_date, raw = @raw, editorial = @editorial,
    embargo_until = @embargo_until, killed_at = CASE WHEN @killed_at IS NULL THEN NULL ELSE COALESCE(killed_at, @killed_at) END,
    date_source = @date_source
    WHERE id = @id`);
  const byHash = db.prepare<[string, string], { story_id: string }>(`SELECT story_id FROM items
    WHERE content_hash = ? AND source_id <> ? ORDER BY fetched_at, id LIMIT 1`);
  const byStoryStmt = db.prepare<[string], ItemRow>(`SELECT * FROM items WHERE story_id = ? ORDER BY sort_date, id`);
  const inOrder = db.prepare<[], { id: string; storyId: string }>(`SELECT id, story_id AS storyId FROM items
    ORDER BY sort_date, fetched_at, id`);
  const counts = db.prepare<[], { source_id: string; n: number }>(`SELECT source_id, COUNT(*) AS n FROM items GROUP BY source_id`);
  const total = db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM items`);
  return {
    findByIdentity: (sourceId, identity) => byIdentity.get(sourceId, identity) ?? null,
    get: (id) => {
      const row = getStmt.get(id);
      return row ? fromRow(row) : null;
    },
    insert: (item) => void insertStmt.run(toRow(item)),
    update: (item) => void updateStmt.run(toRow(item)),
    findStoryByContentHash: (hash, excludeSourceId) => byHash.get(hash, excludeSourceId)?.story_id ?? null,
    byStory: (storyId) => byStoryStmt.all(storyId).map(fromRow),
    storyKeysInOrder: () => inOrder.all(),
    candidates: (query) => selectCandidates(db, query).map(fromRow),
    countBySource: () => new Map(counts.all().map((r) => [r.source_id, r.n])),
    count: () => total.get()?.n ?? 0,
  };
}

function selectCandidates(db: Database.Database, query: CandidateQuery): ItemRow[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (query.sourceIds.length > 0) {
    where.push(`source_id IN (${query.sourceIds.map(() => '?').join(', ')})`);
    params.push(...query.sourceIds);
  }
  if (query.since) {
    where.push('sort_date >= ?');
    params.push(query.since);
  }
  const sql = `SELECT * FROM items ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY sort_date DESC, id LIMIT ?`;
  return db.prepare<unknown[], ItemRow>(sql).all(...params, query.limit);
}

/** The row both backends store for an item (identical bytes on SQLite and PostgreSQL). */
export function toRow(item: StoredItem): ItemRow {
  return {
    id: item.id, source_id: item.sourceId, identity: item.identity, guid: item.guid, url: item.url,
    title: item.title, summary: item.summary, content_html: item.contentHtml, content_text: item.contentText,
    author: item.author, published: item.published, updated: item.updated, language: item.language,
    dateline: item.dateline, categories: JSON.stringify(item.categories), enclosures: JSON.stringify(item.enclosures),
    content_hash: item.contentHash, revision: item.revision, story_id: item.storyId, fetched_at: item.fetchedAt,
    changed_at: item.changedAt, sort_date: item.published ?? item.fetchedAt, raw: item.raw,
    ...editorialColumns(item),
    date_source: item.dateSource ?? (item.published ? 'feed' : null),
  };
}

export function fromRow(row: ItemRow): StoredItem {
  return {
    id: row.id, sourceId: row.source_id, identity: row.identity, guid: row.guid, url: row.url, title: row.title,
    summary: row.summary, contentHtml: row.content_html, contentText: row.content_text, author: row.author,
    published: row.published, updated: row.updated, language: row.language, dateline: row.dateline,
    categories: JSON.parse(row.categories) as string[], enclosures: JSON.parse(row.enclosures) as Item['enclosures'],
    contentHash: row.content_hash, revision: row.revision, storyId: row.story_id, fetchedAt: row.fetched_at,
    changedAt: row.changed_at, raw: row.raw, dateSource: (row.date_source ?? null) as DateSource | null,
    ...(row.editorial ? { editorial: JSON.parse(row.editorial) as Editorial } : {}),
  };
}
