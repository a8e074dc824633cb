/** Which configured sources a curated feed may draw from: by id, kind and tag, include then exclude. */
import type { FeedConfig, SourceConfig } from '../config/schema.js';

export function eligibleSourceIds(feed: FeedConfig, sources: SourceConfig[]): string[] {
  const { include, exclude } = feed;
  return sources
    .filter((s) => include.sources.length === 0 || include.sources.includes(s.id))
    .filter((s) => include.kinds.length === 0 || include.kinds.includes(s.kind))
    .filter((s) => include.tags.length === 0 || s.tags.some((t) => include.tags.includes(t)))
    .filter((s) => !exclude.sources.includes(s.id))
    .filter((s) => !exclude.kinds.includes(s.kind))
    .filter((s) => !s.tags.some((t) => exclude.tags.includes(t)))
    .map((s) => s.id);
}
