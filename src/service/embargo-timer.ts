/**
 * Embargoes end on time: a timer armed for the earliest embargo still in force bumps the store
 * generation when it passes, so every feed re-renders at that moment, not at the next poll.
 */
import type { Logger } from '../log/logger.js';

export interface EmbargoTimerOptions {
  /** The earliest embargo after `now` (ISO), or null. */
  nextEmbargo: (now: string) => string | null;
  /** What lifting an embargo does: bump the generation, ping the hub. */
  onLift: (embargo: string) => void;
  now?: () => Date;
  log: Logger;
}

export interface EmbargoTimer {
  /** Re-reads the next embargo (after every ingest pass) and arms the timer for it. */
  arm(): void;
  /** The embargo the timer is armed for, or null. */
  armedFor(): string | null;
  close(): void;
}

/** setTimeout's longest delay; a later embargo re-arms when this fires. */
const MAX_DELAY_MS = 2 ** 31 - 1;

export function createEmbargoTimer(options: EmbargoTimerOptions): EmbargoTimer {
  const now = options.now ?? (() => new Date());
  let timer: NodeJS.Timeout | null = null;
  let armed: string | null = null;
  let closed = false;
  let lastFired = '';
  const fire = (embargo: string) => {
    timer = null;
    armed = null;
    if (Date.parse(embargo) <= now().getTime()) {
      lastFired = embargo;
      options.log.info({ embargo }, 'schedule: embargo lifted; feeds re-render');
      options.onLift(embargo);
    }
    arm();
  };
  const arm = () => {
    if (closed) return;
    // Whole seconds, as stored embargoes are written: '12:00:00Z' > '12:00:00.005Z' as strings.
    const found = options.nextEmbargo(now().toISOString().replace(/\.\d+Z$/, 'Z'));
    // Never the one that just fired again (a store answering stale data must not spin the timer).
    const next = found !== null && found <= lastFired ? null : found;
    if (next === armed) return;
    if (timer) clearTimeout(timer);
    timer = null;
    armed = next;
    if (next === null) return;
    // A few ms late rather than early: the item is visible when the timer fires.
    const delay = Math.min(MAX_DELAY_MS, Math.max(0, Date.parse(next) - now().getTime() + 5));
    timer = setTimeout(() => fire(next), delay);
    timer.unref();
  };
  return {
    arm,
    armedFor: () => armed,
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
