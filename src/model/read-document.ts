/** What reading one document (a feed, or scraped pages) yields, before dedup and storage. */
import type { PrecomputedFeatures } from '../dedup/story-features.js';
import type { FeedMeta, NormalizedItem } from './item.js';

export interface ReadItem {
  item: NormalizedItem;
  /** The entry or page as read, kept so items can be re-normalized when the rules improve. */
  raw: string | null;
  /** Worked out beside normalizing (in a parse thread) from exactly this item's title and text. */
  features?: PrecomputedFeatures;
}

export interface ReadDocument {
  meta: FeedMeta;
  items: ReadItem[];
  /** Entries that could not be normalized, with why. */
  skipped: string[];
  /** Of those, the items the document itself failed to deliver (wire formats, normalize): stored as events. */
  rejected?: string[];
}

/** The raw entry kept per item is capped: a hostile feed cannot bloat the store. */
const MAX_RAW_CHARS = 256 * 1024;

export function keepRaw(raw: unknown): string | null {
  if (raw === undefined || raw === null) return null;
  const text = typeof raw === 'string' ? raw : JSON.stringify(raw);
  return text.length > MAX_RAW_CHARS ? text.slice(0, MAX_RAW_CHARS) : text;
}
