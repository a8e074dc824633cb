import { describe, expect, it } from 'vitest';
import { parseWithFormat } from '../../src/scrape/format-date.js';
import { readDate } from '../../src/scrape/read-fields.js';

describe('dates read with an explicit dateFormat', () => {
  it('reads the Gazette date with its bracketed offset', () => {
    expect(parseWithFormat('17 Avril 2024 20:02 (UTC+01:00)', 'd MMMM yyyy HH:mm')).toBe('2024-04-17T19:02:00Z');
  });

  it('reads month names in any case, with or without accents', () => {
    expect(parseWithFormat('3 FÉVRIER 2024 08:15', 'd MMMM yyyy HH:mm', 'Europe/Paris')).toBe('2024-02-03T07:15:00Z');
    expect(parseWithFormat('3 fevrier 2024 08:15', 'd MMMM yyyy HH:mm', 'Europe/Paris')).toBe('2024-02-03T07:15:00Z');
    expect(parseWithFormat('12 août 2024 10:00', 'd MMMM yyyy HH:mm', 'Europe/Paris')).toBe('2024-08-12T08:00:00Z');
  });

  it('uses the source time zone when the text gives no offset, summer time included', () => {
    expect(parseWithFormat('17 avril 2024 20:02', 'd MMMM yyyy HH:mm', 'Europe/Paris')).toBe('2024-04-17T18:02:00Z');
  });

  it('reads day-first numeric dates that the general parser must leave ambiguous', () => {
    expect(parseWithFormat('04/05/2024 - 09h30', "dd/MM/yyyy - HH'h'mm", 'Europe/Paris')).toBe('2024-05-04T07:30:00Z');
  });

  it('reads 12-hour clocks, weekday names and text around the date', () => {
    expect(parseWithFormat('Updated Thursday, April 18, 2024 at 2:03 p.m. GMT', "EEEE, MMMM d, yyyy 'at' h:mm a")).toBe('2024-04-18T14:03:00Z');
  });

  it('returns null for text that does not fit the pattern or is not a real date', () => {
    expect(parseWithFormat('hier soir', 'd MMMM yyyy HH:mm')).toBeNull();
    expect(parseWithFormat('31 février 2024 10:00', 'd MMMM yyyy HH:mm')).toBeNull();
    expect(parseWithFormat('17 Brumaire 2024 10:00', 'd MMMM yyyy HH:mm')).toBeNull();
  });

  it('falls back to the general parser, and to the first date of a "published, updated" line', () => {
    expect(readDate('17 Avril 2024 20:02 (UTC+01:00)', undefined, null)).toBe('2024-04-17T19:02:00Z');
    expect(readDate('Publié le 18 avril 2024 à 21h37, modifié le 19 avril 2024 à 07h05', undefined, 'Europe/Paris')).toBe('2024-04-18T19:37:00Z');
  });

  it('reads month names of the configured locale, in their genitive and short forms, and only then', () => {
    expect(parseWithFormat('17 апреля 2024 20:02', 'd MMMM yyyy HH:mm', 'Europe/Moscow')).toBeNull();
    expect(parseWithFormat('17 апреля 2024 20:02', 'd MMMM yyyy HH:mm', 'Europe/Moscow', 'ru')).toBe('2024-04-17T17:02:00Z');
    expect(parseWithFormat('3 KWIETNIA 2024', 'd MMMM yyyy', null, 'pl')).toBe('2024-04-03T00:00:00Z');
    expect(parseWithFormat('3 kwi 2024', 'd MMM yyyy', null, 'pl')).toBe('2024-04-03T00:00:00Z');
    expect(parseWithFormat('17 Avril 2024', 'd MMMM yyyy', null, 'xx-not-a-locale')).toBe('2024-04-17T00:00:00Z');
  });
});
