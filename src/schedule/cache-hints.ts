/**
 * What a feed or its server says about how often to come back: `Cache-Control: max-age`,
 * `Expires`, RSS `<ttl>` (minutes) and `sy:updatePeriod` / `sy:updateFrequency`. Hints may only
 * lengthen the interval (see next-fetch.ts), so a lying server cannot make us poll faster.
 */

export interface FreshnessHint {
  seconds: number;
  reason: string;
}

export interface HintInput {
  cacheControl: string | null;
  expires: string | null;
  body: Buffer;
}

/** The feed's own declarations sit in the channel header: a bounded prefix is enough. */
const SNIFF_BYTES = 16 * 1024;
const PERIOD_SECONDS: Record<string, number> = {
  hourly: 3600, daily: 86_400, weekly: 7 * 86_400, monthly: 30 * 86_400, yearly: 365 * 86_400,
};

/** The longest of the hints found, or null. */
export function freshnessHint(input: HintInput, now: Date): FreshnessHint | null {
  const head = input.body.subarray(0, SNIFF_BYTES).toString('latin1');
  const hints = [maxAgeHint(input.cacheControl), expiresHint(input.expires, now), ttlHint(head), syndicationHint(head)];
  let best: FreshnessHint | null = null;
  for (const hint of hints) if (hint !== null && (best === null || hint.seconds > best.seconds)) best = hint;
  return best;
}

export function maxAgeHint(cacheControl: string | null): FreshnessHint | null {
  if (cacheControl === null) return null;
  if (/(^|,)\s*(no-store|no-cache)\b/i.test(cacheControl)) return null;
  const match = /(?:^|,)\s*max-age\s*=\s*"?(\d{1,10})"?/i.exec(cacheControl);
  return match?.[1] ? positive(Number(match[1]), 'Cache-Control max-age') : null;
}

export function expiresHint(expires: string | null, now: Date): FreshnessHint | null {
  if (expires === null) return null;
  const at = Date.parse(expires);
  return Number.isNaN(at) ? null : positive(Math.round((at - now.getTime()) / 1000), 'Expires');
}

export function ttlHint(head: string): FreshnessHint | null {
  const match = /<ttl>\s*(\d{1,7})\s*<\/ttl>/i.exec(head);
  return match?.[1] ? positive(Number(match[1]) * 60, 'RSS ttl') : null;
}

export function syndicationHint(head: string): FreshnessHint | null {
  const period = /<sy:updatePeriod>\s*([a-z]+)\s*<\/sy:updatePeriod>/i.exec(head)?.[1]?.toLowerCase();
  if (period === undefined) return null;
  const seconds = PERIOD_SECONDS[period];
  if (seconds === undefined) return null;
  const frequency = Number(/<sy:updateFrequency>\s*(\d{1,6})\s*<\/sy:updateFrequency>/i.exec(head)?.[1] ?? 1);
  return positive(Math.round(seconds / Math.max(1, frequency)), 'sy:updatePeriod');
}

function positive(seconds: number, reason: string): FreshnessHint | null {
  return Number.isFinite(seconds) && seconds > 0 ? { seconds, reason } : null;
}
