/**
 * Reads from PostgreSQL what placing from a key can read (see dedup/memory-story-index.ts): the
 * items dated from one window (and a day) before it on, every item of the stories those and the
 * index rows reach, the index rows from that date on, their versions and the index state. From
 * null (recluster) it reads everything.
 */
import type pg from 'pg';
import type { StoryIndexSnapshot } from '../dedup/memory-story-index.js';
import type { ItemRows } from '../dedup/memory-story-rows.js';
import type { JoinedVia, OrderKey, PlacedItem, VersionRecord } from '../dedup/story-port.js';

const ITEM_COLS = `id, source_id AS "sourceId", title, content_text AS "contentText", content_hash AS "contentHash", published,
  fetched_at AS "fetchedAt", sort_date AS "sortDate", story_id AS "storyId"`;
/** Dates compare by code unit, as SQLite's BINARY collation does. */
const SINCE = `sort_date COLLATE "C" >= $1`;
const MARGIN_SECONDS = 86_400;

interface VersionRow { item_id: string; story_id: string; via: string; compared_item_id: string | null; jaccard: number | null; containment: number | null; chrome: string }

/** The earliest date (ISO) whose items placing from `from` can read, or null for all. */
export function hydrationSince(from: OrderKey | null, windowHours: number): string | null {
  if (!from) return null;
  const at = Date.parse(from.sortDate);
  if (!Number.isFinite(at)) return null;
  return new Date(Math.max(0, at - (windowHours * 3600 + MARGIN_SECONDS) * 1000)).toISOString();
}

export async function hydrateStoryIndex(client: pg.ClientBase, since: string | null): Promise<StoryIndexSnapshot> {
  const sinceAt = since ? Math.floor(Date.parse(since) / 1000) : null;
  const recent = await client.query<PlacedItem>(since ? `SELECT ${ITEM_COLS} FROM items WHERE ${SINCE}` : `SELECT ${ITEM_COLS} FROM items`, since ? [since] : []);
  const rows = await readRows(client, sinceAt);
  const items = new Map(recent.rows.map((i) => [i.id, i]));
  if (since) {
    const reached = [...new Set([...recent.rows.map((i) => i.storyId), ...rows.map((r) => r.storyId)])];
    const members = await client.query<PlacedItem>(`SELECT ${ITEM_COLS} FROM items WHERE story_id = ANY($2) AND NOT (${SINCE})`, [since, reached]);
    for (const item of members.rows) items.set(item.id, item);
  }
  const versions = await client.query<VersionRow>(`SELECT * FROM story_versions WHERE item_id = ANY($1)`, [[...items.keys()]]);
  const state = await client.query<{ key: string; value: string }>(`SELECT key, value FROM story_index_state`);
  const value = (key: string) => Number(state.rows.find((r) => r.key === key)?.value ?? 0);
  return { items: [...items.values()], rows, versions: versions.rows.map(toVersion), generation: value('generation'), prunedBefore: value('pruned_before') };
}

/** Index rows dated at or after `sinceAt` (all when null), grouped by item, sentences in stored order. */
async function readRows(client: pg.ClientBase, sinceAt: number | null): Promise<Array<{ itemId: string } & ItemRows>> {
  const where = sinceAt === null ? '' : 'WHERE at >= $1';
  const params = sinceAt === null ? [] : [sinceAt];
  const signatures = await client.query<{ item_id: string; story_id: string; at: string; band_keys: Buffer | null }>(`SELECT item_id, story_id, at, band_keys FROM story_signatures ${where}`, params);
  const sentences = await client.query<{ item_id: string; story_id: string; at: string; hash: string; position: number }>(
    `SELECT item_id, story_id, at, hash, position FROM story_sentences ${where} ORDER BY seq`, params);
  const lines = await client.query<{ item_id: string; story_id: string; at: string; source_id: string; line_key: string }>(
    `SELECT item_id, story_id, at, source_id, line_key FROM story_lines ${where}`, params);
  const byItem = new Map<string, { itemId: string } & ItemRows>();
  const entry = (itemId: string, storyId: string, at: string, sourceId = '') => {
    let row = byItem.get(itemId);
    if (!row) byItem.set(itemId, (row = { itemId, storyId, at: Number(at), sourceId, bandKeys: null, sentences: [], lineKeys: [] }));
    if (sourceId) row.sourceId = sourceId;
    return row;
  };
  for (const r of signatures.rows) if (r.band_keys) entry(r.item_id, r.story_id, r.at).bandKeys = bandKeysOf(r.band_keys);
  for (const r of sentences.rows) entry(r.item_id, r.story_id, r.at).sentences.push({ hash: Number(r.hash), position: r.position });
  for (const r of lines.rows) entry(r.item_id, r.story_id, r.at, r.source_id).lineKeys.push(Number(r.line_key));
  return [...byItem.values()];
}

/** Band keys from their bytes (little-endian uint32s, as the SQLite blob holds them). */
export function bandKeysOf(bytes: Buffer): Uint32Array {
  const keys = new Uint32Array(bytes.byteLength / 4);
  new Uint8Array(keys.buffer).set(bytes);
  return keys;
}

function toVersion(row: VersionRow): VersionRecord {
  return { itemId: row.item_id, storyId: row.story_id, via: row.via as JoinedVia, comparedItemId: row.compared_item_id,
    jaccard: row.jaccard, containment: row.containment, chrome: JSON.parse(row.chrome) as number[] };
}
