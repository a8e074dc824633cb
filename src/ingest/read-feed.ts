/** Feed text → feed metadata and normalized items: the CPU-heavy, pure part of a refresh. */
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
}


export async function readFeed(job: FeedJob): Promise<ReadDocument> {
  const feed = await parseDocument(job.text, { url: job.url, type: job.type });
  const items: ReadDocument['items'] = [];
  const skipped: string[] = [...(feed.problems ?? [])];
  for (const entry of feed.entries) {
    try {
      const item = normalizeEntry(entry, { feed, language: job.language, timezone: job.timezone, titleCase: job.titleCase });
      items.push({ item, raw: keepRaw(entry.raw) });
    } catch (err) {
      skipped.push(coerceError(err, 'PARSE_INVALID', 'normalize').message);
    }
  }
  return { meta: normalizeFeedMeta(feed), items, skipped, rejected: skipped };
}
