/** Feed text → feed metadata and normalized items: the CPU-heavy, pure part of a refresh. */
import { coerceError } from '../model/errors.js';
import type { FeedMeta, NormalizedItem } from '../model/item.js';
import { normalizeEntry, normalizeFeedMeta } from '../normalize/normalize-entry.js';
import { parseDocument } from '../parse/parse-document.js';

/** The raw entry kept per item for re-normalization is capped: a hostile feed cannot bloat the store. */
const MAX_RAW_CHARS = 256 * 1024;

export interface FeedJob {
  text: string;
  url: string;
  type: 'auto' | 'rss' | 'atom' | 'json' | 'html';
  language: string | null;
  timezone: string | null;
  titleCase: 'keep' | 'sentence';
}

export interface FeedRead {
  meta: FeedMeta;
  items: Array<{ item: NormalizedItem; raw: string | null }>;
  /** Entries that could not be normalized, with why. */
  skipped: string[];
}

export async function readFeed(job: FeedJob): Promise<FeedRead> {
  const feed = await parseDocument(job.text, { url: job.url, type: job.type });
  const items: FeedRead['items'] = [];
  const skipped: string[] = [];
  for (const entry of feed.entries) {
    try {
      const item = normalizeEntry(entry, { feed, language: job.language, timezone: job.timezone, titleCase: job.titleCase });
      items.push({ item, raw: rawOf(entry.raw) });
    } catch (err) {
      skipped.push(coerceError(err, 'PARSE_INVALID', 'normalize').message);
    }
  }
  return { meta: normalizeFeedMeta(feed), items, skipped };
}

function rawOf(raw: unknown): string | null {
  if (raw === undefined || raw === null) return null;
  const text = typeof raw === 'string' ? raw : JSON.stringify(raw);
  return text.length > MAX_RAW_CHARS ? text.slice(0, MAX_RAW_CHARS) : text;
}
