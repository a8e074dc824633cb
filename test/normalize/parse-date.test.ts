import { describe, expect, it } from 'vitest';
import { parseDate } from '../../src/normalize/parse-date.js';

/** [input, expected] with no source timezone (dates without an offset are UTC). */
const UTC_CASES: Array<[string, string | null]> = [
  // RFC 822 / 2822 as RSS writes it
  ['Wed, 17 Apr 2024 20:02:03 GMT', '2024-04-17T20:02:03Z'],
  ['Wed, 17 Apr 2024 20:02:03 +0100', '2024-04-17T19:02:03Z'],
  ['Wed, 17 Apr 2024 20:02:03 -0430', '2024-04-18T00:32:03Z'],
  ['17 Apr 2024 20:02:03 +0000', '2024-04-17T20:02:03Z'],
  ['Wed, 17 Apr 2024 20:02 GMT', '2024-04-17T20:02:00Z'],
  ['Wed, 17 Apr 24 20:02:03 GMT', '2024-04-17T20:02:03Z'],
  ['Sun, 03 Jan 99 08:00:00 GMT', '1999-01-03T08:00:00Z'],
  ['Wed, 17 Apr 2024 20:02:03 UT', '2024-04-17T20:02:03Z'],
  ['Wed, 17 Apr 2024 20:02:03 A', '2024-04-17T21:02:03Z'],
  ['Wed, 17 Apr 2024 20:02:03 N', '2024-04-17T19:02:03Z'],
  ['Wed, 17 Apr 2024 20:02:03 Y', '2024-04-17T08:02:03Z'],
  ['17 aprile 2024 ore 20.02', '2024-04-17T20:02:00Z'],
  ['Mittwoch, 17. April 2024 um 20.02 Uhr', '2024-04-17T20:02:00Z'],
  ['Wed, 17 Apr 2024 16:02:03 EDT', '2024-04-17T20:02:03Z'],
  ['Wed, 17 Jan 2024 15:02:03 EST', '2024-01-17T20:02:03Z'],
  ['Wed, 17 Apr 2024 15:02:03 CDT', '2024-04-17T20:02:03Z'],
  ['Wed, 17 Jan 2024 14:02:03 CST', '2024-01-17T20:02:03Z'],
  ['Wed, 17 Apr 2024 14:02:03 MDT', '2024-04-17T20:02:03Z'],
  ['Wed, 17 Jan 2024 13:02:03 MST', '2024-01-17T20:02:03Z'],
  ['Wed, 17 Apr 2024 13:02:03 PDT', '2024-04-17T20:02:03Z'],
  ['Wed, 17 Jan 2024 12:02:03 PST', '2024-01-17T20:02:03Z'],
  ['Wed, 17 Jan 2024 21:02:03 CET', '2024-01-17T20:02:03Z'],
  ['Wed, 17 Apr 2024 22:02:03 CEST', '2024-04-17T20:02:03Z'],
  ['Wed, 17 Apr 2024 20:02:03 +0100 (CET)', '2024-04-17T19:02:03Z'],
  ['Wednesday, 17 April 2024 20:02:03 GMT', '2024-04-17T20:02:03Z'],
  ['Wed, 17-Apr-2024 20:02:03 GMT', '2024-04-17T20:02:03Z'],
  ['Wed Apr 17 2024 20:02:03 GMT+0200 (Central European Summer Time)', '2024-04-17T18:02:03Z'],
  ['Wed Apr 17 20:02:03 2024', '2024-04-17T20:02:03Z'],
  ['April 17, 2024 8:02 PM', '2024-04-17T20:02:00Z'],
  ['Apr 17, 2024 12:15 am EST', '2024-04-17T05:15:00Z'],
  ['Wed, 17 Apr 2024 20:02:60 GMT', '2024-04-17T20:02:59Z'],
  // ISO 8601 / W3CDTF, partial forms included
  ['2024', '2024-01-01T00:00:00Z'],
  ['2024-04', '2024-04-01T00:00:00Z'],
  ['2024-04-17', '2024-04-17T00:00:00Z'],
  ['2024-04-17T20:02+01:00', '2024-04-17T19:02:00Z'],
  ['2024-04-17T20:02:03Z', '2024-04-17T20:02:03Z'],
  ['2024-04-17T20:02:03.123456Z', '2024-04-17T20:02:03Z'],
  ['2024-04-17T20:02:03-05:00', '2024-04-18T01:02:03Z'],
  ['2024-04-17T20:02:03+0530', '2024-04-17T14:32:03Z'],
  ['2024-04-17 20:02:03', '2024-04-17T20:02:03Z'],
  ['2024-04-17T20:02:03 CEST', '2024-04-17T18:02:03Z'],
  ['20240417T200203Z', '2024-04-17T20:02:03Z'],
  ['  2024-04-17T20:02:03Z\n', '2024-04-17T20:02:03Z'],
  // Localized month and day names
  ['17 Avril 2024 20:02 (UTC+01:00)', '2024-04-17T19:02:00Z'],
  ['mercredi 17 avril 2024 à 20h02', '2024-04-17T20:02:00Z'],
  ['mer., 17 avr. 2024 20:02:00 +0200', '2024-04-17T18:02:00Z'],
  ['1er mai 2024', '2024-05-01T00:00:00Z'],
  ['17 févr. 2024 08:30', '2024-02-17T08:30:00Z'],
  ['17 décembre 2023', '2023-12-17T00:00:00Z'],
  ['Mittwoch, 17. April 2024, 20:02 Uhr', '2024-04-17T20:02:00Z'],
  ['17. März 2024 08:15 MEZ', '2024-03-17T07:15:00Z'],
  ['Mi, 17.04.2024 20:02', '2024-04-17T20:02:00Z'],
  ['miércoles, 17 de abril de 2024 20:02', '2024-04-17T20:02:00Z'],
  ['mar, 16 abr 2024 09:00:00 -0300', '2024-04-16T12:00:00Z'],
  ['quarta-feira, 17 de abril de 2024 às 20:02', '2024-04-17T20:02:00Z'],
  ['qua, 17 abr 2024 20:02:00 -0300', '2024-04-17T23:02:00Z'],
  ['17 de março de 2024', '2024-03-17T00:00:00Z'],
  ['mercoledì 17 aprile 2024 20:02', '2024-04-17T20:02:00Z'],
  ['17 settembre 2024', '2024-09-17T00:00:00Z'],
  ['woensdag 17 april 2024 om 20:02', '2024-04-17T20:02:00Z'],
  ['17 mrt 2024', '2024-03-17T00:00:00Z'],
  ['17 oktober 2024 08:00', '2024-10-17T08:00:00Z'],
  // Numeric day-month-year only when unambiguous
  ['17/04/2024', '2024-04-17T00:00:00Z'],
  ['04/17/2024', '2024-04-17T00:00:00Z'],
  ['2024/04/17 20:02', '2024-04-17T20:02:00Z'],
  ['04/05/2024', null],
  // Nonsense and impossible dates
  ['', null],
  ['   ', null],
  ['not a date', null],
  ['tomorrow', null],
  ['yesterday at 5pm', null],
  ['0000-00-00 00:00:00', null],
  ['2024-13-01', null],
  ['2024-02-30', null],
  ['2023-02-29', null],
  ['32 Apr 2024', null],
  ['Wed, 17 Foo 2024 20:02:03 GMT', null],
  ['17 Apr 2024 25:00', null],
  ['Wed, 17 Apr 2024 20:61:00 GMT', null],
  ['12345', null],
  ['2024-04-17T20:02:03Z garbage', null],
  ['Published on April 17, 2024', null],
];

