/** Feed text → feed metadata and normalized items: the CPU-heavy, pure part of a refresh. */
import { deserialize, serialize } from 'node:v8';
import { precomputeFeatures } from '../dedup/story-features.js';
import type { FeedEntry, ParsedFeed } from '../model/entry.js';
import { coerceError } from '../model/errors.js';
import { keepRaw, type ReadDocument } from '../model/read-document.js';
import { normalizeEntry, normalizeFeedMeta } from '../normalize/normalize-entry.js';
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
  const size = Math.max(1, Math.ceil(job.splitAbove / 2));
  for (let i = 0; i < feed.entries.length; i += size) {
    // The raw entry becomes the text it is stored as (parsers hand out lazily serialized nodes).
    chunks.push(ownBytes(serialize(feed.entries.slice(i, i + size).map((e) => ({ ...e, raw: keepRaw(e.raw) })))));
  }
  return { split: true, meta: normalizeFeedMeta(feed), feed: { ...feed, entries: [] }, problems: feed.problems ?? [], chunks };
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

/** The pieces of a split document put back in order: the same as reading it whole. */
export function joinChunks(doc: SplitDocument, chunks: EntriesRead[]): ReadDocument {
  const skipped = [...doc.problems, ...chunks.flatMap((c) => c.skipped)];
  return { meta: doc.meta, items: chunks.flatMap((c) => c.items), skipped, rejected: skipped };
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
