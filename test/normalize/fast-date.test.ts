/**
 * The fast path for common date shapes must read every input exactly as the general path does:
 * compared over generated RFC 822 / ISO 8601 dates and near misses (always), and over every date
 * element of the public corpora when FEEDPARSER_CORPUS / REAL_FEEDS are set.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ZONES } from '../../src/normalize/date-words.js';
import { readCommonDate } from '../../src/normalize/fast-date.js';
import { parseDate, parseDateGeneral } from '../../src/normalize/parse-date.js';
import { mulberry32 } from '../../bench/generate-feed.js';

const TIMEZONES = [null, 'Europe/Paris', 'America/New_York', 'Not/AZone'];

function disagreements(inputs: string[]): Array<{ input: string; timezone: string | null; fast: string | null; general: string | null }> {
  const out = [];
  for (const input of inputs) {
    for (const timezone of TIMEZONES) {
      const fast = parseDate(input, { timezone });
      const general = parseDateGeneral(input, { timezone });
      if (fast !== general) out.push({ input, timezone, fast, general });
    }
  }
  return out;
}

const WEEKDAYS = ['', 'Mon, ', 'tue, ', 'WED, ', 'Thu, ', 'Fri, ', 'Sat, ', 'Sun, ', 'Mar, ', 'Mon,', 'Monday, ', 'Mon '];
const MONTHS = ['Jan', 'feb', 'MAR', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec', 'Sept', 'June', 'Avr', 'Mai'];
const DAYS = ['0', '1', '01', '7', '28', '29', '30', '31', '32', '99', '001'];
const YEARS = ['0999', '1000', '1900', '2000', '2023', '2024', '2100', '9999', '24', '99', '10000'];
const TIMES = ['00:00:00', '23:59:59', '20:02', '24:00:00', '12:60:00', '20:02:60', '20:02:99', '9:05:00', '20:02:03.5', '08:00:00 am', '08:00 pm', '20h02'];
const ZONE_WORDS = ['', 'GMT', 'gmt', 'UT', 'UTC', 'Z', 'z', 'EST', 'edt', 'CEST', 'A', 'J', 'N', 'Y', 'am', 'pm', 'XYZ', 'GMT+0100', '+0000', '-0000', '+0100', '-0430', '+2359', '+9999', '+01:00', '+01', '(CET)', '+0100 (CET)', ...ZONES.keys()];

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

function generatedRfc822(count: number): string[] {
  const random = mulberry32(822);
  return Array.from({ length: count }, () => {
    const zone = pick(random, ZONE_WORDS);
    return `${pick(random, WEEKDAYS)}${pick(random, DAYS)} ${pick(random, MONTHS)} ${pick(random, YEARS)} ${pick(random, TIMES)}${zone ? ` ${zone}` : ''}`;
  });
}

function generatedIso(count: number): string[] {
  const random = mulberry32(8601);
  const years = ['0999', '1000', '1970', '2024', '2400', '2100', '9999'];
  const months = ['00', '01', '02', '04', '12', '13'];
  const days = ['00', '01', '28', '29', '30', '31', '32'];
  const times = ['T00:00:00', 'T23:59:59', 'T24:00:00', 'T20:02:60', 't20:02:03', ' 20:02:03', 'T20:02', 'T20:02:03.123', 'T20:02:03.123456789', 'T20:02:03,5', ''];
  const zones = ['Z', 'z', '+01:00', '-05:30', '+0100', '+01', '+99:99', '-23:59', ' Z', 'UTC', ''];
  return Array.from({ length: count }, () => `${pick(random, years)}-${pick(random, months)}-${pick(random, days)}${pick(random, times)}${pick(random, zones)}`);
}

const DATE_ELEMENT = /<((?:[a-z]+:)?(?:pubdate|date|updated|published|issued|modified|created|lastbuilddate|dateline|firstcreated|versioncreated))\b[^>]*>([^<]{1,200})<\/\1>/gi;

function corpusDates(root: string): string[] {
  const dates = new Set<string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (statSync(path).size < 8 * 1024 * 1024) for (const m of readFileSync(path, 'latin1').matchAll(DATE_ELEMENT)) dates.add(m[2] ?? '');
    }
  };
  walk(root);
  return [...dates];
}

describe('the fast path for common date shapes', () => {
  it('reads well-formed RSS and Atom dates itself', () => {
    expect(readCommonDate('Wed, 17 Apr 2024 20:02:03 GMT')).not.toBeNull();
    expect(readCommonDate('17 apr 2024 20:02 +0100')).not.toBeNull();
    expect(readCommonDate('2024-04-17T20:02:03.5+01:00')).not.toBeNull();
    expect(parseDate('Wed, 17 Apr 2024 20:02:03 -0430')).toBe('2024-04-18T00:32:03Z');
    expect(parseDate('2024-02-29T23:30:00-01:00')).toBe('2024-03-01T00:30:00Z');
  });

  it('leaves shapes it does not know to the general path', () => {
    for (const text of ['Wed, 17 Apr 2024 20:02:03 A', 'Mittwoch, 17. April 2024', '17 Apr 24 20:02:03 GMT', '2024-04-17 20:02:03', '2024-04-17T20:02:03+0100']) {
      expect(readCommonDate(text)).toBeNull();
    }
  });

  it('agrees with the general path on generated RFC 822 dates and near misses', () => {
    const inputs = generatedRfc822(6000);
    expect(inputs.filter((input) => readCommonDate(input) !== null).length).toBeGreaterThan(1000);
    expect(disagreements(inputs)).toEqual([]);
  });

  it('agrees with the general path on generated ISO 8601 dates and near misses', () => {
    const inputs = generatedIso(4000);
    expect(inputs.filter((input) => readCommonDate(input) !== null).length).toBeGreaterThan(500);
    expect(disagreements(inputs)).toEqual([]);
  });

  const corpora = [process.env.FEEDPARSER_CORPUS, process.env.REAL_FEEDS].filter((p): p is string => !!p);
  it.skipIf(corpora.length === 0)('agrees with the general path on every date of the public corpora', () => {
    const inputs = corpora.flatMap(corpusDates);
    expect(inputs.length).toBeGreaterThan(100);
    expect(disagreements(inputs)).toEqual([]);
  });
});
