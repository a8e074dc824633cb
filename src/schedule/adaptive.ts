/**
 * Adaptive polling: a source that publishes rarely is polled less often. The interval follows
 * half the median gap between its newest items, never below the configured interval and never
 * above ADAPTIVE_MAX_FACTOR times it (nor a day), so a quiet source that wakes up is noticed.
 */

export const ADAPTIVE_MAX_FACTOR = 8;
const MAX_ADAPTIVE_S = 24 * 3600;
const SAMPLE = 10;

/** Seconds to wait, from the sort dates of the newest items (newest first); null without enough data. */
export function adaptiveIntervalSeconds(recentDates: readonly string[], baseS: number, now: Date): number | null {
  const times = recentDates.slice(0, SAMPLE).map((d) => Date.parse(d)).filter((t) => !Number.isNaN(t));
  if (times.length < 3) return null;
  const gaps: number[] = [];
  for (let i = 1; i < times.length; i += 1) gaps.push(Math.abs((times[i - 1] ?? 0) - (times[i] ?? 0)) / 1000);
  // The quiet time since the newest item counts too: a source that stopped publishing slows down.
  gaps.push(Math.max(0, (now.getTime() - (times[0] ?? now.getTime())) / 1000));
  gaps.sort((a, b) => a - b);
  const median = gaps[Math.floor(gaps.length / 2)] ?? 0;
  const ceiling = Math.max(baseS, Math.min(baseS * ADAPTIVE_MAX_FACTOR, MAX_ADAPTIVE_S));
  return Math.round(Math.min(ceiling, Math.max(baseS, median / 2)));
}
