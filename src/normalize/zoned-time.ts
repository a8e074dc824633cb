/** Wall-clock time in an IANA zone → UTC instant, with the platform's tz database (Intl). */

const FORMATTERS = new Map<string, Intl.DateTimeFormat | null>();

function formatterFor(timezone: string): Intl.DateTimeFormat | null {
  if (!FORMATTERS.has(timezone)) {
    let formatter: Intl.DateTimeFormat | null = null;
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
        hour: 'numeric', minute: 'numeric', second: 'numeric',
      });
    } catch {
      formatter = null; // unknown zone name: callers fall back to UTC
    }
    FORMATTERS.set(timezone, formatter);
  }
  return FORMATTERS.get(timezone) ?? null;
}

/** The zone's offset from UTC at that instant, in milliseconds. */
function offsetAt(formatter: Intl.DateTimeFormat, instant: number): number {
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return wall - Math.floor(instant / 1000) * 1000;
}

export function isKnownTimezone(timezone: string): boolean {
  return formatterFor(timezone) !== null;
}

/**
 * `wallMs` is the wall-clock time encoded as if it were UTC. Returns the UTC instant, or `wallMs`
 * itself when the zone is unknown. A time skipped by a spring-forward change (02:30) is read as
 * the time after it (03:30); a time repeated in autumn is read as its second occurrence.
 */
export function wallTimeToUtc(wallMs: number, timezone: string): number {
  const formatter = formatterFor(timezone);
  if (!formatter) return wallMs;
  const firstGuess = offsetAt(formatter, wallMs);
  const instant = wallMs - firstGuess;
  const secondGuess = offsetAt(formatter, instant);
  return secondGuess === firstGuess ? instant : wallMs - secondGuess;
}
