/** When a source is due again: its interval or cron schedule after a success, backoff after errors. */
import type { Config, SourceConfig } from '../config/schema.js';
import { nextCronRun } from './cron.js';

const MAX_BACKOFF_MS = 24 * 3600_000;
const MIN_BACKOFF_MS = 60_000;
/** Hints from the server or feed may lengthen the interval up to this, never more. */
export const MAX_HINTED_S = 24 * 3600;

export interface IntervalHints {
  /** Longest freshness the server or the feed declared (seconds). */
  freshnessS?: number | null;
  freshnessReason?: string;
  /** What the source's publishing rhythm suggests (seconds). */
  adaptiveS?: number | null;
}

export interface NextFetchPlan {
  at: Date;
  /** Seconds until `at` (for display), and what decided it. */
  intervalS: number;
  reason: string;
}

export function isDue(nextFetchAt: string | null, now: Date): boolean {
  return nextFetchAt === null || Date.parse(nextFetchAt) <= now.getTime();
}

export function baseIntervalSeconds(source: SourceConfig, config: Config): number {
  return source.interval ?? config.schedule.interval;
}

export function nextAfterSuccess(source: SourceConfig, config: Config, now: Date, hints: IntervalHints = {}): Date {
  return planAfterSuccess(source, config, now, hints).at;
}

/**
 * The configured interval is the floor; hints only lengthen it (bounded). A cron `schedule` is
 * the operator's explicit choice and is followed as is.
 */
export function planAfterSuccess(source: SourceConfig, config: Config, now: Date, hints: IntervalHints = {}): NextFetchPlan {
  if (source.schedule) {
    const at = nextCronRun(source.schedule, config.schedule.timezone) ?? new Date(now.getTime() + config.schedule.interval * 1000);
    return { at, intervalS: Math.round((at.getTime() - now.getTime()) / 1000), reason: `schedule ${source.schedule}` };
  }
  const base = baseIntervalSeconds(source, config);
  let intervalS = base;
  let reason = source.interval === undefined ? 'default interval' : 'interval';
  const freshness = Math.min(hints.freshnessS ?? 0, MAX_HINTED_S);
  if (freshness > intervalS) {
    intervalS = freshness;
    reason = hints.freshnessReason ?? 'server hint';
  }
  const adaptive = hints.adaptiveS ?? 0;
  if (adaptive > intervalS) {
    intervalS = adaptive;
    reason = 'adaptive: publishes rarely';
  }
  return { at: new Date(now.getTime() + intervalS * 1000), intervalS, reason };
}

/** Exponential backoff with full jitter in its upper half, bounded to a day, reset by a success. */
export function nextAfterFailure(
  source: SourceConfig,
  config: Config,
  errorCount: number,
  now: Date,
  random: () => number = Math.random,
): Date {
  const base = Math.max(MIN_BACKOFF_MS, Math.min((source.interval ?? config.schedule.interval) * 1000, MAX_BACKOFF_MS));
  const exponent = Math.min(Math.max(errorCount - 1, 0), 16);
  const ceiling = Math.min(base * 2 ** exponent, MAX_BACKOFF_MS);
  const delay = ceiling / 2 + (random() * ceiling) / 2;
  return new Date(now.getTime() + Math.round(delay));
}
