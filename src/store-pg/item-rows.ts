/**
 * The item side of a PostgreSQL refresh commit: what is stored already (preloaded in two
 * queries), the same upsert decisions as SQLite over that snapshot (commit-items.ts upsertItem),
 * then the rows written with the bytes SQLite would store (items-table.ts toRow).
 */
import { searchText } from '../curate/query-text.js';
import { identityKey, itemId } from '../dedup/identity.js';
import type { UpsertPorts } from '../ingest/commit-items.js';
import type { ReadItem } from '../model/read-document.js';
import { toRow, type ItemKey, type StoredItem } from '../store/items-table.js';
import { tombstoneKey, type SourceRead } from '../store/tombstones-table.js';
import type { PgClient } from './connection.js';

export interface ItemSnapshot {
  existing: Map<string, ItemKey>;
  /** Tombstone content key by item key, for the entries not stored. */
  buried: Map<bigint, bigint>;
}

export async function loadItemSnapshot(client: PgClient, sourceId: string, incoming: ReadItem[]): Promise<ItemSnapshot> {
  const identities = [...new Set(incoming.map(({ item }) => identityKey(item)))];
  const { rows } = await client.query<ItemKey & { identity: string }>(`SELECT id, identity, revision, story_id AS "storyId",
      published, fetched_at AS "fetchedAt", content_hash AS "contentHash",
      (editorial::jsonb ->> 'version')::double precision AS version
    FROM items WHERE source_id = $1 AND identity = ANY($2::text[])`, [sourceId, identities]);
  const existing = new Map(rows.map(({ identity, ...key }) => [identity, key]));
  const keys = identities.filter((i) => !existing.has(i)).map((i) => tombstoneKey(itemId(sourceId, i)).toString());
  const buried = new Map<bigint, bigint>();
  if (keys.length > 0) {
    const found = await client.query<{ key: string; content: string }>(`SELECT key::text, content::text FROM tombstones
      WHERE source_id = $1 AND key = ANY($2::bigint[])`, [sourceId, keys]);
    for (const row of found.rows) buried.set(BigInt(row.key), BigInt(row.content));
  }
  return { existing, buried };
}

export interface PendingWrites {
  stories: Array<{ id: string; at: string }>;
  inserts: StoredItem[];
  updates: StoredItem[];
}

/** Upsert ports over the snapshot: decisions read it, writes are collected (and seen by later entries). */
export function snapshotPorts(snapshot: ItemSnapshot, writes: PendingWrites): UpsertPorts {
  const remember = (item: StoredItem): void => {
    snapshot.existing.set(item.identity, {
      id: item.id, revision: item.revision, version: item.editorial?.version ?? null, storyId: item.storyId,
      published: item.published, fetchedAt: item.fetchedAt, contentHash: item.contentHash,
    });
  };
  return {
    items: {
      findByIdentity: (_sourceId, identity) => snapshot.existing.get(identity) ?? null,
      insert: (item) => {
        writes.inserts.push(item);
        remember(item);
      },
      update: (item) => {
        writes.updates.push(item);
        remember(item);
      },
    },
    stories: { create: (id, at) => void writes.stories.push({ id, at }) },
  };
}

const COLUMNS = ['id', 'source_id', 'identity', 'guid', 'url', 'title', 'summary', 'content_html', 'content_text', 'author',
  'published', 'updated', 'language', 'dateline', 'categories', 'enclosures', 'content_hash', 'revision', 'story_id',
  'fetched_at', 'changed_at', 'sort_date', 'raw', 'editorial', 'embargo_until', 'killed_at', 'date_source'] as const;

/** The words SQLite's FTS5 indexes (searchText), from which items.search is generated (migration 5). */
const WORDS = ['search_title', 'search_body'] as const;
const INSERTED = [...COLUMNS, ...WORDS];
const INSERT_SQL = `INSERT INTO items (${INSERTED.join(', ')}) VALUES (${INSERTED.map((_, i) => `$${i + 1}`).join(', ')})`;
/** As SQLite's update: source_id, identity and fetched_at stay; a kill time, once set, stays. */
const UPDATED = ['id', ...COLUMNS.filter((c) => !['id', 'source_id', 'identity', 'fetched_at', 'killed_at'].includes(c)), ...WORDS, 'killed_at'];
const KILLED = `$${UPDATED.length}::text`;
const UPDATE_SQL = `UPDATE items SET ${UPDATED.slice(1, -1).map((c, i) => `${c} = $${i + 2}`).join(', ')},
  killed_at = CASE WHEN ${KILLED} IS NULL THEN NULL ELSE COALESCE(killed_at, ${KILLED}) END
  WHERE id = $1`;

function valuesOf(item: StoredItem, columns: readonly string[]): unknown[] {
  const row = { ...toRow(item), ...searchWords(item.title, item.contentText) } as unknown as Record<string, unknown>;
  return columns.map((c) => row[c]);
}

function searchWords(title: string | null, contentText: string | null): { search_title: string; search_body: string } {
  return { search_title: searchText(title ?? ''), search_body: searchText(contentText ?? '') };
}

const FILL_BATCH = 1000;

/** Gives every row without them its search words (rows stored before migration 5, or copied by migrate-store). */
export async function fillSearchWords(client: PgClient): Promise<number> {
  let filled = 0;
  for (;;) {
    const { rows } = await client.query<{ id: string; title: string | null; content_text: string | null }>(`SELECT id, title, content_text
      FROM items WHERE search_title IS NULL LIMIT ${FILL_BATCH}`);
    if (rows.length === 0) return filled;
    const words = rows.map((r) => searchWords(r.title, r.content_text));
    await client.query(`UPDATE items SET search_title = t.title, search_body = t.body
      FROM unnest($1::text[], $2::text[], $3::text[]) AS t(id, title, body) WHERE items.id = t.id`,
    [rows.map((r) => r.id), words.map((w) => w.search_title), words.map((w) => w.search_body)]);
    filled += rows.length;
  }
}

export async function writeItems(client: PgClient, writes: PendingWrites): Promise<void> {
  for (const story of writes.stories) {
    await client.query(`INSERT INTO stories (id, created_at, updated_at) VALUES ($1, $2, $2) ON CONFLICT (id) DO NOTHING`, [story.id, story.at]);
  }
  for (const item of writes.inserts) await client.query(INSERT_SQL, valuesOf(item, INSERTED));
  for (const item of writes.updates) await client.query(UPDATE_SQL, valuesOf(item, UPDATED));
}

export async function recordRead(client: PgClient, sourceId: string, read: SourceRead): Promise<void> {
  const seen = read.seen.map(String);
  const revived = read.revived.map(String);
  if (seen.length > 0) {
    await client.query(`UPDATE tombstones SET seen_at = $1 WHERE source_id = $2 AND key = ANY($3::bigint[])`, [read.at, sourceId, seen]);
  }
  if (revived.length > 0) await client.query(`DELETE FROM tombstones WHERE source_id = $1 AND key = ANY($2::bigint[])`, [sourceId, revived]);
  await client.query(`INSERT INTO source_reads (source_id, read_at, too_old) VALUES ($1, $2, $3)
    ON CONFLICT (source_id) DO UPDATE SET read_at = excluded.read_at, too_old = excluded.too_old`, [sourceId, read.at, read.tooOld]);
}