describe('parseDate', () => {
  it.each(UTC_CASES)('reads %j as %j', (input, expected) => {
    expect(parseDate(input)).toBe(expected);
  });

  it('reads a leap day in a leap year', () => {
    expect(parseDate('29 Feb 2024')).toBe('2024-02-29T00:00:00Z');
  });

  it('interprets a date without offset in the source timezone', () => {
    expect(parseDate('2024-04-17 20:02', { timezone: 'Europe/Paris' })).toBe('2024-04-17T18:02:00Z');
    expect(parseDate('17 janvier 2024 20:02', { timezone: 'Europe/Paris' })).toBe('2024-01-17T19:02:00Z');
    expect(parseDate('April 17, 2024 8:02 PM', { timezone: 'America/New_York' })).toBe('2024-04-18T00:02:00Z');
  });

  it('lets an explicit offset win over the source timezone', () => {
    expect(parseDate('2024-04-17T20:02:00Z', { timezone: 'Asia/Tokyo' })).toBe('2024-04-17T20:02:00Z');
    expect(parseDate('Wed, 17 Apr 2024 20:02:00 EST', { timezone: 'Europe/Paris' })).toBe('2024-04-18T01:02:00Z');
  });

  it('falls back to UTC for an unknown timezone name', () => {
    expect(parseDate('2024-04-17 20:02', { timezone: 'Mars/Olympus_Mons' })).toBe('2024-04-17T20:02:00Z');
  });

  it('resolves wall times in a daylight-saving gap and overlap to one instant', () => {
    // 02:30 does not exist in Paris on 2024-03-31: it is read as 03:30 CEST.
    expect(parseDate('2024-03-31 02:30', { timezone: 'Europe/Paris' })).toBe('2024-03-31T01:30:00Z');
    // 02:30 happens twice on 2024-10-27: the second one (CET) is taken.
    expect(parseDate('2024-10-27 02:30', { timezone: 'Europe/Paris' })).toBe('2024-10-27T01:30:00Z');
  });

  it('never throws on hostile input', () => {
    const inputs: unknown[] = [null, undefined, 42, {}, 'x'.repeat(10_000), '\u0000\uFFFF', '((((((((', '9'.repeat(300)];
    for (const input of inputs) expect(parseDate(input as string)).toBeNull();
  });

  it('always writes seconds and a Z, never milliseconds', () => {
    expect(parseDate('2024-04-17T20:02:03.999+00:00')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });
});
