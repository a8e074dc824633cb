/** Retry-After: delta-seconds or an HTTP date; bounded so a hostile value cannot park a host forever. */

export const MAX_HOST_PAUSE_MS = 24 * 3600_000;
const MIN_HOST_PAUSE_MS = 1000;

/** When the server allows the next request, or null when the header is absent or unreadable. */
export function retryAfterUntil(value: string | null, now: Date): Date | null {
  if (value === null) return null;
  const trimmed = value.trim();
  let ms: number;
  if (/^\d+$/.test(trimmed)) ms = Number(trimmed) * 1000;
  else {
    const at = Date.parse(trimmed);
    if (Number.isNaN(at)) return null;
    ms = at - now.getTime();
  }
  return new Date(now.getTime() + Math.min(MAX_HOST_PAUSE_MS, Math.max(MIN_HOST_PAUSE_MS, ms)));
}
