/**
 * Cache-Control max-age of feeds: half the time between two ingest passes, so a client (or CDN)
 * is at most half a period behind, bounded so a reader neither polls every second nor waits hours.
 */
import cron from 'node-cron';
import type { Config } from '../config/schema.js';

export const MIN_MAX_AGE = 30;
export const MAX_MAX_AGE = 1800;

export function maxAgeFor(schedule: Config['schedule']): number {
  const period = cronPeriodSeconds(schedule.cron, schedule.timezone) ?? schedule.interval;
  return Math.min(MAX_MAX_AGE, Math.max(MIN_MAX_AGE, Math.round(period / 2)));
}

/** The shortest gap between the next few runs of a cron expression; null when it cannot be read. */
export function cronPeriodSeconds(expression: string, timezone?: string): number | null {
  try {
    const task = cron.createTask(expression, () => undefined, timezone ? { timezone } : {});
    try {
      const runs = task.getNextRuns(6).map((d) => d.getTime());
      const gaps = runs.slice(1).map((t, i) => (t - (runs[i] ?? t)) / 1000).filter((g) => g > 0);
      return gaps.length === 0 ? null : Math.min(...gaps);
    } finally {
      void task.destroy();
    }
  } catch {
    return null;
  }
}
