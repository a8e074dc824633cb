import { describe, expect, it } from 'vitest';
import { acceptsGzip, gzipEtag, isNotModified, matchesIfNoneMatch, parseHttpDate } from '../../src/http/conditional.js';

describe('matchesIfNoneMatch', () => {
  it('matches a tag alone, in a list, weak, or through *', () => {
    expect(matchesIfNoneMatch('"abc"', ['"abc"'])).toBe(true);
    expect(matchesIfNoneMatch('"x", "abc" ,"y"', ['"abc"'])).toBe(true);
    expect(matchesIfNoneMatch('W/"abc"', ['"abc"'])).toBe(true);
    expect(matchesIfNoneMatch('*', ['"abc"'])).toBe(true);
  });

  it('does not match other tags, unquoted tags or substrings', () => {
    expect(matchesIfNoneMatch('"abcd"', ['"abc"'])).toBe(false);
    expect(matchesIfNoneMatch('abc', ['"abc"'])).toBe(false);
    expect(matchesIfNoneMatch('', ['"abc"'])).toBe(false);
  });
});

describe('isNotModified', () => {
  const lastModified = 'Wed, 17 Apr 2024 20:30:00 GMT';
  it('lets If-None-Match decide whenever it is present', () => {
    expect(isNotModified({ 'if-none-match': '"zzz"', 'if-modified-since': lastModified }, ['"abc"'], lastModified)).toBe(false);
    expect(isNotModified({ 'if-none-match': '"abc"', 'if-modified-since': 'Mon, 01 Jan 2001 00:00:00 GMT' }, ['"abc"'], lastModified)).toBe(true);
  });

  it('falls back to If-Modified-Since at second precision', () => {
    expect(isNotModified({ 'if-modified-since': lastModified }, [], lastModified)).toBe(true);
    expect(isNotModified({ 'if-modified-since': 'Wed, 17 Apr 2024 20:29:59 GMT' }, [], lastModified)).toBe(false);
    expect(isNotModified({}, [], lastModified)).toBe(false);
  });
});

describe('parseHttpDate', () => {
  it('reads the three HTTP-date forms and nothing else', () => {
    const ms = Date.UTC(1994, 10, 6, 8, 49, 37);
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')).toBe(ms);
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT')).toBe(ms);
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994')).toBe(ms);
    for (const junk of ['garbage 99999', '99999', '2024-04-17', 'Sun, 31 Feb 1994 08:49:37 GMT', 'Sun, 06 Nov 1994 08:49:37 PST', '']) {
      expect(parseHttpDate(junk), junk).toBeNull();
    }
  });
});

describe('acceptsGzip', () => {
  it.each([
    ['gzip', true], ['gzip, deflate, br', true], ['x-gzip', true], ['*', true], ['GZIP;Q=0.5', true],
    ['gzip;q=0', false], ['identity', false], ['*;q=0', false], ['*, gzip;q=0', false], [undefined, false], ['', false],
  ])('reads Accept-Encoding %j as %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
});

describe('gzipEtag', () => {
  it('derives a distinct strong tag for the gzip representation', () => {
    expect(gzipEtag('"abc"')).toBe('"abc-gzip"');
  });
});
