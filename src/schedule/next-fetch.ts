/** When a source is due again: its interval or cron schedule after a success, backoff after errors. */
import type { Config, SourceConfig } from '../config/schema.js';
import { nextCronRun } from './cron.js';

const MAX_BACKOFF_MS = 24 * 3600_000;
const MIN_BACKOFF_MS = 60_000;

export function isDue(nextFetchAt: string | null, now: Date): boolean {
  return nextFetchAt === null || Date.parse(nextFetchAt) <= now.getTime();
}

export function nextAfterSuccess(source: SourceConfig, config: Config, now: Date): Date {
  if (source.schedule) {
    return nextCronRun(source.schedule, config.schedule.timezone) ?? new Date(now.getTime() + config.schedule.interval * 1000);
  }
  return new Date(now.getTime() + (source.interval ?? config.schedule.interval) * 1000);
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
