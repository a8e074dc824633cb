/**
 * The one retention rule that ingest, curated feeds and maintenance share (README "Retention"):
 * an item is kept while its date (published, else first fetch) is inside the retention window —
 * `retention.days`, or the longest `maxAgeHours` of a curated feed when that is longer — and a
 * curated feed shows nothing older. So what a feed may still show is never pruned, and an entry
 * already older than the window when it arrives is not stored at all.
 */
import type { Config } from './schema.js';

const HOUR_MS = 3600_000;

/** Items dated before this moment are outside retention. */
export function retentionCutoff(config: Pick<Config, 'retention' | 'feeds'>, now: Date): Date {
  const hours = Math.max(config.retention.days * 24, ...config.feeds.map((f) => f.maxAgeHours ?? 0));
  return new Date(now.getTime() - hours * HOUR_MS);
}

/** The oldest date a curated feed shows: its own maxAgeHours, never past the retention cutoff. */
export function feedWindowStart(config: Pick<Config, 'retention' | 'feeds'>, maxAgeHours: number | undefined, now: Date): Date {
  const cutoff = retentionCutoff(config, now);
  if (maxAgeHours === undefined) return cutoff;
  const own = new Date(now.getTime() - maxAgeHours * HOUR_MS);
  return own > cutoff ? own : cutoff;
}
