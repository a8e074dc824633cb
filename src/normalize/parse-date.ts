/**
 * Feed dates as written → `YYYY-MM-DDTHH:MM:SSZ`. Reads ISO 8601 / W3CDTF (partial forms too),
 * RFC 822/2822 (sloppy variants included), and day-month-year dates in French, German, Spanish,
 * Portuguese, Italian and Dutch. Anything it cannot read is null: never "now", never a throw.
 */
import { FILLERS, MONTHS, WEEKDAYS, ZONES } from './date-words.js';
import { readCommonDate } from './fast-date.js';
import { wallTimeToUtc } from './zoned-time.js';

export interface ParseDateOptions {
  /** IANA zone for dates written without an offset; UTC when absent or unknown. */
  timezone?: string | null;
}

interface DateParts {
  year: number; month: number; day: number; hour: number; minute: number; second: number;
  /** Minutes east of UTC; null when the text gave none. */
  offset: number | null;
}

const ISO_EXTENDED = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:(?:T|\s+)(\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/i;
const ISO_BASIC = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(?:[.,]\d+)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const TIME_PATTERNS: RegExp[] = [
  /(?<![\d:])(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?:\s*([ap])\.?\s?m\.?(?![a-z]))?/,
  /(?<![\d:])(\d{1,2})\s?h\s?(\d{2})?(?![a-z\d])/,
  /(?<![\d:.])(\d{1,2})()()\s?([ap])\.?m\.?(?![a-z])/,
  // Italian, German, Portuguese, Scandinavian "ore 20.02", "um 20.02", "kl. 20.02": a dotted time after its word.
  /(?<=\b(?:ore|alle|um|as|las|kl|klo)\.?\s{1,3})(\d{1,2})\.(\d{2})()()(?![\d.])/,
];
const NUMERIC_OFFSET = /^(?:(?:gmt|utc|ut)\s*)?([+-])(\d{1,2})(?::?(\d{2}))?(?!\d)/;
const DOTTED_DMY = /^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})$/;
const YMD = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/;
const SLASHED = /^(\d{1,2})([/-])(\d{1,2})\2(\d{4})$/;

export function parseDate(text: string | null | undefined, options: ParseDateOptions = {}): string | null {
  return readDate(text, options, true);
}

/** The same without the fast path for common shapes: what the fast path is tested against. */
export function parseDateGeneral(text: string | null | undefined, options: ParseDateOptions = {}): string | null {
  return readDate(text, options, false);
}

function readDate(text: string | null | undefined, options: ParseDateOptions, fast: boolean): string | null {
  if (typeof text !== 'string') return null;
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.length > 200) return null;
  try {
    const parts = (fast ? readCommonDate(trimmed) : null) ?? readIso(trimmed) ?? readLoose(trimmed);
    return parts ? toUtcString(parts, options.timezone ?? null) : null;
  } catch {
    return null;
  }
}

function readIso(text: string): DateParts | null {
  const m = ISO_EXTENDED.exec(text) ?? ISO_BASIC.exec(text);
  if (!m) return null;
  return {
    year: num(m[1]), month: num(m[2], 1), day: num(m[3], 1),
    hour: num(m[4]), minute: num(m[5]), second: num(m[6]),
    offset: m[7] === undefined ? null : readOffset(m[7].toLowerCase()),
  };
}

function num(value: string | undefined, fallback = 0): number {
  return value === undefined || value === '' ? fallback : Number.parseInt(value, 10);
}

/** `Z`, `utc`, `+01`, `+0100`, `-05:30` → minutes east of UTC. */
function readOffset(zone: string): number {
  const named = ZONES.get(zone);
  if (named !== undefined) return named;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!m) return 0;
  const minutes = num(m[2]) * 60 + num(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}

