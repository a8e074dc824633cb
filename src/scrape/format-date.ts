/**
 * Dates written with an explicit pattern (`d MMMM yyyy HH:mm`, `dd/MM/yyyy`): the `dateFormat` of a
 * scrape config. Month names are matched in any case, with or without accents, in every language
 * date-words knows; an offset written after the date (`(UTC+01:00)`, `+0200`, `GMT`) wins over the
 * source's time zone.
 */
import { MONTHS, ZONES } from '../normalize/date-words.js';
import { wallTimeToUtc } from '../normalize/zoned-time.js';
import { localeMonths } from './locale-months.js';

type Field = 'year' | 'year2' | 'month' | 'monthName' | 'day' | 'hour' | 'hour12' | 'minute' | 'second' | 'meridiem' | 'skip';

const TOKENS: Array<[string, Field, string]> = [
  ['yyyy', 'year', '(\\d{4})'], ['yy', 'year2', '(\\d{2})'],
  ['MMMM', 'monthName', '([\\p{L}\\p{M}.]+)'], ['MMM', 'monthName', '([\\p{L}\\p{M}.]+)'],
  ['MM', 'month', '(\\d{1,2})'], ['M', 'month', '(\\d{1,2})'],
  ['dd', 'day', '(\\d{1,2})'], ['d', 'day', '(\\d{1,2})'],
  ['EEEE', 'skip', '([\\p{L}\\p{M}.]+)'], ['EEE', 'skip', '([\\p{L}\\p{M}.]+)'],
  ['HH', 'hour', '(\\d{1,2})'], ['H', 'hour', '(\\d{1,2})'], ['hh', 'hour12', '(\\d{1,2})'], ['h', 'hour12', '(\\d{1,2})'],
  ['mm', 'minute', '(\\d{2})'], ['m', 'minute', '(\\d{1,2})'], ['ss', 'second', '(\\d{2})'], ['s', 'second', '(\\d{1,2})'],
  ['a', 'meridiem', '([ap])\\.?\\s?m\\.?'],
];

const OFFSET_AFTER = /^[\s,(]*(?:(?:utc|gmt|ut)\s*)?([+-])(\d{1,2})(?::?(\d{2}))?/;
const compiled = new Map<string, { regex: RegExp; fields: Field[] }>();

/** `text` read with `format` → ISO-8601 UTC, or null when it does not fit the pattern. */
export function parseWithFormat(text: string, format: string, timezone: string | null = null, locale: string | null = null): string | null {
  const { regex, fields } = compile(format);
  const folded = fold(text);
  const m = regex.exec(folded);
  if (!m) return null;
  const parts = { year: 0, month: 0, day: 1, hour: 0, minute: 0, second: 0, pm: null as boolean | null };
  const months = locale ? localeMonths(locale) : null;
  for (const [i, field] of fields.entries()) {
    if (!assign(parts, field, m[i + 1] ?? '', months)) return null;
  }
  if (parts.pm !== null) parts.hour = (parts.hour % 12) + (parts.pm ? 12 : 0);
  const { year, month, day, hour, minute, second } = parts;
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  if (new Date(wall).getUTCDate() !== day) return null;
  const offset = offsetAfter(folded.slice(m.index + m[0].length));
  const instant = offset !== null ? wall - offset * 60_000 : timezone ? wallTimeToUtc(wall, timezone) : wall;
  return new Date(instant).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

interface Parts { year: number; month: number; day: number; hour: number; minute: number; second: number; pm: boolean | null }

function assign(parts: Parts, field: Field, value: string, localeNames: ReadonlyMap<string, number> | null): boolean {
  const n = Number.parseInt(value, 10);
  switch (field) {
    case 'year': parts.year = n; return true;
    case 'year2': parts.year = n < 50 ? 2000 + n : 1900 + n; return true;
    case 'month': parts.month = n; return true;
    case 'monthName': {
      const name = value.replace(/\.$/, '');
      const month = MONTHS.get(name) ?? localeNames?.get(name);
      if (month === undefined) return false;
      parts.month = month;
      return true;
    }
    case 'day': parts.day = n; return true;
    case 'hour': case 'hour12': parts.hour = n; return true;
    case 'minute': parts.minute = n; return true;
    case 'second': parts.second = n; return true;
    case 'meridiem': parts.pm = value === 'p'; return true;
    case 'skip': return true;
  }
}

function compile(format: string): { regex: RegExp; fields: Field[] } {
  const cached = compiled.get(format);
  if (cached) return cached;
  const fields: Field[] = [];
  let pattern = '';
  for (let i = 0; i < format.length; ) {
    const quoted = format[i] === "'" ? /^'([^']*)'/.exec(format.slice(i)) : null;
    if (quoted) {
      pattern += escape(fold(quoted[1] ?? ''));
      i += quoted[0].length;
      continue;
    }
    const token = TOKENS.find(([t]) => format.startsWith(t, i));
    if (token) {
      fields.push(token[1]);
      pattern += token[2];
      i += token[0].length;
    } else {
      const ch = format[i] ?? '';
      pattern += /\s/.test(ch) ? '\\s*' : /[,.]/.test(ch) ? `${escape(ch)}?\\s*` : escape(fold(ch));
      i += 1;
    }
  }
  const result = { regex: new RegExp(pattern, 'u'), fields };
  compiled.set(format, result);
  return result;
}

function offsetAfter(rest: string): number | null {
  const numeric = OFFSET_AFTER.exec(rest);
  if (numeric) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3] ?? 0);
    return numeric[1] === '-' ? -minutes : minutes;
  }
  const word = /^[\s,(]*([a-z]+)/.exec(rest)?.[1];
  return word === undefined ? null : (ZONES.get(word) ?? null);
}

/** Lowercase, accents dropped, non-breaking spaces made plain: `Avril`, `AVRIL`, `avríl` all read. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[\u00A0\u202F]/g, ' ');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
