/** Feed text → feed metadata and normalized items: the CPU-heavy, pure part of a refresh. */
import { deserialize, serialize } from 'node:v8';
import { precomputeFeatures } from '../dedup/story-features.js';
import type { FeedEntry, ParsedFeed } from '../model/entry.js';
import { coerceError } from '../model/errors.js';
import { keepRaw, type ReadDocument } from '../model/read-document.js';
import { normalizeEntry, normalizeFeedMeta } from '../normalize/normalize-entry.js';
import { parseDate } from '../normalize/parse-date.js';
import { parseDocument } from '../parse/parse-document.js';

export interface FeedJob {
  text: string;
  url: string;
  type: 'auto' | 'rss' | 'atom' | 'json' | 'html' | 'newsml' | 'nitf';
  language: string | null;
  timezone: string | null;
  titleCase: 'keep' | 'sentence';
  /** Also compute each item's story features (ingest: the commit then need not). */
  features?: boolean;
  /** Documents with more entries than this come back in chunks of half as many, to normalize on several threads. */
  splitAbove?: number;
}

/** A parsed document whose entries are left to normalize in chunks, each a serialized FeedEntry[]. */
export interface SplitDocument {
  split: true;
  meta: ReadDocument['meta'];
  feed: ParsedFeed;
  problems: string[];
  chunks: Uint8Array[];
  /** Which end the chunks are best normalized and committed from (see `chunkOrder`). */
  order: 'document' | 'reverse';
}

/** One chunk of a split document's entries, to normalize on any thread. */
export interface EntriesJob extends Omit<FeedJob, 'text' | 'splitAbove'> {
  kind: 'entries';
  feed: ParsedFeed;
  entries: Uint8Array;
}

export type EntriesRead = Pick<ReadDocument, 'items' | 'skipped'>;


export async function readFeed(job: FeedJob): Promise<ReadDocument> {
  return readWhole(await parseDocument(job.text, { url: job.url, type: job.type }), job);
}

/** Parses; a document above `splitAbove` entries is returned as serialized chunks instead of read whole. */
export async function readOrSplitFeed(job: FeedJob): Promise<ReadDocument | SplitDocument> {
  const feed = await parseDocument(job.text, { url: job.url, type: job.type });
  if (job.splitAbove === undefined || feed.entries.length <= job.splitAbove) return readWhole(feed, job);
  const chunks: Uint8Array[] = [];
  const order = chunkOrder(feed.entries, job.timezone);
  for (const [start, end] of chunkBounds(feed.entries.length, Math.max(1, Math.ceil(job.splitAbove / 2)), order)) {
    // The raw entry becomes the text it is stored as (parsers hand out lazily serialized nodes).
    chunks.push(ownBytes(serialize(feed.entries.slice(start, end).map((e) => ({ ...e, raw: keepRaw(e.raw) })))));
  }
  return { split: true, meta: normalizeFeedMeta(feed), feed: { ...feed, entries: [] }, problems: feed.problems ?? [], chunks, order };
}

/** The first chunks to be committed are small (the commit starts early), the rest `size` entries each. */
const FIRST_CHUNK_DIVISOR = 8;

/** [start, end) of each chunk in document order; the small ones at the end committed first. */
function chunkBounds(total: number, size: number, order: 'document' | 'reverse'): Array<[number, number]> {
  const sizes: number[] = [];
  for (let left = total, next = Math.max(1, Math.ceil(size / FIRST_CHUNK_DIVISOR)); left > 0; next = Math.min(size, next * 2)) {
    sizes.push(Math.min(left, next));
    left -= next;
  }
  if (order === 'reverse') sizes.reverse();
  const bounds: Array<[number, number]> = [];
  let start = 0;
  for (const n of sizes) bounds.push([start, (start += n)]);
  return bounds;
}

/**
 * A document listing its newest entries first is committed from its end: each chunk is then
 * placed after everything older and visits each item about once, where document order would
 * place every later-committed (older) chunk before all the ones stored already, again and again.
 * Only when every entry has a guid of its own: then no two chunks hold reads of one item, whose
 * last read in document order must win (in document order it does, whatever the dates).
 */
function chunkOrder(entries: FeedEntry[], timezone: string | null): 'document' | 'reverse' {
  const dateOf = (e: FeedEntry | undefined) => parseDate(e?.published, { timezone }) ?? parseDate(e?.updated, { timezone });
  const first = dateOf(entries[0]);
  const last = dateOf(entries[entries.length - 1]);
  if (first === null || last === null || first <= last) return 'document';
  const guids = new Set<string>();
  for (const entry of entries) {
    const guid = entry.guid?.trim();
    if (!guid || guids.has(guid)) return 'document';
    guids.add(guid);
  }
  return 'reverse';
}

/** Bytes over a buffer of their own, so they can move between threads without a copy. */
function ownBytes(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
}

/** What a reply can hand over instead of copying: a split document's chunks. */
export function transferablesOf(result: unknown): ArrayBuffer[] {
  const split = result as Partial<SplitDocument> | null;
  return split?.split === true && Array.isArray(split.chunks) ? split.chunks.map((c) => c.buffer as ArrayBuffer) : [];
}

function readWhole(feed: ParsedFeed, job: FeedJob): ReadDocument {
  const { items, skipped } = normalizeEntries(feed.entries, { ...job, feed });
  const all = [...(feed.problems ?? []), ...skipped];
  return { meta: normalizeFeedMeta(feed), items, skipped: all, rejected: all };
}

export function readEntries(job: EntriesJob): EntriesRead {
  return normalizeEntries(deserialize(job.entries) as FeedEntry[], job);
}

type NormalizeJob = Pick<FeedJob, 'language' | 'timezone' | 'titleCase' | 'features'> & { feed: ParsedFeed };

function normalizeEntries(entries: FeedEntry[], job: NormalizeJob): EntriesRead {
  const items: ReadDocument['items'] = [];
  const skipped: string[] = [];
  for (const entry of entries) {
    try {
      const item = normalizeEntry(entry, { feed: job.feed, language: job.language, timezone: job.timezone, titleCase: job.titleCase });
      const raw = keepRaw(entry.raw);
      items.push(job.features ? { item, raw, features: precomputeFeatures(item) } : { item, raw });
    } catch (err) {
      skipped.push(coerceError(err, 'PARSE_INVALID', 'normalize').message);
    }
  }
  return { items, skipped };
}
