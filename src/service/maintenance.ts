/**
 * Periodic store upkeep for a service left running for months: retention (items dated before the
 * retention cutoff, keeping canonical versions of stories still inside the dedup window, each
 * pruned item leaving a tombstone), expiry of tombstones whose entries left their feeds, then
 * `PRAGMA optimize`, and VACUUM when a quarter of the file is free pages.
 */
import type { Config } from '../config/schema.js';
import { retentionCutoff } from '../config/retention-window.js';
import type { Logger } from '../log/logger.js';
import type { Store } from '../store/open-store.js';

const EVERY_MS = 6 * 3600_000;
const FIRST_AFTER_MS = 60_000;
const VACUUM_FREE_SHARE = 0.25;
/** A tombstone outlives its entry's last appearance in the source's feed by this long. */
export const TOMBSTONE_GRACE_S = 14 * 86_400;

export interface MaintenanceResult {
  items: number;
  stories: number;
  tombstonesExpired: number;
  tombstones: number;
  pages: number;
  vacuumed: boolean;
}

export interface Maintenance {
  runOnce(now?: Date): MaintenanceResult;
  stop(): void;
}

/** Stories with a version this recent keep their canonical item: new copies are compared with it. */
function keepStoriesSince(config: Config, cutoff: Date, now: Date): Date {
  const dedupStart = new Date(now.getTime() - config.dedup.windowHours * 3600_000);
  return dedupStart < cutoff ? dedupStart : cutoff;
}

export function runMaintenance(store: Store, cfg: Config, now: Date): MaintenanceResult {
  const cutoff = retentionCutoff(cfg, now);
  const nowS = Math.floor(now.getTime() / 1000);
  const pruned = store.retention.prune(cutoff.toISOString(), keepStoriesSince(cfg, cutoff, now).toISOString(), nowS);
  const tombstonesExpired = store.tombstones.expire(nowS, TOMBSTONE_GRACE_S, cfg.sources.map((s) => s.id));
  const pages = store.pages.prune(cutoff.toISOString());
  store.retention.optimize();
  const vacuumed = store.retention.vacuumIfFragmented(VACUUM_FREE_SHARE);
  return { ...pruned, tombstonesExpired, tombstones: store.tombstones.count(), pages, vacuumed };
}

export interface MaintenanceOptions {
  timers?: boolean;
  onDone?: (result: MaintenanceResult) => void;
}

export function startMaintenance(store: Store, config: () => Config, log: Logger, options: MaintenanceOptions = {}): Maintenance {
  const runOnce = (now = new Date()): MaintenanceResult => {
    const result = runMaintenance(store, config(), now);
    const cutoff = retentionCutoff(config(), now).toISOString();
    log.info({ ...result, cutoff, sizeBytes: store.sizeBytes() }, 'store: retention and optimize done');
    options.onDone?.(result);
    return result;
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