/** Lowercase, no accents, typographic apostrophes and dashes made plain. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[’‘`´]/g, "'").replace(/[‐-―]/g, '-');
}

function readLoose(text: string): DateParts | null {
  let rest = fold(text).replace(/(\d)t(\d)/g, '$1 $2');
  const time = extractTime(rest);
  let offset: number | null = null;
  if (time) {
    const zone = extractZone(rest.slice(time.end));
    offset = zone?.offset ?? null;
    rest = `${rest.slice(0, time.start)} ${rest.slice(time.end + (zone?.length ?? 0))}`;
  }
  // What is left in parentheses is a comment: "+0100 (Central European Summer Time)".
  const date = readDatePart(rest.replace(/\([^()]*\)/g, ' ').replace(/[()[\];|]/g, ' '));
  if (!date) return null;
  return { ...date, hour: time?.hour ?? 0, minute: time?.minute ?? 0, second: time?.second ?? 0, offset: offset ?? date.zone };
}

interface TimeMatch { start: number; end: number; hour: number; minute: number; second: number }

function extractTime(text: string): TimeMatch | null {
  for (const pattern of TIME_PATTERNS) {
    const m = pattern.exec(text);
    if (!m) continue;
    let hour = num(m[1]);
    const meridiem = m[4] || undefined;
    if (meridiem !== undefined) {
      if (hour < 1 || hour > 12) return null;
      hour = (hour % 12) + (meridiem === 'p' ? 12 : 0);
    }
    return { start: m.index, end: m.index + m[0].length, hour, minute: num(m[2]), second: num(m[3]) };
  }
  return null;
}

/** A zone right after the time: `+0100`, `GMT+01:00`, `(UTC+01:00)`, `CEST`, `Z`. */
function extractZone(afterTime: string): { offset: number; length: number } | null {
  const lead = /^[\s(]*/.exec(afterTime)?.[0].length ?? 0;
  const text = afterTime.slice(lead);
  const numeric = NUMERIC_OFFSET.exec(text);
  if (numeric) {
    const minutes = num(numeric[2]) * 60 + num(numeric[3]);
    return { offset: numeric[1] === '-' ? -minutes : minutes, length: lead + numeric[0].length };
  }
  const word = /^[a-z]+/.exec(text)?.[0];
  const named = word === undefined ? undefined : ZONES.get(word) ?? militaryZone(word);
  return named === undefined || word === undefined ? null : { offset: named, length: lead + word.length };
}

/**
 * RFC 822 military zones, one letter right after the time. Their signs are taken as feeds (and
 * Universal Feed Parser) use them, A = -1 h … M = -12 h, N = +1 h … Y = +12 h; J is not a zone.
 */
function militaryZone(word: string): number | undefined {
  if (word.length !== 1 || word === 'j') return undefined;
  const code = word.charCodeAt(0) - 96; // a = 1
  if (code >= 1 && code <= 9) return -code * 60;
  if (code >= 11 && code <= 13) return -(code - 1) * 60;
  if (code >= 14 && code <= 25) return (code - 13) * 60;
  return undefined;
}

interface DatePart { year: number; month: number; day: number; zone: number | null }

/** The date without its time: "mercredi 17 avril 2024", "17. April 2024", "17.04.2024", "Apr 17, 24". */
function readDatePart(text: string): DatePart | null {
  const words = text.split(/[\s,]+/).filter((w) => w !== '' && !isIgnorable(w.replace(/\.$/, '')));
  const numeric = readNumericDate(words.join(' '));
  if (numeric) return numeric;
  const tokens = words.join(' ').split(/[\s./'-]+|(?<=\d)(?=[a-z])|(?<=[a-z])(?=\d)/).filter((t) => t !== '');
  const months: Array<{ month: number; word: string }> = [];
  let zone: number | null = null;
  for (const token of tokens) {
    if (/^\d+$/.test(token)) continue;
    const month = MONTHS.get(token);
    if (month !== undefined) months.push({ month, word: token });
    else if (ZONES.has(token)) zone = ZONES.get(token) ?? 0;
    else if (!isIgnorable(token)) return null; // an unknown word: not a date we understand
  }
  const month = pickMonth(months);
  return month === null ? null : assignDayAndYear(tokens, month, zone);
}

function isIgnorable(word: string): boolean {
  return (WEEKDAYS.has(word) && !MONTHS.has(word)) || FILLERS.has(word);
}

/** "mar, 16 abr 2024": `mar` is Tuesday there, not March. */
function pickMonth(months: Array<{ month: number; word: string }>): number | null {
  if (months.length === 1) return months[0]?.month ?? null;
  const strict = months.filter((m) => !WEEKDAYS.has(m.word));
  return strict.length === 1 ? (strict[0]?.month ?? null) : null;
}

function assignDayAndYear(tokens: string[], month: number, zone: number | null): DatePart | null {
  const numbers = tokens.filter((t) => /^\d+$/.test(t));
  if (numbers.some((t) => t.length === 3 || t.length > 4)) return null;
  const fourDigit = numbers.filter((t) => t.length === 4);
  const others = numbers.filter((t) => t.length !== 4);
  if (fourDigit.length === 1 && others.length <= 1) {
    // "avril 2024" → the 1st of the month.
    return { year: Number(fourDigit[0]), month, day: others.length === 1 ? Number(others[0]) : 1, zone };
  }
  if (fourDigit.length === 0 && others.length === 2) {
    // RFC 822 "17 Apr 24": the day comes first.
    return { year: twoDigitYear(Number(others[1])), month, day: Number(others[0]), zone };
  }
  return null;
}

/** RFC 2822 §4.3: 00–49 → 2000s, 50–99 → 1900s. */
function twoDigitYear(short: number): number {
  return short < 50 ? 2000 + short : 1900 + short;
}

function readNumericDate(text: string): DatePart | null {
  let m = DOTTED_DMY.exec(text);
  if (m) {
    const year = (m[3] ?? '').length === 2 ? twoDigitYear(num(m[3])) : num(m[3]);
    return { year, month: num(m[2]), day: num(m[1]), zone: null };
  }
  m = YMD.exec(text);
  if (m) return { year: num(m[1]), month: num(m[3]), day: num(m[4]), zone: null };
  m = SLASHED.exec(text);
  if (!m) return null;
  // 04/05/2024 is April 5th in the US and May 4th elsewhere: only unambiguous ones are read.
  const [first, second, year] = [num(m[1]), num(m[3]), num(m[4])];
  if (first > 12 && second <= 12) return { year, month: second, day: first, zone: null };
  if (second > 12 && first <= 12) return { year, month: first, day: second, zone: null };
  return null;
}

function toUtcString(parts: DateParts, timezone: string | null): string | null {
  const { year, month, day, hour, minute } = parts;
  const second = Math.min(parts.second, 59); // leap second 60 → 59
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59) return null;
  if (day > daysInMonth(year, month)) return null;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  let instant: number;
  if (parts.offset !== null) instant = wall - parts.offset * 60_000;
  else instant = timezone ? wallTimeToUtc(wall, timezone) : wall;
  const iso = new Date(instant).toISOString();
  // A four-digit year's ISO string always ends in `.sssZ`.
  return isFourDigitYear(iso) ? `${iso.slice(0, 19)}Z` : null;
}

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

function isFourDigitYear(iso: string): boolean {
  for (let i = 0; i < 4; i++) {
    const c = iso.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return iso.charCodeAt(4) === 45;
}
