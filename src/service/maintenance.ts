/**
 * Periodic store upkeep for a service left running for months: retention (items older than
 * `retention.days`, keeping canonical versions of stories still inside a curated window), then
 * `PRAGMA optimize`, and VACUUM when a quarter of the file is free pages.
 */
import type { Config } from '../config/schema.js';
import type { Logger } from '../log/logger.js';
import type { Store } from '../store/open-store.js';

const EVERY_MS = 6 * 3600_000;
const FIRST_AFTER_MS = 60_000;
const VACUUM_FREE_SHARE = 0.25;

export interface Maintenance {
  runOnce(now?: Date): { items: number; stories: number; pages: number; vacuumed: boolean };
  stop(): void;
}

/** The oldest moment a curated feed can still show: its maxAgeHours, or the dedup window. */
export function curatedWindowStart(config: Config, now: Date): Date {
  const hours = Math.max(config.dedup.windowHours, ...config.feeds.map((f) => f.maxAgeHours ?? 0));
  return new Date(now.getTime() - hours * 3600_000);
}

export function startMaintenance(store: Store, config: () => Config, log: Logger, options: { timers?: boolean } = {}): Maintenance {
  const runOnce = (now = new Date()) => {
    const cfg = config();
    const cutoff = new Date(now.getTime() - cfg.retention.days * 86_400_000);
    const windowStart = curatedWindowStart(cfg, now);
    const keep = windowStart < cutoff ? windowStart : cutoff;
    const pruned = store.retention.prune(cutoff.toISOString(), keep.toISOString());
    const pages = store.pages.prune(cutoff.toISOString());
    store.retention.optimize();
    const vacuumed = store.retention.vacuumIfFragmented(VACUUM_FREE_SHARE);
    log.info({ ...pruned, pages, vacuumed, cutoff: cutoff.toISOString(), sizeBytes: store.sizeBytes() }, 'store: retention and optimize done');
    return { ...pruned, pages, vacuumed };
  };
  const safeRun = (): void => {
    try {
      runOnce();
    } catch (err) {
      log.error({ err: (err as Error).message }, 'store: maintenance failed; it will be retried');
    }
  };
  const timers: NodeJS.Timeout[] = [];
  if (options.timers !== false) {
    timers.push(setTimeout(safeRun, FIRST_AFTER_MS).unref());
    timers.push(setInterval(safeRun, EVERY_MS).unref());
  }
  return { runOnce, stop: () => timers.forEach((t) => clearTimeout(t)) };
}
