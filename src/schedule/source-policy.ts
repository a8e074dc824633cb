/**
 * Politeness decisions that need the store: which sources may run now (disabled by 410, host
 * paused by Retry-After, not due), when to come back after a success (interval, hints, adaptive),
 * and what a failure does besides backing off (pause the host, disable the source).
 */
import { createHash } from 'node:crypto';
import type { Config, SourceConfig } from '../config/schema.js';
import { FetchStatusError } from '../fetch/fetch-errors.js';
import type { WiredeskError } from '../model/errors.js';
import type { Store } from '../store/open-store.js';
import type { ScheduleTable } from '../store/schedule-table.js';
import { adaptiveIntervalSeconds } from './adaptive.js';
import { freshnessHint, type HintInput } from './cache-hints.js';
import { baseIntervalSeconds, isDue, nextAfterFailure, planAfterSuccess } from './next-fetch.js';
import { retryAfterUntil } from './retry-after.js';

/** Any edit to a source's config entry changes this, which re-enables a source disabled by 410. */
export function sourceFingerprint(source: SourceConfig): string {
  return createHash('sha256').update(JSON.stringify(source)).digest('base64url').slice(0, 22);
}

/** Host plus port, lower-cased; null for file: URLs and garbage (never paused). */
export function hostOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.host === '' ? null : parsed.host.toLowerCase();
  } catch {
    return null;
  }
}

/** What planning a next fetch reads and writes: the store's schedule table, or a recorder committed with the refresh. */
export interface SchedulePlanPorts {
  schedule: Pick<ScheduleTable, 'recentDates' | 'setInterval' | 'pauseHost' | 'disableSource'>;
}

export type Eligibility = 'run' | 'not-due' | 'disabled' | 'host-paused';

/** Whether a scheduled pass should refresh this source now; re-enables a 410'd source whose config changed. */
export function eligibility(source: SourceConfig, configuredUrl: string, store: Store, now: Date): Eligibility {
  const state = store.sources.get(source.id);
  const schedule = store.schedule.get(source.id);
  if (schedule?.disabledReason) {
    if (schedule.disabledConfig === sourceFingerprint(source)) return 'disabled';
    store.schedule.enableSource(source.id);
    return 'run';
  }
  const host = hostOf(state?.currentUrl ?? configuredUrl);
  if (host !== null && store.schedule.hostPause(host, now.toISOString()) !== null) return 'host-paused';
  return isDue(state?.nextFetchAt ?? null, now) ? 'run' : 'not-due';
}

/** Next fetch after a success (ISO), recording the interval chosen and why. */
export function planSuccessFetch(source: SourceConfig, config: Config, store: SchedulePlanPorts, fetched: HintInput, now: Date): string {
  const hint = freshnessHint(fetched, now);
  const adaptiveS = source.schedule ? null : adaptiveIntervalSeconds(store.schedule.recentDates(source.id, 10), baseIntervalSeconds(source, config), now);
  const plan = planAfterSuccess(source, config, now, {
    freshnessS: hint?.seconds ?? null, ...(hint ? { freshnessReason: hint.reason } : {}), adaptiveS,
  });
  store.schedule.setInterval(source.id, plan.intervalS, plan.reason);
  return plan.at.toISOString();
}

/**
 * Next attempt after a failure (ISO, or null when the source is now disabled): backoff with
 * jitter; a 429/503 with Retry-After also pauses the whole host; a 410 disables the source.
 */
export function planFailureFetch(
  source: SourceConfig, config: Config, store: SchedulePlanPorts, error: WiredeskError, errorCount: number, now: Date,
): string | null {
  const at = now.toISOString();
  if (error.status === 410) {
    store.schedule.disableSource(source.id, `410 Gone: ${error.message}; edit this source in the config (new URL or enabled) to re-enable it`, sourceFingerprint(source), at);
    return null;
  }
  let next = nextAfterFailure(source, config, errorCount, now);
  if (error instanceof FetchStatusError && (error.status === 429 || error.status === 503)) {
    const until = retryAfterUntil(error.retryAfter, now);
    const host = hostOf(error.url);
    if (until !== null && host !== null) {
      store.schedule.pauseHost(host, until.toISOString(), `${error.status} Retry-After ${error.retryAfter ?? ''}`.trim(), at);
      if (until > next) next = until;
    }
  }
  return next.toISOString();
}
